"""No request a script makes in the background sets the session cookie: every GET route of app.url_map, asked with
Sec-Fetch-Mode: cors as the service worker and the outbox ask, in each state a phone's cookie can be in.

A browser keeps one cookie jar and the last Set-Cookie wins: an answer that sets the cookie, landing after a login, a
logout, a password change or a language switch made meanwhile in another tab, puts the older session back
(tests/auth/test_late_answers.py). Only what a person does (a login, a logout, a form) may set it.
"""

from __future__ import annotations

from tests.conftest import PASSWORD, Auth, csrf_from
from tests.security import sweep

BACKGROUND = {"Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty"}
PAGE = {"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}


def _states(app, make_user) -> dict:  # noqa: ANN001
    """A phone's cookie in each state, with the address and browser string it is sent from."""
    make_user("coord", "coordinator")
    make_user("coord2", "coordinator")

    def logged_in(username: str = "coord"):  # noqa: ANN202
        client = app.test_client()
        assert Auth(client).login(username).status_code == 302
        return client

    states = {"right after the login": (logged_in(), {})}
    client = logged_in()
    client.get("/", headers=PAGE)
    states["after a page"] = (client, {})
    states["from a new network"] = (client, {"REMOTE_ADDR": "10.20.30.40"})
    states["from another browser string"] = (client, {"HTTP_USER_AGENT": "Mozilla/5.0 (Android 12) Chrome/120"})
    client = logged_in("coord2")
    page = client.get("/account", headers=PAGE).get_data(as_text=True)
    client.post("/account", data={"csrf_token": csrf_from(page), "current_password": PASSWORD,
                                  "new_password": "a brand new passphrase", "confirm": "a brand new passphrase"})
    states["a message waiting for its page"] = (client, {})
    ended = logged_in()
    page = ended.get("/account", headers=PAGE).get_data(as_text=True)
    ended.post("/logout", data={"csrf_token": csrf_from(page)})
    states["logged out"] = (ended, {})
    gone = logged_in()
    gone.get("/", headers=PAGE)
    other = app.test_client()
    assert Auth(other).login("coord").status_code == 302
    page = other.get("/account").get_data(as_text=True)
    other.post("/account/sign-ins/end-all", data={"csrf_token": csrf_from(page)})
    states["ended from another device"] = (gone, {})
    states["ended, from a new network"] = (gone, {"REMOTE_ADDR": "10.20.30.40"})
    return states


def test_no_get_route_asked_in_the_background_sets_the_session_cookie(app, ids, make_user):
    states = _states(app, make_user)
    asked, setting = 0, []
    for state, (client, environ) in states.items():
        cookie = client.get_cookie("session").value
        for rule in sweep.rules(app):
            if "GET" not in rule.methods:
                continue
            url = sweep.url_for_rule(rule, ids)
            sender = app.test_client()
            sender.set_cookie("session", cookie)
            sender.environ_base.update(environ)
            answer = sender.get(url, headers=BACKGROUND)
            asked += 1
            if any(c.startswith("session=") for c in answer.headers.getlist("Set-Cookie")):
                setting.append((state, url, answer.status_code))
    assert asked > 500
    assert not setting, setting
