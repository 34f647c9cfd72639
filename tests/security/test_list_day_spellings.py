"""The report lists' ?day= is a date as YYYY-MM-DD, the one spelling every other day of the product takes."""

from __future__ import annotations

import pytest


@pytest.fixture
def reporter(ids, login_as):
    return login_as("reporter", scope="文峰区/北大街街道")


@pytest.mark.parametrize("day", ["2021-W30-1", "2021W301", "20210726", "2021-207"])
def test_a_day_in_another_iso_spelling_is_refused_by_name(reporter, ids, day):
    # Read by fromisoformat, 2021-W30-1 (and 20210726, 2021-207) listed 26 July's reports, where a form, an import
    # and a brief's day refuse every spelling but 2021-07-26.
    page = reporter.get(f"/events/{ids.event_id}/reports", query_string={"day": day})
    assert page.status_code == 400, page.status_code
    assert "日期：须为日期，如 2026-12-07、2026/12/7 或 2026年12月7日" in page.get_data(as_text=True)
    for download in ("export.csv", "export.hxl.csv"):
        assert reporter.get(f"/events/{ids.event_id}/reports/{download}", query_string={"day": day}).status_code == 400
    api = reporter.get(f"/api/v1/events/{ids.event_id}/reports", query_string={"day": day})
    assert api.status_code == 400 and list(api.get_json()["errors"]) == ["day"], api.get_json()


def test_the_spelling_the_filter_writes_is_taken(reporter, ids):
    assert reporter.get(f"/events/{ids.event_id}/reports?day=2021-07-26").status_code == 200
    assert reporter.get(f"/api/v1/events/{ids.event_id}/reports?day=2021-07-26").status_code == 200
