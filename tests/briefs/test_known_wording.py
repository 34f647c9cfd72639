"""In English a report's time of reaching the office (reported_at) is "known", as the report's page labels it
(Known at) and the Chinese says (获知): the brief's figures line, its revision note and its late-report notes, the
brief list, the timeline and the map said "received" for the same thing, and the Chinese 收到 beside 获知."""

from __future__ import annotations

import re

import sqlalchemy as sa

from incidents.briefs import formats, services
from incidents.db import now_utc
from incidents.models import Event
from incidents.ops import services as ops
from tests.conftest import switch_language

from .conftest import content, day_of, local


def test_a_brief_says_known_for_what_it_counts_by(database, builder):
    b = builder
    services.compile_once(database, b.event_id, day_of("2021-07-01"), now=local("2021-07-02 08:00"))
    b.report("activity", "site-a", local("2021-07-02 10:00"), observed_at=local("2021-07-01 15:00"),
             title="甲小区积水已排除")
    services.compile_once(database, b.event_id, day_of("2021-07-02"), now=local("2021-07-03 08:00"))
    services.compile_once(database, b.event_id, day_of("2021-07-02"), now=local("2021-07-03 10:00"),
                          new_revision=True)
    second = content(database, b.event_id, day_of("2021-07-02"), 2)
    en, zh = formats.as_text(second, "en"), formats.as_text(second, "zh")
    assert "received" not in en.lower(), en
    assert "Figures: reports known by 3 Jul 2021 10:00" in en, en
    assert "This revision replaces revision 1 (reports known by " in en, en
    assert "Late reports (known after the brief of their day): 1" in en and re.search(r"\(No\. 1\), known 2 Jul", en)
    assert "Late reports now known: 1" in en, en
    assert "收到" not in zh, zh
    assert "已获知的报告" in zh and "所属日期的日报编发后获知" in zh and "7月2日 10:00获知" in zh, zh
    assert "新获知迟报1份" in zh, zh


def test_the_timeline_map_and_brief_list_say_known(seeded, session, live, database, make_user, auth, client):
    with database.transaction() as s:
        ops.beat(s, now_utc())
    make_user("v", "viewer")
    auth.login("v")
    seed = session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    pages = [f"/events/{seed}/timeline", f"/events/{seed}/map", f"/events/{live.id}/briefs"]
    switch_language(client, "en")
    english = [client.get(url).get_data(as_text=True) for url in pages]
    assert all("with every report known so far" in page for page in english[:2])
    assert "from the reports known by then" in english[2]
    # The outbox's words ride on every page: "Received by the server" is a receipt, and stays.
    assert not any(re.search(r"\breceived\b", page.replace("&#34;received&#34;", "")) for page in english)
    switch_language(client, "zh")
    chinese = [client.get(url).get_data(as_text=True) for url in pages]
    assert all("含至今获知的全部报告" in page for page in chinese[:2])
    assert "根据届时已获知的报告" in chinese[2]
    assert not any("收到" in page for page in chinese)
