"""A required text of spaces only (a full-width space too) is as good as empty: the form says so, nothing is saved."""

from __future__ import annotations

from tests.reports.conftest import count_reports, when


def test_the_activity_form_refuses_a_title_of_spaces_and_keeps_what_was_typed(
        client, auth, forms, event, make_user, area_id, database):
    make_user("li", "reporter")
    auth.login("li")
    before = count_reports(database)
    url = f"/events/{event.id}/reports/new/activity"
    response = forms.submit(url, {**when("observed_at", "2021-07-28", "10:00"), "title": "\u3000 \t",
                                  "note": "先记下", "area_id": area_id("西钟楼巷")})
    page = response.get_data(as_text=True)
    assert response.status_code == 422, response.status_code
    assert "必填" in page and "先记下" in page
    assert count_reports(database) == before
