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
NEW_PLACE = {"REMOTE_ADDR": "10.20.30.40", "HTTP_USER_AGENT": "Mozilla/5.0 (Android 12) Chrome/120"}


def _states(app, make_user) -> dict:  # noqa: ANN001
    """A phone's cookie in each state: the client holding it, the address and browser string it is sent from, live."""
    make_user("coord", "coordinator")
    make_user("coord2", "coordinator")
    # Its own account: "log out on every device" ends every sign-in of the account, the live states' ones too (it
    # once did: five of the eight states swept a login already ended).
    make_user("coord3", "coordinator")

    def logged_in(username: str = "coord"):  # noqa: ANN202
        client = app.test_client()
        assert Auth(client).login(username).status_code == 302
        return client

    states = {"right after the login": (logged_in(), {}, True)}
    client = logged_in()
    client.get("/", headers=PAGE)
    states["after a page"] = (client, {}, True)
    # Flask-Login's session protection tells a new place by one hash of the address and the browser string
    # together: a new network and a browser updated meanwhile are one state to it (a new network alone failed
    # every route once).
    states["from a new network and browser string"] = (client, NEW_PLACE, True)
    client = logged_in("coord2")
    page = client.get("/account", headers=PAGE).get_data(as_text=True)
    client.post("/account", data={"csrf_token": csrf_from(page), "current_password": PASSWORD,
                                  "new_password": "a brand new passphrase", "confirm": "a brand new passphrase"})
    states["a message waiting for its page"] = (client, {}, True)
    ended = logged_in()
    page = ended.get("/account", headers=PAGE).get_data(as_text=True)
    ended.post("/logout", data={"csrf_token": csrf_from(page)})
    states["logged out"] = (ended, {}, False)
    gone = logged_in("coord3")
    gone.get("/", headers=PAGE)
    other = app.test_client()
    assert Auth(other).login("coord3").status_code == 302
    page = other.get("/account").get_data(as_text=True)
    other.post("/account/sign-ins/end-all", data={"csrf_token": csrf_from(page)})
    states["ended from another device"] = (gone, {}, False)
    states["ended, from a new network"] = (gone, {"REMOTE_ADDR": "10.20.30.40"}, False)
    return states


def test_no_get_route_asked_in_the_background_sets_the_session_cookie(app, ids, make_user):
    states = _states(app, make_user)
    asked, setting, account = 0, [], {}
    for state, (client, environ, _live) in states.items():
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
            if url == "/account":
                account[state] = answer.status_code
            if any(c.startswith("session=") for c in answer.headers.getlist("Set-Cookie")):
                setting.append((state, url, answer.status_code))
    # Each state swept as it says: the account page answered to a live login, the login page's redirect otherwise.
    assert account == {state: 200 if live else 302 for state, (_c, _e, live) in states.items()}
    assert asked > 400
    assert not setting, setting
