"""Token authentication: the token alone says who asks; dead tokens are refused at once; no CSRF, no cookie."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from incidents.audit.models import AuditEntry
from incidents.auth import tokens
from incidents.auth.models import User
from tests.api.conftest import TokenClient
from tests.conftest import csrf_from

ACTIVITY = {"kind": "activity", "title": "API check", "observed_at": "2021-07-22 14:30"}


def _area(session, name: str = "彰德路64号院") -> int:  # noqa: ANN001
    from incidents.areas.models import Area

    return session.scalar(sa.select(Area.id).where(Area.name == name))


def _event(session) -> int:  # noqa: ANN001
    from incidents.events.models import Event

    return session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))


def test_token_authenticates_without_cookie_and_sets_none(seeded, reporter_api: TokenClient):
    response = reporter_api.get("/api/v1/areas?q=zdl")
    assert response.status_code == 200 and response.json["areas"]
    assert "Set-Cookie" not in response.headers


def test_token_write_needs_no_csrf(seeded, session, reporter_api: TokenClient):
    body = {**ACTIVITY, "area_id": _area(session)}
    response = reporter_api.post(f"/api/v1/events/{_event(session)}/reports", json=body)
    assert response.status_code == 201, response.json
    assert "Set-Cookie" not in response.headers


def test_cookie_session_write_without_csrf_is_refused(seeded, session, client, auth, make_user):
    make_user("web-reporter", "reporter")
    auth.login("web-reporter")
    body = {**ACTIVITY, "area_id": _area(session)}
    url = f"/api/v1/events/{_event(session)}/reports"
    response = client.post(url, json=body)
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json" and "csrf_token" in response.json["errors"]
    token = csrf_from(client.get("/account").get_data(as_text=True))
    assert client.post(url, json=body, headers={"X-CSRFToken": token}).status_code == 201


def test_revoked_token_is_refused_at_once(seeded, database, reporter_api: TokenClient):
    assert reporter_api.get("/api/v1/areas").status_code == 200
    with database.transaction() as s:
        row = s.scalar(sa.select(tokens.ApiToken).where(tokens.ApiToken.user_id == reporter_api.user_id))
        assert tokens.revoke_token(s, row, actor_id=reporter_api.user_id)
    response = reporter_api.get("/api/v1/areas")
    assert response.status_code == 401 and response.mimetype == "application/problem+json"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_expired_token_is_refused(app, make_user, new_token, database):
    user_id = make_user("soon", "viewer")
    token_id, plaintext = new_token(user_id, expires_at=datetime.now(UTC) + timedelta(hours=1))
    api = TokenClient(app, plaintext, user_id)
    assert api.get("/api/v1/areas").status_code == 200
    with database.transaction() as s:
        s.get(tokens.ApiToken, token_id).expires_at = datetime.now(UTC) - timedelta(seconds=1)
    assert api.get("/api/v1/areas").status_code == 401


def test_inactive_users_token_is_refused(database, viewer_api: TokenClient):
    with database.transaction() as s:
        s.get(User, viewer_api.user_id).active = False
    assert viewer_api.get("/api/v1/areas").status_code == 401


def test_unknown_token_is_refused_even_with_a_valid_cookie(client, auth, make_user):
    make_user("both", "coordinator")
    auth.login("both")
    assert client.get("/api/v1/areas").status_code == 200
    response = client.get("/api/v1/areas", headers={"Authorization": "Bearer il_not-a-token"})
    assert response.status_code == 401


def test_the_token_not_the_cookie_says_who_asks(seeded, session, app, client, auth, make_user, new_token):
    """A viewer's browser cookie plus a reporter's token: the reporter writes, CSRF or not."""
    make_user("cookie-viewer", "viewer")
    auth.login("cookie-viewer")
    reporter = make_user("token-reporter", "reporter")
    _id, plaintext = new_token(reporter)
    body = {**ACTIVITY, "area_id": _area(session)}
    response = client.post(f"/api/v1/events/{_event(session)}/reports", json=body,
                           headers={"Authorization": f"Bearer {plaintext}"})
    assert response.status_code == 201
    viewer_token_id, viewer_plain = new_token(make_user("other-viewer", "viewer"))
    response = client.post(f"/api/v1/events/{_event(session)}/reports", json=body,
                           headers={"Authorization": f"Bearer {viewer_plain}"})
    assert response.status_code == 403


def test_stored_hashed_shown_once_used_recorded_audited(database, make_user, new_token, app):
    user_id = make_user("keeper", "viewer")
    token_id, plaintext = new_token(user_id)
    assert plaintext.startswith("il_") and len(plaintext) > 40
    TokenClient(app, plaintext, user_id).get("/api/v1/areas")
    with database.transaction() as s:
        row = s.get(tokens.ApiToken, token_id)
        assert row.token_hash == tokens.hash_token(plaintext) and plaintext not in row.token_hash
        assert plaintext.startswith(row.prefix) and row.last_used_at is not None
        tokens.revoke_token(s, row, actor_id=user_id)
    with database.read_session() as s:
        trail = s.scalars(sa.select(AuditEntry).where(AuditEntry.entity == "api_tokens")
                          .order_by(AuditEntry.id)).all()
        assert [e.action for e in trail] == ["token.create", "token.revoke"]
        assert all("token_hash" not in (e.after or {}) and "token_hash" not in (e.before or {}) for e in trail)


def test_account_page_creates_lists_and_revokes(client, auth, make_user, database):
    make_user("owner", "reporter")
    auth.login("owner")
    page = client.get("/account").get_data(as_text=True)
    response = client.post("/account/tokens", data={"name": "GIS import", "expires_on": "2099-12-31",
                                                    "csrf_token": csrf_from(page)})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    with database.read_session() as s:
        row = s.scalar(sa.select(tokens.ApiToken))
        assert row.name == "GIS import" and row.expires_at is not None
    shown = html.split('id="new-token">', 1)[1].split("<", 1)[0]
    assert tokens.hash_token(shown) == row.token_hash
    again = client.get("/account").get_data(as_text=True)
    assert shown not in again and row.prefix in again and "GIS import" in again
    response = client.post(f"/account/tokens/{row.id}/revoke", data={"csrf_token": csrf_from(again)})
    assert response.status_code == 302
    assert TokenClient(client.application, shown, 0).get("/api/v1/areas").status_code == 401


def test_account_token_name_required_and_others_tokens_untouchable(client, auth, make_user, new_token):
    make_user("first", "reporter")
    other_id, _plain = new_token(make_user("second", "reporter"))
    auth.login("first")
    token = csrf_from(client.get("/account").get_data(as_text=True))
    assert client.post("/account/tokens", data={"name": "", "csrf_token": token}).status_code == 400
    assert client.post(f"/account/tokens/{other_id}/revoke", data={"csrf_token": token}).status_code == 404


def test_cli_creates_lists_and_revokes(app, runner, make_user):
    make_user("cli-user", "coordinator")
    result = runner.invoke(args=["incidents", "tokens", "create", "cli-user", "--name", "nightly sync",
                                 "--expires", "2099-01-31"])
    assert result.exit_code == 0, result.output
    plaintext = result.output.strip().splitlines()[-1]
    api = TokenClient(app, plaintext, 0)
    assert api.get("/api/v1/areas").status_code == 200
    listed = runner.invoke(args=["incidents", "tokens", "list", "cli-user"])
    assert "nightly sync" in listed.output and plaintext[:11] in listed.output and "active" in listed.output
    token_id = listed.output.split("\t", 1)[0]
    assert runner.invoke(args=["incidents", "tokens", "revoke", token_id]).exit_code == 0
    assert api.get("/api/v1/areas").status_code == 401
    assert runner.invoke(args=["incidents", "tokens", "create", "nobody", "--name", "x"]).exit_code != 0


def test_sending_the_token_form_again_makes_no_second_token(client, auth, make_user, database):
    make_user("twice", "reporter")
    auth.login("twice")
    page = client.get("/account").get_data(as_text=True)
    once = page.split('name="once"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
    form = {"name": "phone", "csrf_token": csrf_from(page), "once": once}
    assert client.post("/account/tokens", data=form).status_code == 200
    again = client.post("/account/tokens", data=form)
    assert again.status_code == 302
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(tokens.ApiToken)) == 1
    assert "只显示一次" in client.get("/account").get_data(as_text=True)
