"""A new-token form sent again with other values is refused by a sentence a person reads, and can be sent once more.

The one-time key's own refusal showed on the page: 此键已用于另一次提交（api_tokens #1）, a table's name, and the
form came back with the same key, so sending it again was refused again, for ever.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from incidents.auth import tokens
from tests.conftest import csrf_from


def _once(html: str) -> str:
    found = re.search(r'name="once"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="once"', html)
    assert found, "no one-time key on the page"
    return found.group(1) or found.group(2)


def _count(database) -> int:  # noqa: ANN001
    with database.read_session() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(tokens.ApiToken))


def test_the_same_form_with_another_name_is_refused_in_words_then_sent_again(client, auth, make_user, database):
    make_user("twice", "reporter")
    auth.login("twice")
    page = client.get("/account").get_data(as_text=True)
    form = {"csrf_token": csrf_from(page), "once": _once(page)}
    assert client.post("/account/tokens", data={**form, "name": "first"}).status_code == 200
    refused = client.post("/account/tokens", data={**form, "name": "second"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "此表单已创建过令牌：未保存任何内容" in html, html[-3000:]
    assert "api_tokens" not in html and "此键" not in html
    assert _count(database) == 1
    again = _once(html)
    assert again != form["once"]  # a fresh key: the form can be sent once more
    assert client.post("/account/tokens", data={**form, "once": again, "name": "second"}).status_code == 200
    assert _count(database) == 2
