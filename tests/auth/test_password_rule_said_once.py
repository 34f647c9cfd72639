"""The users page says the password's length rule once: a too-short password's error names it, and the hint under
the field keeps only what the error does not say (pass it on in person; leave empty to keep; logs out everywhere).

Before, the new-account and edit forms showed 至少 10 个字符 in the error and again in the longer hint.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import switch_language
from tests.security.sweep import form_fields

WORDS = {
    "zh": {"rule": "至少 10 个字符", "new": "请当面告知本人", "keep": "留空则保留当前密码",
           "out": "在所有设备上退出登录"},
    "en": {"rule": "at least 10 characters", "new": "Pass it on in person", "keep": "Leave empty to keep",
           "out": "logs the account out on every device"},
}


def _field_text(html: str) -> str:
    """The password field's error and hint as a reader sees them, tags dropped."""
    start = html.index('for="password"')
    end = html.index('type="submit"', start)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[start:end]))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_new_account_says_the_length_once(client, auth, make_user, lang):
    make_user("root", "admin")
    auth.login("root")
    switch_language(client, lang)
    w = WORDS[lang]
    blank = _field_text(client.get("/admin/users/new").get_data(as_text=True))
    assert blank.lower().count(w["rule"].lower()) == 1 and w["new"] in blank  # no error: the hint says it
    fields = form_fields(client.get("/admin/users/new").get_data(as_text=True))
    refused = client.post("/admin/users/new", data={**fields, "username": "newbie", "display_name": "New",
                                                    "role": "reporter", "password": "short"})
    assert refused.status_code in (400, 422)
    text = _field_text(refused.get_data(as_text=True))
    assert text.lower().count(w["rule"].lower()) == 1, text
    assert w["new"] in text, text  # the hint's own information stays


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_editing_an_account_says_the_length_once(client, auth, make_user, lang):
    make_user("root", "admin")
    alice = make_user("alice", "reporter")
    auth.login("root")
    switch_language(client, lang)
    w = WORDS[lang]
    page = client.get(f"/admin/users/{alice}").get_data(as_text=True)
    assert _field_text(page).lower().count(w["rule"].lower()) == 1
    refused = client.post(f"/admin/users/{alice}", data={**form_fields(page), "password": "short"})
    assert refused.status_code in (400, 422)
    text = _field_text(refused.get_data(as_text=True))
    assert text.lower().count(w["rule"].lower()) == 1, text
    assert w["keep"] in text and w["out"] in text, text
