"""A report's page says the year of a date that is not this year, as the list and the history do (shows_year).

The demo's report page said 发生时间 7月29日 and 获知时间 7月29日 17:00 above a history dated 12月5日 (this
year): a reader took the 2021 report for one of this July. Now 2021年7月29日, and this year's dates bare.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from incidents.reports.models import ActivityEntry, PowerOutage
from tests.conftest import switch_language, unspanned


def _dd(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", d).strip() for d in re.findall(r"<dd>(.*?)</dd>", html, re.S)]


def test_a_2021_reports_page_gives_the_year(client, auth, make_user, seeded, session):
    make_user("coord1", "coordinator")
    auth.login("coord1")
    entry = session.scalar(sa.select(ActivityEntry).order_by(ActivityEntry.id).limit(1))
    html = unspanned(client.get(f"/reports/{entry.id}").get_data(as_text=True))
    values = _dd(html)
    assert any(v.startswith("2021年7月") for v in values), values   # 发生时间
    assert not any(re.match(r"^7月\d+日", v) for v in values), values  # no 2021 date without its year
    # The history's entry was written today (the demo loaded now): this year, no year.
    whens = re.findall(r'<span class="when">([^<]+)</span>', html)
    assert whens and not any("年" in w for w in whens), whens

    switch_language(client, "en")
    outage = session.scalar(sa.select(PowerOutage).order_by(PowerOutage.id).limit(1))
    html = unspanned(client.get(f"/reports/{outage.id}").get_data(as_text=True))
    assert re.search(r"<p class=\"lead\">[^<]*Jul 2021", html), html[html.find('class="lead"'):][:200]
    assert not any(re.match(r"\d+ Jul(?! 2021)", v) for v in _dd(html)), _dd(html)
