"""A sweep over app.url_map: a session cookie after logout or a password change, and a token after its owner
is deactivated, open no route at all (tests/auth check one page each; a route added later is covered here)."""

from __future__ import annotations

from urllib.parse import urlsplit

import sqlalchemy as sa

from incidents.auth import held_forms, tokens
from incidents.auth.models import User
from tests.conftest import PASSWORD, Auth, csrf_from
from tests.security import sweep


def _copy(app, client):  # noqa: ANN001, ANN202
    """A second client holding the first one's session cookie, working before."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    assert thief.get("/account").status_code == 200
    return thief


def _opened(app, database, ids, client, csrf: str, bearer: bool = False) -> list[tuple]:  # noqa: ANN001
    """Every route and method the client still gets past the login on; asserts nothing changed."""
    before = sweep.fingerprint(database.engine)
    opened = []
    for rule in sweep.rules(app):
        if rule.endpoint in sweep.PUBLIC:
            continue
        url = sweep.url_for_rule(rule, ids)
        for method in sweep.methods(rule):
            data = {"csrf_token": csrf, **sweep.ATTEMPT} if method in sweep.WRITE_METHODS else None
            response = client.open(url, method=method, data=data, headers=None if bearer else {"X-CSRFToken": csrf})
            if url.startswith("/api/") or bearer and method not in sweep.WRITE_METHODS:
                refused = response.status_code == 401
            elif bearer:  # a token opens no page: its form is refused as any form sent without a login
                refused = response.status_code == 400
            else:  # a form sent after its login ended: CSRF's 400 "log in again" comes first, nothing saved
                refused = (response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/login"
                           or response.status_code == 400 and method in sweep.WRITE_METHODS)
            if not refused:
                opened.append((method, url, response.status_code))
    after = sweep.fingerprint(database.engine)
    # A form sent on a dead cookie is held for its author's next login (auth/held.py): a row only that cookie's
    # handle names, opening nothing; however many forms are sent, a few rows at most (held_forms.PER_AUTHOR).
    assert after.pop("held_forms")[0] <= held_forms.PER_AUTHOR
    before.pop("held_forms")
    assert after == before
    return opened


def test_a_cookie_after_logout_opens_no_route(app, database, ids, login_as):
    coordinator = login_as("coordinator")
    thief = _copy(app, coordinator)
    csrf = sweep.csrf_token(coordinator)
    assert coordinator.post("/logout", data={"csrf_token": csrf}).status_code == 302
    assert not _opened(app, database, ids, thief, csrf)


def test_a_cookie_after_a_password_change_elsewhere_opens_no_route(app, database, ids, login_as):
    desktop = login_as("reporter")
    phone = app.test_client()
    Auth(phone).login(desktop.username)
    csrf = sweep.csrf_token(desktop)
    page = phone.get("/account").get_data(as_text=True)
    new = "another long password 42"
    assert phone.post("/account", data={"csrf_token": csrf_from(page), "current_password": PASSWORD,
                                        "new_password": new, "confirm": new}).status_code == 302
    assert not _opened(app, database, ids, desktop, csrf)


def test_a_token_of_a_deactivated_account_opens_no_route_nor_after_reactivation(app, database, ids, login_as):
    login_as("coordinator", username="script-owner")
    admin = login_as("admin")
    with database.transaction() as s:
        user = s.scalar(sa.select(User).where(User.username == "script-owner"))
        user_id, plaintext = user.id, tokens.create_token(s, user, "nightly import")[1]
    script = app.test_client(use_cookies=False)
    script.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {plaintext}"
    assert script.get("/api/v1/events").status_code == 200
    page = admin.get(f"/admin/users/{user_id}").get_data(as_text=True)
    with database.read_session() as s:
        user = s.get(User, user_id)
        form = {"csrf_token": csrf_from(page), "display_name": user.display_name, "role": "coordinator",
                "scope_area_id": "", "password": "", "version": str(user.version)}  # "active" unticked
    assert admin.post(f"/admin/users/{user_id}", data=form).status_code == 302
    assert not _opened(app, database, ids, script, "", bearer=True)
    with database.transaction() as s:
        s.get(User, user_id).active = True
    assert not _opened(app, database, ids, script, "", bearer=True)
