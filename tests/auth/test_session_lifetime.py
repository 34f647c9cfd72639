"""A login lasts SESSION_LIFETIME_HOURS (a week by default): a copied session cookie stops working then.

The auditor found that a session had no expiry at all: a cookie copied off a shared office computer
kept working until its owner logged out or changed the password. Time is moved by ageing the login
stamp the session carries (its cookie is signed, so only the server can write it).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from incidents import create_app
from incidents.auth.views import SIGNED_IN_AT
from tests.auth.test_login import post_login
from tests.conftest import PASSWORD


def _age(client, hours: float) -> None:  # noqa: ANN001
    with client.session_transaction() as s:
        s[SIGNED_IN_AT] -= int(hours * 3600)


def test_a_login_lasts_a_week_then_the_user_is_told_and_asked_again(app, client, make_user):
    make_user("alice", "reporter")
    assert post_login(client, "alice", PASSWORD).status_code == 302
    assert app.config["SESSION_LIFETIME_HOURS"] == 168
    _age(client, 167)
    assert client.get("/").status_code == 200
    _age(client, 2)
    ended = client.get("/")
    assert ended.status_code == 302 and ended.headers["Location"].startswith("/login")
    page = client.get(ended.headers["Location"]).get_data(as_text=True)
    assert "您登录已超过 168 小时" in page
    assert client.get("/").status_code == 302  # not once: the session stays ended
    assert post_login(client, "alice", PASSWORD).status_code == 302
    assert client.get("/").status_code == 200  # a new login, a new week


def test_a_session_without_a_login_stamp_is_not_taken(app, client, make_user):
    make_user("alice", "reporter")
    post_login(client, "alice", PASSWORD)
    with client.session_transaction() as s:
        del s[SIGNED_IN_AT]  # as a cookie signed before sessions had a lifetime
    assert client.get("/").status_code == 302


def test_the_lifetime_is_a_setting(monkeypatch, tmp_path):
    monkeypatch.setenv("INCIDENTS_SESSION_HOURS", "12")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "k",
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"})
    assert app.config["SESSION_LIFETIME_HOURS"] == 12


def test_changing_the_password_starts_the_week_again(client, make_user):
    from tests.security.sweep import csrf_token

    make_user("alice", "reporter")
    post_login(client, "alice", PASSWORD)
    _age(client, 160)
    token = csrf_token(client)
    changed = client.post("/account", data={"current_password": PASSWORD, "new_password": "a much longer secret",
                                            "confirm": "a much longer secret", "csrf_token": token})
    assert changed.status_code == 302
    with client.session_transaction() as s:
        assert time.time() - s[SIGNED_IN_AT] < 60


def test_the_cookie_outlives_a_browser_restart_for_the_same_week(client, make_user):
    """A session cookie without an expiry ended the login when a phone's browser restarted mid-typhoon."""
    make_user("alice", "reporter")
    response = post_login(client, "alice", PASSWORD)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Expires=" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    expires = parsedate_to_datetime(cookie.split("Expires=")[1].split(";")[0])
    assert abs((expires - datetime.now(UTC)).total_seconds() - 168 * 3600) < 120
    # Set at login only: an answer still in flight when a phone's cookies are cleared must not put it back.
    client.get("/")  # the first page takes the login's flashed message out of the session
    later = client.get("/")
    assert later.status_code == 200
    assert not [c for c in later.headers.getlist("Set-Cookie") if c.startswith("session=")]
