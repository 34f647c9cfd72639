"""A token put in a download's query string opens nothing (a token is read from the Authorization header only), but the
login redirect copied it into `next=`: `?access_token=il_…` came back in the Location header, then in the login page's
form, and in every log and history those pass through. The way back now leaves out each parameter that may hold a
credential (access_token, token, api_key by name in any case, and a value bearing the tokens' il_ mark)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

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
