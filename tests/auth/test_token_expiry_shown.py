"""A token made valid through 31 December says so on the account page, not "1 January 00:00"."""

from __future__ import annotations

from tests.conftest import csrf_from, switch_language


def test_a_token_valid_through_a_day_is_listed_through_that_day(client, auth, make_user):
    make_user("field1", "reporter")
    auth.login("field1")
    page = client.get("/account").get_data(as_text=True)
    made = client.post("/account/tokens", data={"csrf_token": csrf_from(page), "name": "pump sheet",
                                                "expires_on": "2026-12-31", "once": "k1"})
    assert made.status_code == 200
    listed = client.get("/account").get_data(as_text=True)
    row = listed.split("pump sheet", 1)[1].split("</tr>", 1)[0]
    assert "至2026年12月31日（含当日）" in row and "2027" not in row
    switch_language(client, "en")
    english = client.get("/account").get_data(as_text=True).split("pump sheet", 1)[1].split("</tr>", 1)[0]
    assert "through December 31, 2026" in english
