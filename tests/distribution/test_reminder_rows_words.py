"""A reminder's row on the delivery list names its subdistrict in the page's language and its day in words:
the English page said 东关街道 · 2021-07-25, the Chinese one 东关街道 · 2021-07-25 beside 7月26日 07:00."""

from __future__ import annotations

import re
from datetime import timedelta

from incidents.distribution import reminders
from tests.conftest import switch_language

from .conftest import local
from .helpers import add


def _rows(html: str) -> str:
    """The table's rows as read, without their spans (each "·" opens one with the fact after it)."""
    return re.sub(r"</?span[^>]*>", "", html.split("<tbody>")[1])


def test_a_reminder_row_reads_in_the_pages_language(client, auth, make_user, database, rainstorm, robots):
    add(database, rainstorm.id, "区防指群", "wecom", robots.url("/district", "key", "kd"), briefs=False,
        reminders=True)
    assert reminders.remind_due(database, timedelta(hours=1), local("2021-07-26 07:00"))
    make_user("coord", "coordinator")
    auth.login("coord")
    url = f"/events/{rainstorm.id}/deliveries"
    table = _rows(client.get(url).get_data(as_text=True))
    assert "东关街道 · 2021年7月25日" in table and "2021-07-25" not in table
    switch_language(client, "en")
    table = _rows(client.get(url).get_data(as_text=True))
    assert "Dongguan Subdistrict · 25 Jul 2021" in table and "东关街道" not in table and "宝莲寺镇" not in table
