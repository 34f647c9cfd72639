"""A page number the report list cannot use is the 400 naming it, as on the map; past the last, the last page."""

from __future__ import annotations

import re

import pytest

SCOPE = "文峰区/北大街街道"


@pytest.fixture
def reporter(app, ids, login_as):
    """A reporter scoped to 北大街街道, four reports a page (the seed's list is then several pages)."""
    app.config["PAGE_SIZE"] = 4
    return login_as("reporter", scope=SCOPE)


def shown(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'id="report-(\d+)"', html)]


@pytest.mark.parametrize("value", ["abc", "-1", "0", "1.5", "9223372036854775808", "１", "1e3", " "])
def test_a_page_that_is_no_page_number_is_the_400_naming_it(reporter, ids, value):
    response = reporter.get(f"/events/{ids.event_id}/reports", query_string={"page": value})
    text = response.get_data(as_text=True)
    # It was page 1, without a word: a reader asking for page -1 or 2^63 was shown the first reports as that page.
    assert response.status_code == 400, response.status_code
    assert "页码：应为从 1 开始的页码" in text
    assert not shown(text)


@pytest.mark.parametrize("download", ["export.csv", "export.json", "export.hxl.csv"])
def test_the_downloads_of_the_list_take_no_page(reporter, ids, download):
    # A download is every page: a page number there is no parameter of it (downloads.token_reads).
    response = reporter.get(f"/events/{ids.event_id}/reports/{download}?page=2")
    assert response.status_code == 400 and "不是此下载的参数" in response.get_data(as_text=True)


def test_a_page_past_the_last_shows_the_last_page_not_an_empty_list(reporter, ids):
    url = f"/events/{ids.event_id}/reports"
    first = reporter.get(url).get_data(as_text=True)
    pages = int(re.search(r"第(\d+)页，共(\d+)页", first).group(2))
    last = reporter.get(f"{url}?page={pages}").get_data(as_text=True)
    beyond = reporter.get(f"{url}?page={pages + 50}")
    # It was a list of no reports under "page 53 of 3", as though the filters had matched nothing.
    assert beyond.status_code == 200
    assert shown(beyond.get_data(as_text=True)) == shown(last) != []
