"""A rotated SECRET_KEY: the old key kept in the fallbacks still reads a cookie it signed; a key dropped does not."""

from __future__ import annotations

from tests.conftest import Auth


def _logged_in(client) -> bool:  # noqa: ANN001
    """Whether the client's cookie still opens a page that needs a login (else: sent to the login page)."""
    return client.get("/account").status_code == 200


def test_a_rotated_key_reads_old_cookies_and_a_dropped_one_no_more(app, make_user):
    make_user("rotating", "coordinator")
    client = app.test_client()
    auth = Auth(client)
    auth.login("rotating")
    assert _logged_in(client)
    first_cookie = client.get_cookie("session").value
    old = app.secret_key

    app.secret_key = "a new key for the district's server"
    app.config["SECRET_KEY_FALLBACKS"] = [old]
    assert _logged_in(client)  # signed with the old key, read with it as a fallback
    assert auth.post("/lang/en?next=/", {}).status_code == 302  # the session changed: written back, new key
    assert client.get_cookie("session").value != first_cookie

    app.config["SECRET_KEY_FALLBACKS"] = []
    assert _logged_in(client)  # the new key alone reads what it signed

    stale = app.test_client()
    stale.set_cookie("session", first_cookie)
    assert not _logged_in(stale)  # the old key dropped: its cookie opens nothing
