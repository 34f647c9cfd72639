"""An answer that lands late puts no older session back: a phone's background fetch, sent before a login, a password
change or a language switch and answered after it, sets no cookie over the one that change set.

A browser keeps one cookie jar: whichever Set-Cookie arrives last wins. Each test has the background request
answered by the server first (with the cookie it was sent with), then the person's change, then that answer's
cookies landing in the person's jar, as they do when the answer is slow to arrive.
"""

from __future__ import annotations

from tests.conftest import Auth, csrf_from

BACKGROUND = {"Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty", "X-Outbox": "1", "Accept": "application/json"}


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
