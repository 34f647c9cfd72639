"""An answer that lands late puts no older session back: a phone's background fetch, sent before a login, a password
change or a language switch and answered after it, sets no cookie over the one that change set.

A browser keeps one cookie jar: whichever Set-Cookie arrives last wins. Each test has the background request
answered by the server first (with the cookie it was sent with), then the person's change, then that answer's
cookies landing in the person's jar, as they do when the answer is slow to arrive.
"""

from __future__ import annotations

from flask.sessions import SecureCookieSessionInterface

from tests.conftest import PASSWORD, Auth, csrf_from

BACKGROUND = {"Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty", "X-Outbox": "1", "Accept": "application/json"}
NEW_PASSWORD = "a brand new passphrase"


def _in_flight(app, client, url: str, address: str | None = None) -> str | None:  # noqa: ANN001
    """The session cookie a background request sent with the client's cookie now (from another network if
    `address`) is answered with: None if its answer sets none."""
    sender = app.test_client()
    sender.set_cookie("session", client.get_cookie("session").value)
    if address:
        sender.environ_base["REMOTE_ADDR"] = address
    answer = sender.get(url, headers=BACKGROUND)
    assert answer.status_code == 200, answer.status_code
    if not any(c.startswith("session=") for c in answer.headers.getlist("Set-Cookie")):
        return None
    return sender.get_cookie("session").value


def _lands(client, cookie: str | None) -> None:
    """The late answer's cookie, if it set one, lands in the person's jar over the one there."""
    if cookie is not None:
        client.set_cookie("session", cookie)


def _logged_in(app, username: str):  # noqa: ANN202
    client = app.test_client()
    assert Auth(client).login(username).status_code == 302
    return client


def test_a_background_fetch_answered_late_after_a_login_leaves_the_new_pages_forms_working(app, make_user):
    """Right after a login, before any page, the outbox's /offline/me (another tab) handed out a CSRF token of its
    own; its cookie landing after the first page's made that page's forms "expired" (log out, language, a report)."""
    make_user("field1", "reporter")
    client = _logged_in(app, "field1")
    late = _in_flight(app, client, "/offline/me")
    page = client.get("/account", headers={"Sec-Fetch-Mode": "navigate"}).get_data(as_text=True)
    _lands(client, late)
    switched = client.post("/lang/en", data={"csrf_token": csrf_from(page)})
    assert switched.status_code == 302, switched.status_code
    assert "My account" in client.get("/account").get_data(as_text=True)


