"""A login whose username or password is longer than any account's is refused naming that field and its limit.

Both were "请输入用户名和密码。" (Enter your username and password) to someone who had typed both: a password pasted
twice over, or a 1 MB one from the bad-input probe (tests/security/probe.py). Nothing is checked or recorded.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.auth.models import LoginAttempt
from tests.conftest import PASSWORD, csrf_from, switch_language


@pytest.mark.parametrize(("field", "sent", "said"), [
    ("password", {"username": "viewer1", "password": "x" * 201}, "密码：超过200个字符"),
    ("password", {"username": "viewer1", "password": "x" * 1_000_000}, "密码：超过200个字符"),
    ("username", {"username": "v" * 81, "password": PASSWORD}, "用户名：超过80个字符"),
])
def test_a_login_too_long_names_the_field(client, make_user, database, field, sent, said):
    make_user("viewer1", "viewer")
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"csrf_token": token, **sent})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert said in page, page[page.find("<main"):][:1500]
    assert "请输入用户名和密码" not in page
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(LoginAttempt)) == 0


def test_an_empty_field_still_asks_for_both(client):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"csrf_token": token, "username": "viewer1", "password": ""})
    assert response.status_code == 400 and "请输入用户名和密码。" in response.get_data(as_text=True)


def test_in_english(client, make_user):
    switch_language(client, "en")
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"csrf_token": token, "username": "viewer1", "password": "x" * 201})
    assert response.status_code == 400
    assert "Password: is longer than 200 characters" in response.get_data(as_text=True)
