"""The timeline's order direction and its show-whole lists take the values its links write, or the 400 naming them."""

from __future__ import annotations

import pytest


@pytest.fixture
def reporter(ids, login_as):
    return login_as("reporter", scope="文峰区/北大街街道")


PAGES = ["/events/{id}/timeline", "/events/{id}/timeline/groups/district", "/events/{id}/timeline/groups/district/page"]
DOWNLOADS = [*(f"/events/{{id}}/{name}" for name in ("timeline.csv", "timeline.json", "timeline.xlsx", "curve.csv",
                                                    "curve.json", "curve.xlsx")), "/api/events/{id}/timeline"]


@pytest.mark.parametrize("value", ["sideways", "DESC", "1", "descending"])
def test_a_direction_of_neither_way_is_refused_by_name(reporter, ids, value):
    # It was read as ascending, without a word: `dir=descending` listed the shortest outages first as asked for.
    for path in PAGES:
        response = reporter.get(path.format(id=ids.event_id), query_string={"sort": "duration", "dir": value})
        assert response.status_code == 400, (path, response.status_code)
        assert "排序方向：应为 asc（升序）或 desc（降序）" in response.get_data(as_text=True), path
    for path in DOWNLOADS:
        response = reporter.get(path.format(id=ids.event_id), query_string={"dir": value})
        assert response.status_code == 400, (path, response.status_code)
        if path.startswith("/api/"):  # the problem naming it
            assert response.get_json()["errors"] == {"dir": "应为 asc（升序）或 desc（降序）"}, path
        else:  # a person following a download link: the page naming it, as every download's refusal
            assert "排序方向：应为 asc（升序）或 desc（降序）" in response.get_data(as_text=True), path


@pytest.mark.parametrize("name", ["bars", "outstanding", "thresholds"])
@pytest.mark.parametrize("value", ["yes", "1", "ALL", "none"])
def test_a_whole_list_asked_for_by_another_word_is_refused_by_name(reporter, ids, name, value):
    # It was read as not asked for: `outstanding=yes` listed the first 50 outages as though they were all.
    response = reporter.get(f"/events/{ids.event_id}/timeline", query_string={name: value})
    assert response.status_code == 400
    assert "：应为 all（全部列出）或不填" in response.get_data(as_text=True)


@pytest.mark.parametrize("query", ["dir=asc", "dir=desc", "dir=", "bars=all", "outstanding=all", "thresholds=all",
                                   "bars=", "sort=households&dir=desc&thresholds=all&outstanding=all&bars=all"])
def test_what_the_pages_links_write_is_taken(reporter, ids, query):
    # A download takes the rows' order and the moments, not the page's whole lists (downloads.token_reads).
    shown = any(name in query for name in ("bars", "outstanding", "thresholds"))
    for path in PAGES if shown else [*PAGES, *DOWNLOADS]:
        response = reporter.get(f"{path.format(id=ids.event_id)}?{query}")
        assert response.status_code == 200, (path, query, response.status_code)