def test_a_background_fetch_from_a_new_network_answered_late_keeps_a_password_change(app, make_user):
    """A phone moving from Wi-Fi to mobile data: its first request from the new address rewrote the cookie (Flask-Login
    marking the login not fresh). Answered after a password change on that phone, it put the old session back:
    the person who had just changed their password was logged out."""
    make_user("field1", "reporter")
    phone = _logged_in(app, "field1")
    page = phone.get("/account").get_data(as_text=True)
    late = _in_flight(app, phone, "/offline/me", address="10.20.30.40")
    phone.environ_base["REMOTE_ADDR"] = "10.20.30.40"
    changed = phone.post("/account", data={"csrf_token": csrf_from(page), "current_password": PASSWORD,
                                           "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert changed.status_code == 302
    _lands(phone, late)
    assert phone.get("/account").status_code == 200


def test_a_background_fetch_from_a_new_network_answered_late_keeps_a_language_switch(app, make_user):
    """The same rewrite answered after the language switch put Chinese back."""
    make_user("field1", "reporter")
    phone = _logged_in(app, "field1")
    page = phone.get("/lang/en").get_data(as_text=True)
    late = _in_flight(app, phone, "/offline/areas", address="10.20.30.40")
    phone.environ_base["REMOTE_ADDR"] = "10.20.30.40"
    assert phone.post("/lang/en", data={"csrf_token": csrf_from(page)}).status_code == 302
    _lands(phone, late)
    assert "My account" in phone.get("/account").get_data(as_text=True)


def test_a_login_is_never_marked_fresh_so_a_new_network_writes_no_cookie(app, make_user):
    """The rule behind the two above, on every route a background fetch asks: no Set-Cookie from a new address."""
    make_user("field1", "reporter")
    phone = _logged_in(app, "field1")
    phone.get("/account")
    phone.environ_base["REMOTE_ADDR"] = "10.20.30.40"
    phone.environ_base["HTTP_USER_AGENT"] = "Mozilla/5.0 (Linux; Android 12) Chrome/120"
    for url in ("/offline/me", "/offline/areas", "/outbox", "/account"):
        answer = phone.get(url, headers=BACKGROUND)
        assert answer.status_code == 200, (url, answer.status_code)
        assert not answer.headers.getlist("Set-Cookie"), (url, answer.headers.getlist("Set-Cookie"))


def test_a_background_fetch_with_an_ended_login_answered_late_keeps_the_new_login(app, make_user):
    """A phone's login from before logins were marked not fresh (every cookie out there on the day), ended from the
    desktop ("log out on every device"), the phone then on mobile data: its outbox's check, answered as the person
    logged in again, marked the dead login not fresh, and that cookie landing after the login's logged them out."""
    make_user("field1", "reporter")
    phone = _logged_in(app, "field1")
    phone.get("/account")
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    phone.set_cookie("session", serializer.dumps({**serializer.loads(phone.get_cookie("session").value),
                                                  "_fresh": True}))
    assert phone.get("/account").status_code == 200  # such a cookie logs in as any other
    desktop = _logged_in(app, "field1")
    page = desktop.get("/account").get_data(as_text=True)
    assert desktop.post("/account/sign-ins/end-all", data={"csrf_token": csrf_from(page)}).status_code == 302
    sender = app.test_client()
    sender.set_cookie("session", phone.get_cookie("session").value)
    sender.environ_base["REMOTE_ADDR"] = "10.20.30.40"
    answer = sender.get("/offline/me", headers=BACKGROUND)
    assert answer.status_code == 401
    late = sender.get_cookie("session").value if any(
        c.startswith("session=") for c in answer.headers.getlist("Set-Cookie")) else None
    phone.environ_base["REMOTE_ADDR"] = "10.20.30.40"
    assert Auth(phone).login("field1").status_code == 302
    _lands(phone, late)
    assert phone.get("/account").status_code == 200


def test_a_page_asked_while_logged_out_and_answered_after_the_login_keeps_it(app, make_user):
    """On a slow network the service worker shows a kept form after OFFLINE_NETWORK_WAIT_MS, but the page asked of the
    server stays in flight. Asked while logged out, it was answered after the person had logged in (the outbox asks
    them to): its answer set the login page's anonymous cookie again, unchanged, over the login's: logged out again.
    An answer sets the cookie only when what it holds has changed."""
    make_user("field1", "reporter")
    phone = _logged_in(app, "field1")
    page = phone.get("/account").get_data(as_text=True)
    assert phone.post("/logout", data={"csrf_token": csrf_from(page)}).status_code == 302
    assert phone.get("/login").status_code == 200  # the login page: an anonymous cookie holding its CSRF secret
    sender = app.test_client()
    sender.set_cookie("session", phone.get_cookie("session").value)
    answer = sender.get("/outbox", headers={"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"})
    assert answer.status_code == 302
    late = sender.get_cookie("session").value if any(
        c.startswith("session=") for c in answer.headers.getlist("Set-Cookie")) else None
    assert Auth(phone).login("field1").status_code == 302
    _lands(phone, late)
    assert phone.get("/account").status_code == 200


def test_an_answer_writing_the_session_as_it_came_sets_no_cookie(app, make_user):
    """The rule behind the test above, at its one place (api/auth.TokenAwareSessionInterface): a request that writes
    its session back as its cookie held it (a language switch to the language already chosen) sends no Set-Cookie,
    so an answer landing late cannot put an older cookie back. A switch that changes the language still sets one."""
    make_user("field1", "reporter")
    phone = _logged_in(app, "field1")
    page = phone.get("/lang/en").get_data(as_text=True)
    switched = phone.post("/lang/en", data={"csrf_token": csrf_from(page)})
    assert switched.status_code == 302 and _sets_session(switched)
    again = phone.post("/lang/en", data={"csrf_token": csrf_from(page)})
    assert again.status_code == 302 and not _sets_session(again), again.headers.getlist("Set-Cookie")


def _sets_session(answer) -> bool:  # noqa: ANN001
    return any(c.startswith("session=") for c in answer.headers.getlist("Set-Cookie"))
