"""A `next=` whose host is half in brackets (`//[`, `http://[x`) goes home, never a 500 (probed 5 December, evening).

urlsplit refuses such an address (ValueError: Invalid IPv6 URL): the login page and the language button, which anyone
may open, answered 500 for /login?next=//[ — every other `next=` of another site already went home.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.conftest import PASSWORD, csrf_from


@pytest.mark.parametrize("target", ["//[", "//[::1", "http://[x", "https://[::1/x?y=1"])
def test_a_next_with_a_host_half_in_brackets_goes_home(client, make_user, target):
    make_user("alice", "coordinator")
    page = client.get(f"/login?next={quote(target, safe='')}")
    assert page.status_code == 200, page.status_code
    switched = client.post("/lang/en", data={"csrf_token": csrf_from(client.get("/lang/en").get_data(as_text=True)),
                                             "next": target})
    assert (switched.status_code, switched.headers.get("Location")) == (302, "/"), switched.status_code
    token = csrf_from(client.get("/login").get_data(as_text=True))
    logged_in = client.post(f"/login?next={quote(target, safe='')}",
                            data={"username": "alice", "password": PASSWORD, "csrf_token": token})
    assert (logged_in.status_code, logged_in.headers.get("Location")) == (302, "/"), logged_in.status_code
