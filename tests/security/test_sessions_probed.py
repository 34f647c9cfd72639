"""Sessions where the earlier probes did not look (5 December, morning): another instance's cookie, a remember-me
cookie, and an administrator's change of role or scope reaching the user's other live session and token at once.

All through the real paths: the login form, the administrator's account form (CSRF on), a second browser, a token.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_login.utils import encode_cookie

from incidents import create_app, demo
from incidents.auth import tokens
from incidents.auth.models import User
from tests.conftest import Auth
from tests.security import sweep
from tests.security.test_scope_sweep import TokenClient, as_form, bodies

BDJ, YXDJ = "文峰区/北大街街道", "文峰区/银杏大街街道"
INSIDE = f"{BDJ}/彰德路64号院"
OUTSIDE = f"{YXDJ}/安彩嘉园社区/安彩嘉园二期"


def _logged_in(app: Any, username: str) -> Any:
    client = app.test_client()
    assert Auth(client).login(username).status_code == 302
    return client


def test_a_cookie_of_an_instance_with_another_secret_key_is_anonymous(app, db_url, tmp_path, make_user, seeded):
    make_user("alice", "coordinator")
    client = _logged_in(app, "alice")
    cookie = client.get_cookie("session").value
    other = create_app({"DATABASE_URL": db_url, "INSTANCE_PATH": str(tmp_path / "other"), "SECRET_KEY": "another key"})
    stranger = other.test_client()
    stranger.set_cookie("session", cookie)
    page = stranger.get("/")
    assert page.status_code == 302 and page.headers["Location"].startswith("/login"), page.status_code
    assert stranger.get("/api/v1/events").status_code == 401
    # And its CSRF token is no token here: the form is refused before the login is even asked.
    token = sweep.csrf_token(client)
    assert stranger.post("/logout", data={"csrf_token": token}).status_code == 400
    assert client.get("/").status_code == 200  # the first instance's session goes on


def test_a_remember_me_cookie_logs_no_one_in(app, make_user, database, seeded):
    """Flask-Login reads a remember cookie when the session has no user; the product issues none and takes none."""
    make_user("alice", "coordinator")
    client = _logged_in(app, "alice")
    assert not [c for c in client._cookies.values() if c.key != "session"], "a login set another cookie"
    with database.read_session() as s:
        user = s.scalar(sa.select(User).where(User.username == "alice"))
        identity = user.get_id()
    forger = app.test_client()
    with app.test_request_context():
        # Signed with the instance's own key, as Flask-Login would write it: only the key's holder could.
        forger.set_cookie("remember_token", encode_cookie(identity))
    response = forger.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert forger.get("/api/v1/events").status_code == 401



def test_a_browser_string_with_control_characters_logs_in_and_is_kept_without_them(app, make_user, database):
    """A User-Agent holding NUL (the development server passes it) was a 500 at login on PostgreSQL (6 Dec, late)."""
    from incidents.auth.models import SignIn

    make_user("alice", "coordinator")
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = "Mozilla/5.0\x00\x1b[31m (Android 12)"
    assert Auth(client).login("alice").status_code == 302
    with database.read_session() as s:
        assert s.scalars(sa.select(SignIn.device)).all() == ["Mozilla/5.0  [31m (Android 12)"]
    assert client.get("/account").status_code == 200

def _admin_sets(app: Any, admin: Any, user_id: int, **changes: str) -> None:
    """Change an account through the administrator's form, as a person does."""
    url = f"/admin/users/{user_id}"
    fields = sweep.form_fields(admin.get(url).get_data(as_text=True))
    response = admin.post(url, data={**fields, **changes})
    assert response.status_code in (302, 303), response.get_data(as_text=True)[-2000:]


def _outage_form(client: Any, event_id: int, area: int) -> tuple[str, dict[str, str]]:
    url = f"/events/{event_id}/reports/new/outage"
    return url, as_form(
        bodies(area, 0, None, None)["outage"], sweep.form_fields(client.get(url).get_data(as_text=True))
    )


def test_a_scope_changed_by_an_administrator_binds_the_other_session_and_the_token_at_once(
    app, database, ids, login_as
):
    admin = login_as("admin")
    login_as("reporter", scope=BDJ, username="field")
    phone, laptop = _logged_in(app, "field"), _logged_in(app, "field")  # two live sessions, and a token below
    with database.read_session() as s:
        user_id = s.scalar(sa.select(User.id).where(User.username == "field"))
        inside, outside = demo._area_by_path(s, INSIDE).id, demo._area_by_path(s, OUTSIDE).id
        yxdj = demo._area_by_path(s, YXDJ).id
    with database.transaction() as s:
        token = tokens.create_token(s, s.get(User, user_id), "script")[1]
    script = TokenClient(app, token)
    url, form = _outage_form(laptop, ids.event_id, inside)  # the laptop's form, filled before the change
    api = f"/api/v1/events/{ids.event_id}/reports"
    _admin_sets(app, admin, user_id, scope_area_id=str(yxdj))
    before = sweep.fingerprint(database.engine)
    assert laptop.post(url, data=form).status_code == 403  # the old scope, by the form already on screen
    assert script.open(api, "POST", json=bodies(inside, 0, None, None)["outage"]).status_code == 403
    assert sweep.fingerprint(database.engine) == before
    # The new scope, at once, by both.
    _, form = _outage_form(laptop, ids.event_id, outside)
    assert laptop.post(url, data=form).status_code == 302
    assert script.open(api, "POST", json=bodies(outside, 0, None, None)["outage"]).status_code == 201
    assert phone.get("/account").status_code == 200  # a change of scope is no logout


def test_a_reporter_made_a_viewer_writes_nothing_more_by_any_session_or_token(app, database, ids, login_as):
    admin = login_as("admin")
    login_as("reporter", scope=BDJ, username="field")
    laptop = _logged_in(app, "field")
    with database.transaction() as s:
        user = s.scalar(sa.select(User).where(User.username == "field"))
        user_id, token = user.id, tokens.create_token(s, user, "script")[1]
        inside = demo._area_by_path(s, INSIDE).id
    script = TokenClient(app, token)
    url, form = _outage_form(laptop, ids.event_id, inside)
    _admin_sets(app, admin, user_id, role="viewer")
    before = sweep.fingerprint(database.engine)
    assert laptop.post(url, data=form).status_code == 403
    assert (
        script.open(
            f"/api/v1/events/{ids.event_id}/reports", "POST", json=bodies(inside, 0, None, None)["outage"]
        ).status_code
        == 403
    )
    assert sweep.fingerprint(database.engine) == before
    assert laptop.get("/").status_code == 200 and script.open(f"/api/v1/events/{ids.event_id}").status_code == 200
