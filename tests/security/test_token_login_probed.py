"""A bearer request's login put directly where Flask-Login keeps the user (api/auth._token_login) answers as its
loader chain did: a dead token is 401 on the API whatever cookie comes with it, a live one logs in as its owner
alone, with the owner's role and state of this very request, and no page is logged in by a token."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from incidents.auth import services, tokens
from incidents.auth.models import User
from incidents.db import now_utc
from tests.conftest import Auth

HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
NEW_EVENT = {"code": "probe-1", "name": "Probe", "kind": "rainstorm", "starts_at": "2021-07-20T08:00:00+08:00"}


def _secret(headers: dict[str, str]) -> str:
    return headers["Authorization"].partition(" ")[2]


def _owner(database) -> User:  # noqa: ANN001
    with database.read_session() as s:
        return s.scalar(sa.select(User).where(User.username == "gis-owner"))


@pytest.mark.parametrize("header", [
    "Bearer ", "Bearer", "Bearer    ", "Bearer garbage", "Bearer " + "x" * 5000, "Bearer \x00",
    "Bearer il_" + "a" * 300, "Bearer il_", "Bearer\til_x",
])
def test_a_dead_or_garbled_token_is_401_on_the_api_even_where_public(token_script, header):
    client, _ = token_script
    for path in ("/api/v1/events", "/api/v1/openapi.json"):
        answer = client.get(path, headers={"Authorization": header})
        assert answer.status_code == 401, (header[:20], path, answer.status_code)
        assert "Set-Cookie" not in answer.headers


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER", "bEaReR"])
def test_the_scheme_is_read_in_any_case_and_spaces_around_the_secret_are_not_the_secret(token_script, scheme):
    client, headers = token_script
    secret = _secret(headers)
    assert client.get("/api/v1/events", headers={"Authorization": f"{scheme} {secret}"}).status_code == 200
    assert client.get("/api/v1/events", headers={"Authorization": f"{scheme}   {secret}  "}).status_code == 200
    assert client.get("/api/v1/events", headers={"Authorization": f"{scheme} {secret}x"}).status_code == 401


def test_a_revoked_or_expired_token_is_401_at_the_next_request(token_script, database):
    client, headers = token_script
    assert client.get("/api/v1/events", headers=headers).status_code == 200
    with database.transaction() as s:
        token = s.scalar(sa.select(tokens.ApiToken).where(tokens.ApiToken.token_hash == tokens.hash_token(
            _secret(headers))))
        token.expires_at = now_utc() - timedelta(seconds=1)
    assert client.get("/api/v1/events", headers=headers).status_code == 401
    with database.transaction() as s:
        token = s.scalar(sa.select(tokens.ApiToken).where(tokens.ApiToken.token_hash == tokens.hash_token(
            _secret(headers))))
        token.expires_at = None
    assert client.get("/api/v1/events", headers=headers).status_code == 200
    with database.transaction() as s:
        token = s.scalar(sa.select(tokens.ApiToken).where(tokens.ApiToken.token_hash == tokens.hash_token(
            _secret(headers))))
        assert tokens.revoke_token(s, token, None)
    assert client.get("/api/v1/events", headers=headers).status_code == 401


def test_a_token_with_an_administrators_cookie_is_the_tokens_owner_alone(app, token_script, make_user, database):
    _, headers = token_script
    make_user("probe-admin", "admin")
    browser = app.test_client()
    assert Auth(browser).login("probe-admin").status_code == 302
    assert browser.get("/api/v1/events").status_code == 200
    # The owner, a coordinator, demoted to a viewer: the administrator's cookie beside the token lends nothing.
    owner = _owner(database)
    with database.transaction() as s:
        services.update_user(s, s.get(User, owner.id), {"role": "viewer"}, None)
    made = browser.post("/api/v1/events", json=NEW_EVENT, headers=headers)
    assert made.status_code == 403, made.get_data(as_text=True)[:300]
    assert "Set-Cookie" not in made.headers
    # A dead token beside a live administrator's cookie: 401, not served as the cookie's administrator.
    dead = browser.get("/api/v1/events", headers={"Authorization": "Bearer il_dead"})
    assert dead.status_code == 401 and "Set-Cookie" not in dead.headers
    # The cookie still works on its own afterwards (the token request neither read nor ended it).
    assert browser.get("/account").status_code == 200


def test_a_token_on_a_page_beside_a_live_cookie_is_not_logged_in(app, token_script, make_user):
    _, headers = token_script
    make_user("probe-admin", "admin")
    browser = app.test_client()
    assert Auth(browser).login("probe-admin").status_code == 302
    page = browser.get("/account", headers={**headers, **HTML})
    assert page.status_code == 302 and page.headers["Location"].startswith("/login")
    assert "Set-Cookie" not in page.headers
    assert browser.get("/account").status_code == 200


def test_a_role_change_and_a_deactivation_count_at_the_next_request(token_script, database):
    client, headers = token_script
    owner = _owner(database)
    made = client.post("/api/v1/events", json=NEW_EVENT, headers=headers)
    assert made.status_code == 201, made.get_data(as_text=True)[:300]
    with database.transaction() as s:
        services.update_user(s, s.get(User, owner.id), {"role": "viewer"}, None)
    again = client.post("/api/v1/events", json={**NEW_EVENT, "code": "probe-2"}, headers=headers)
    assert again.status_code == 403
    assert client.get("/api/v1/events", headers=headers).status_code == 200
    with database.transaction() as s:
        services.update_user(s, s.get(User, owner.id), {"active": False}, None)
    assert client.get("/api/v1/events", headers=headers).status_code == 401
    assert client.get("/events/export.csv", headers=headers).status_code == 401  # a download marked token_reads


def test_a_token_is_looked_up_once_a_request(token_script, monkeypatch):
    client, headers = token_script
    calls = []
    real = tokens.authenticate_token
    monkeypatch.setattr(tokens, "authenticate_token", lambda *a: calls.append(1) or real(*a))
    assert client.get("/api/v1/events", headers=headers).status_code == 200
    assert client.get("/events/export.csv", headers=headers).status_code == 200
    assert len(calls) == 2


def test_logging_out_a_browser_leaves_the_token_and_the_token_no_session(app, token_script, make_user):
    client, headers = token_script
    make_user("probe-admin", "admin")
    browser = app.test_client()
    assert Auth(browser).login("probe-admin").status_code == 302
    csrf = browser.get("/offline/me").get_json()["csrf_token"]
    assert browser.post("/logout", data={"csrf_token": csrf}).status_code == 302
    assert browser.get("/api/v1/events").status_code == 401
    assert client.get("/api/v1/events", headers=headers).status_code == 200
