"""The timeline's moments given under both their names, and its downloads' refusals (probed 6 December, morning).

A page and its downloads read `at`/`known`, or the API's `as_of`/`known_at` alike (timelines/moments.page_moments).
Sent both, `?at=…10:00&as_of=…11:00` was the timeline at 10:00 without a word, the other moment dropped, where a
parameter given twice is refused. And a download's refused parameter (timeline.csv, curve.csv, timeline.json,
/api/events/<id>/timeline) was a JSON body of its own shape, `{"error": "Bad Request", …}`: raw JSON in the browser
that followed a download link, and under /api/ no RFC 9457 problem, where every other download answers a page or the
problem naming the field.
"""

from __future__ import annotations

import pytest

BOTH = "at=2021-07-25T10:00&as_of=2021-07-25T11:00"
BOTH_KNOWN = "known=2021-07-25T10:00&known_at=2021-07-26T10:00"


@pytest.mark.parametrize("path", ["/events/{id}/timeline", "/events/{id}/timeline.csv", "/events/{id}/timeline.json",
                                  "/events/{id}/curve.csv", "/api/events/{id}/timeline"])
@pytest.mark.parametrize("query, field, first, label", [(BOTH, "as_of", "at", "截至时刻"),
                                                       (BOTH_KNOWN, "known_at", "known", "获知时间")])
def test_a_moment_under_both_its_names_is_refused_naming_the_second(ids, login_as, path, query, field, first, label):
    viewer = login_as("viewer")
    response = viewer.get(path.format(id=ids.event_id) + "?" + query)
    assert response.status_code == 400, (path, query, response.status_code)
    if path.startswith("/api/"):
        assert response.mimetype == "application/problem+json"
        assert list(response.get_json()["errors"]) == [field]
    else:
        # A page names the second name by its first's label (labels.field_label), the API by the key sent.
        assert f"{label}：与 {first} 是同一参数的两个名称" in response.get_data(as_text=True), (path, query)


def test_both_names_with_one_left_empty_read_the_other(ids, login_as):
    viewer = login_as("viewer")
    response = viewer.get(f"/api/events/{ids.event_id}/timeline?at=&as_of=2021-07-25T11:00%2B08:00")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.get_json()["at"] == "2021-07-25T03:00:00Z"


@pytest.mark.parametrize("path", ["/events/{id}/timeline.csv", "/events/{id}/curve.csv"])
def test_a_download_refused_is_a_page_for_a_person(ids, login_as, path):
    viewer = login_as("viewer")
    response = viewer.get(path.format(id=ids.event_id) + "?at=yesterday")
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert "截至时刻：不是有效的日期时间" in response.get_data(as_text=True)


def test_the_api_path_answers_a_problem(ids, login_as):
    viewer = login_as("viewer")
    response = viewer.get(f"/api/events/{ids.event_id}/timeline?sort=nosuch")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert list(response.get_json()["errors"]) == ["sort"]
