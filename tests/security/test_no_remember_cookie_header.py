"""No answer names a `remember_token` cookie: the product issues none, so none is ever cleared either.

Flask-Login's `strong` session protection, on the anonymous session (not permanent: only a login is), dropped its own
keys and asked for the remember cookie to be cleared, so every anonymous answer — the login page, a refused login,
the API's 401, the login page after a logout — carried `Set-Cookie: remember_token=; Expires=Thu, 01 Jan 1970`.
"""

from __future__ import annotations

from typing import Any

from tests.conftest import Auth, csrf_from

STRAY = "remember_token="


def _cookies(response: Any) -> list[str]:
    return response.headers.getlist("Set-Cookie")


def _stray(response: Any) -> list[str]:
    return [c for c in _cookies(response) if c.startswith(STRAY)]


def test_no_answer_clears_a_remember_cookie(app, make_user, seeded):
    make_user("alice", "coordinator")
    client = app.test_client()
    answers = {"the login page": client.get("/login"), "the login page again": client.get("/login"),
               "a page, logged out": client.get("/"), "the API, logged out": client.get("/api/v1/events")}
    token = csrf_from(client.get("/login").get_data(as_text=True))
    answers["a refused login"] = client.post("/login", data={"username": "alice", "password": "wrong password!",
                                                               "csrf_token": token})
    answers["the login"] = Auth(client).login("alice")
    answers["a page"] = client.get("/")
    answers["a page from another browser string"] = client.get("/", headers={"User-Agent": "a phone on 4G"})
    answers["a page from another address"] = client.get("/", environ_base={"REMOTE_ADDR": "10.9.8.7"})
    answers["the logout"] = client.post("/logout", data={"csrf_token": csrf_from(client.get("/account").get_data(
        as_text=True))})
    answers["the login page after it"] = client.get("/login")
    answers["a page after it"] = client.get("/")
    assert {name: _stray(r) for name, r in answers.items() if _stray(r)} == {}
    # What the protection did is not needed: the login, permanent, is marked not fresh from its start (auth/views),
    # and a new address or browser string logs no one out and writes no cookie.
    assert answers["a page from another address"].status_code == 200
    assert _cookies(answers["a page from another browser string"]) == []
    assert _cookies(answers["a page from another address"]) == []
    # An anonymous answer that changes nothing sets nothing at all.
    assert _cookies(answers["the login page again"]) == []
    assert _cookies(answers["a page after it"]) == []
