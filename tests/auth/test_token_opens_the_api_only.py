"""A personal token opens the API (/api/v1/...) and a GET of the downloads (a script's data), nothing else: a page
or a form asked with a token alone is not logged in."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.events.models import Event

HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


# An import template too: the import page's blank header row, for a person's upload (docs/api.md), not a script's data.
@pytest.mark.parametrize("path", ["/", "/account", "/admin/users", "/events/1/timeline", "/events/1/reports",
                                  "/imports/templates/outage.csv"])
def test_a_page_asked_with_a_token_alone_is_not_logged_in(token_script, path):
    client, headers = token_script
    page = client.get(path, headers={**headers, **HTML})
    assert page.status_code == 302 and page.headers["Location"].startswith("/login"), (path, page.status_code)
    assert "Set-Cookie" not in page.headers
    bare = client.get(path, headers=headers)  # a script, not a browser: told, not sent to a page
    assert bare.status_code == 401 and "Set-Cookie" not in bare.headers


@pytest.mark.parametrize("path", ["/offline/me", "/offline/areas", "/outbox"])
def test_the_phones_own_json_is_not_opened_by_a_token(token_script, path):
    client, headers = token_script
    answer = client.get(path, headers=headers)
    assert answer.status_code == 401, (path, answer.status_code, answer.get_data(as_text=True)[:200])
    assert "Set-Cookie" not in answer.headers
    assert not answer.is_json  # never /offline/me's JSON, with a CSRF token for a session


def test_the_api_reference_page_is_a_page_not_the_api(token_script):
    client, headers = token_script
    page = client.get("/api/docs", headers={**headers, **HTML})
    assert page.status_code == 401 and "Set-Cookie" not in page.headers  # as for anyone not logged in


def test_the_login_page_with_a_token_sets_no_cookie(token_script):
    client, headers = token_script
    page = client.get("/login", headers={**headers, **HTML})
    assert page.status_code == 200 and "Set-Cookie" not in page.headers


def test_a_form_posted_with_a_token_alone_saves_nothing(token_script, seeded, database):
    client, headers = token_script
    refused = client.post("/events/new", data={"code": "x", "name": "x"}, headers=headers)
    assert refused.status_code in (400, 401) and "Set-Cookie" not in refused.headers


def test_the_api_still_opens_with_the_token(token_script):
    client, headers = token_script
    assert client.get("/api/v1/events", headers=headers).status_code == 200
    assert client.get("/api/v1/openapi.json", headers=headers).status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/events/export.csv", "/areas/export.json", "/events/{id}/reports/export.xlsx", "/events/{id}/timeline.json",
     "/events/{id}/curve.csv", "/events/{id}/briefs/export.json"],
)
def test_a_download_opens_to_a_token_as_the_api_does(token_script, seeded, session, path):
    """A GIS script pulling the report list or the timeline each night: the data, not a page, and no cookie."""
    client, headers = token_script
    event = session.scalar(sa.select(Event).order_by(Event.id))
    got = client.get(path.format(id=event.id), headers=headers)
    assert got.status_code == 200, (path, got.status_code)
    assert "Set-Cookie" not in got.headers and "text/html" not in got.content_type
    assert client.get(path.format(id=event.id)).status_code in (302, 401)  # and nothing without the token
    # A download's address opens to a GET only: a write there with a token is a form without a login.
    assert client.post(path.format(id=event.id), headers=headers).status_code in (400, 401, 405)
