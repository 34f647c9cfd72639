"""A refused login says what to check: 登录失败。 alone left a person retyping the same password."""

from __future__ import annotations

import pytest

from tests.conftest import csrf_from, switch_language


@pytest.mark.parametrize(("language", "words"), [("zh", "用户名或密码不对"), ("en", "username or password")])
def test_a_wrong_password_says_which_fields_to_check(client, make_user, language, words):
    make_user("alice", "reporter")
    if language == "en":
        switch_language(client, "en")
    token = csrf_from(client.get("/login").get_data(as_text=True))
    page = client.post("/login", data={"username": "alice", "password": "not-it-at-all", "csrf_token": token})
    assert page.status_code == 401
    assert words in page.get_data(as_text=True)
