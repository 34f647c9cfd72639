"""A token made valid through 31 December says so on the account page, not "1 January 00:00", and says the day as
the app's other dates do (31 Dec 2027 in English, where it said December 31, 2027 beside Created 5 Dec 22:46)."""

from __future__ import annotations

from datetime import date

from tests.conftest import csrf_from, switch_language, unspanned


def test_a_token_valid_through_a_day_is_listed_through_that_day(client, auth, make_user):
    year = date.today().year + 1  # another year than this one: its dates show the year
    make_user("field1", "reporter")
    auth.login("field1")
    page = client.get("/account").get_data(as_text=True)
    made = client.post("/account/tokens", data={"csrf_token": csrf_from(page), "name": "pump sheet",
                                                "expires_on": f"{year}-12-31", "once": "k1"})
    assert made.status_code == 200
    listed = unspanned(client.get("/account").get_data(as_text=True))
    row = listed.split("pump sheet", 1)[1].split("</tr>", 1)[0]
    assert f"至{year}年12月31日（含当日）" in row and str(year + 1) not in row
    switch_language(client, "en")
    english = unspanned(client.get("/account").get_data(as_text=True)).split("pump sheet", 1)[1].split("</tr>", 1)[0]
    assert f"through 31 Dec {year}<" in english
