"""The delivery list names a brief's day as every other date on the page reads: 第3期 · 7月24日 (24 Jul in
English), not the stored 2021-07-24 beside 7月25日 08:00 in a Chinese table."""

from __future__ import annotations

import re

from tests.conftest import switch_language

from .helpers import add, compile_day
from .test_sending import local, sign_on_the_web


def _rows(html: str) -> str:
    """The table's rows as read, without their spans (each "·" opens one with the fact after it)."""
    return re.sub(r"</?span[^>]*>", "", html.split("<tbody>")[1])


def test_a_briefs_delivery_names_its_day_in_words(client, auth, make_user, database, rainstorm):
    add(database, rainstorm.id, "区防指", "email", "fzb@wenfeng.example")
    brief_id = compile_day(database, rainstorm.id, "2021-07-24", local("2021-07-25 08:00"))
    make_user("coord", "coordinator")
    auth.login("coord")
    sign_on_the_web(client, auth, brief_id)
    for url in (f"/events/{rainstorm.id}/deliveries", f"/briefs/{brief_id}/deliveries"):
        table = _rows(client.get(url).get_data(as_text=True))
        assert f'<a href="/briefs/{brief_id}">第3期 · 2021年7月24日</a>' in table, url
        assert "2021-07-24" not in table
    switch_language(client, "en")
    table = _rows(client.get(f"/events/{rainstorm.id}/deliveries").get_data(as_text=True))
    assert f'<a href="/briefs/{brief_id}">No. 3 · 24 Jul 2021</a>' in table
