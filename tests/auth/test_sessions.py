"""Sessions end when they should: logout, a password change, an administrator's reset or a
deactivation ends every earlier session of that user (a copied cookie stops working)."""

from __future__ import annotations

import sqlalchemy as sa

from incidents.auth.models import User
from tests.conftest import PASSWORD, Auth, csrf_from

NEW_PASSWORD = "a brand new passphrase"


def _logged_in(app, username: str, password: str = PASSWORD):  # noqa: ANN202
    client = app.test_client()
    assert Auth(client).login(username, password).status_code == 302
    assert client.get("/account").status_code == 200
    return client


def _copy(app, client):  # noqa: ANN001, ANN202
    """A second client holding a copy of the first one's session cookie (a stolen cookie)."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    assert thief.get("/account").status_code == 200  # the copy works before
    return thief


def _refused(client) -> bool:  # noqa: ANN001
    response = client.get("/account")
    return response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_cookie_copied_before_logout_fails_after_it(app, make_user):
    make_user("field1", "reporter")
    client = _logged_in(app, "field1")
    thief = _copy(app, client)
    page = client.get("/account").get_data(as_text=True)
    assert client.post("/logout", data={"csrf_token": csrf_from(page)}).status_code == 302
    assert _refused(thief)
    assert _refused(client)
    assert _logged_in(app, "field1").get("/").status_code == 200  # a fresh login still works


def test_logout_ends_the_users_other_sessions_and_both_are_told(app, make_user):
    make_user("field1", "reporter")
    phone, desktop = _logged_in(app, "field1"), _logged_in(app, "field1")
    page = phone.get("/account").get_data(as_text=True)
    out = phone.post("/logout", data={"csrf_token": csrf_from(page)}, follow_redirects=True)
    assert "其他设备" in out.get_data(as_text=True)  # the one who logged out knows it reached every device
    assert _refused(desktop)
    login = desktop.get("/account", follow_redirects=True).get_data(as_text=True)
    assert "您的登录已结束" in login  # the desktop is told why, not only asked to log in
    fresh = app.test_client().get("/account", follow_redirects=True).get_data(as_text=True)
    assert "您的登录已结束" not in fresh  # someone never logged in is not told a session ended


def test_logout_keeps_the_language_the_user_reads(app, make_user):
    make_user("field1", "reporter")
    client = _logged_in(app, "field1")
    client.get("/lang/en")
    page = client.get("/account").get_data(as_text=True)
    login = client.post("/logout", data={"csrf_token": csrf_from(page)}, follow_redirects=True)
    text = login.get_data(as_text=True)
    assert "You are logged out" in text and "Log in" in text and "登录" not in text.split("<main", 1)[1]


def test_a_password_change_ends_other_sessions_but_keeps_this_one(app, make_user):
    make_user("field1", "reporter")
    phone, desktop = _logged_in(app, "field1"), _logged_in(app, "field1")
    thief = _copy(app, phone)
    page = phone.get("/account").get_data(as_text=True)
    response = phone.post("/account", data={"csrf_token": csrf_from(page), "current_password": PASSWORD,
                                            "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    assert phone.get("/account").status_code == 200  # the one who changed it stays in
    assert _refused(desktop) and _refused(thief)
    assert _logged_in(app, "field1", NEW_PASSWORD).get("/").status_code == 200


def test_a_request_in_flight_with_the_old_cookie_does_not_undo_a_password_change(app, make_user):
    """A phone's background fetch sent before the change and answered after it sets no cookie.

    In a browser both share one cookie jar: a Set-Cookie on the late answer (a flashed "your session
    ended") would put the old session back over the new one, and the person who just changed their
    password would find themselves logged out (seen in CI, tests/auth/test_browser.py).
    """
    make_user("field1", "reporter")
    phone = _logged_in(app, "field1")
    in_flight = _copy(app, phone)
    page = phone.get("/account").get_data(as_text=True)
    assert phone.post("/account", data={"csrf_token": csrf_from(page), "current_password": PASSWORD,
                                        "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302
    late = in_flight.get("/account")
    assert late.status_code == 302 and "why=ended" in late.headers["Location"]
    assert not [c for c in late.headers.getlist("Set-Cookie") if c.startswith("session=")]
    login = in_flight.get(late.headers["Location"])
    assert "您的登录已结束" in login.get_data(as_text=True)  # told why, from the address
    assert not [c for c in login.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert phone.get("/account").status_code == 200


def _admin_edit(app, make_user, session, change: dict) -> tuple:  # noqa: ANN001
    user_id = make_user("field1", "reporter")
    make_user("boss", "admin")
    victim = _logged_in(app, "field1")
    admin = _logged_in(app, "boss")
    page = admin.get(f"/admin/users/{user_id}").get_data(as_text=True)
    user = session.get(User, user_id)
    data = {"csrf_token": csrf_from(page), "display_name": user.display_name, "role": "reporter",
            "scope_area_id": "", "active": "y", "password": "", "version": str(user.version), **change}
    data = {k: v for k, v in data.items() if v is not None}
    response = admin.post(f"/admin/users/{user_id}", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return victim, user_id


def test_an_administrators_reset_ends_the_users_sessions(app, make_user, session):
    victim, _ = _admin_edit(app, make_user, session, {"password": NEW_PASSWORD})
    assert _refused(victim)
    assert _logged_in(app, "field1", NEW_PASSWORD).get("/").status_code == 200


def test_deactivation_ends_the_users_sessions_and_reactivation_does_not_revive_them(
        app, make_user, session, database):
    victim, user_id = _admin_edit(app, make_user, session, {"active": None})
    assert _refused(victim)
    with database.transaction() as s:
        s.execute(sa.update(User).where(User.id == user_id).values(active=True))
    assert _refused(victim)  # the old session stays dead when the account comes back
    assert _logged_in(app, "field1").get("/").status_code == 200


def test_an_unrelated_account_edit_keeps_the_session(app, make_user, session):
    victim, _ = _admin_edit(app, make_user, session, {"display_name": "Field One"})
    assert victim.get("/account").status_code == 200
