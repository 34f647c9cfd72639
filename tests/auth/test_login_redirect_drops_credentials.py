"""A token put in a download's query string opens nothing (a token is read from the Authorization header only), but the
login redirect copied it into `next=`: `?access_token=il_…` came back in the Location header, then in the login page's
form, and in every log and history those pass through. The way back now leaves out each parameter that may hold a
credential (access_token, token, api_key by name in any case, and a value bearing the tokens' il_ mark)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import PASSWORD, csrf_from

SECRET = "il_Zq8cVb3nR5tY7uW9xA1sD3fG5hJ7kL9zXcVbNm0"


def _next(response) -> str:  # noqa: ANN001
    assert response.status_code == 302
    location = response.headers["Location"]
    assert urlsplit(location).path == "/login"
    return parse_qs(urlsplit(location).query)["next"][0]


@pytest.mark.parametrize(("query", "kept"), [
    (f"access_token={SECRET}&lang=en", "lang=en"),
    (f"lang=en&TOKEN={SECRET}", "lang=en"),
    ("api_key=abc123&table=outages", "table=outages"),
    (f"q={SECRET}&page=2", "page=2"),
    (f"access_token={SECRET}", ""),
])
def test_the_login_redirect_carries_no_credential(client, query, kept):
    response = client.get(f"/briefs/1/export/csv?{query}")
    back = _next(response)
    assert SECRET not in response.headers["Location"] and "abc123" not in response.headers["Location"]
    assert back == "/briefs/1/export/csv" + (f"?{kept}" if kept else "")
    login = client.get(response.headers["Location"]).get_data(as_text=True)
    assert SECRET not in login and "abc123" not in login


def test_the_way_back_keeps_every_other_parameter_as_sent(client):
    assert _next(client.get("/events/1/reports?kind=outage&q=%E5%BD%B0%E5%BE%B7&page=2")) == (
        "/events/1/reports?kind=outage&q=%E5%BD%B0%E5%BE%B7&page=2")


@pytest.mark.parametrize(("typed", "back"), [
    (f"/exports/outages.csv?token={SECRET}&event=1", "/exports/outages.csv?event=1"),
    (f"/briefs/1/export/csv?table=outages&q={SECRET}", "/briefs/1/export/csv?table=outages"),
    ("/briefs/1/export/csv?API_KEY=abc123", "/briefs/1/export/csv"),
])
def test_a_hand_typed_next_loses_its_credential_at_the_login(client, make_user, typed, back):
    """`/login?next=/exports/...?token=il_...` typed or pasted: the login page and the login's redirect drop it."""
    make_user("viewer1", "viewer")
    page = client.get("/login", query_string={"next": typed})
    assert page.status_code == 302 and SECRET not in page.headers["Location"]
    assert "abc123" not in page.headers["Location"]
    assert parse_qs(urlsplit(page.headers["Location"]).query)["next"] == [back]
    form = client.get(page.headers["Location"]).get_data(as_text=True)
    assert SECRET not in form and "abc123" not in form
    # The form's POST as sent to the address typed (an old page's form, a script): the redirect drops it too.
    logged_in = client.post("/login", query_string={"next": typed},
                            data={"username": "viewer1", "password": PASSWORD, "csrf_token": csrf_from(form)})
    assert logged_in.status_code == 302 and logged_in.headers["Location"] == back


def test_a_next_without_a_credential_is_left_as_typed(client, make_user):
    make_user("viewer1", "viewer")
    page = client.get("/login", query_string={"next": "/events/1/reports?kind=outage&page=2"})
    assert page.status_code == 200
    logged_in = client.post("/login", query_string={"next": "/events/1/reports?kind=outage&page=2"},
                            data={"username": "viewer1", "password": PASSWORD,
                                  "csrf_token": csrf_from(page.get_data(as_text=True))})
    assert logged_in.headers["Location"] == "/events/1/reports?kind=outage&page=2"
