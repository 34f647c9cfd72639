"""A restoration learned after the brief that still showed the outage open is news in the next brief's changes.

Found by an outside replay of the Wenfeng rainstorm: 西钟楼巷 (15户 still out in the 07-27 brief) was restored at
10:00 on 07-27, the power company saying so on 07-28 at 09:30. The 07-28 brief read 仍停电0处 and 本日全部恢复供电的
停电点0处, against 上期's one outage of 15户, and its 较上期变化 named no restoration: only 新获知迟报2份 — a leader
reading it aloud could not say what had changed.
"""

from __future__ import annotations

from incidents.briefs import formats, services
from incidents.reports.models import Report
from incidents.reports.services import set_status

from .conftest import content, day_of, local, make_builder


def _two_days(database, restored_reported: str):
    """site-a out from 07-01 10:00 (60户), restored 07-02 10:00, the restoration reported at `restored_reported`."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    o = b.report("outage", "site-a", local("2021-07-01 10:10"), started_at=local("2021-07-01 10:00"),
                 households_affected=60)
    b.report("outage_update", "site-a", local(restored_reported), outage_id=o,
             observed_at=local("2021-07-02 10:00"), fully_restored=True)
    for day, due in (("2021-07-01", "2021-07-02 08:00"), ("2021-07-02", "2021-07-03 08:00")):
        services.compile_once(database, b.event_id, day_of(day), now=local(due))
    return b


def test_a_restoration_learned_late_is_named_in_the_next_briefs_changes(database):
    b = _two_days(database, "2021-07-03 09:30")  # after the 07-02 brief, which still showed it open
    services.compile_once(database, b.event_id, day_of("2021-07-03"), now=local("2021-07-04 08:00"))
    before = content(database, b.event_id, day_of("2021-07-02"))
    assert before.power.open_outages == 1
    c = content(database, b.event_id, day_of("2021-07-03"))
    assert c.power.open_outages == 0 and c.power.restored_in_period == 0
    zh, en = formats.as_text(c, "zh"), formats.as_text(c, "en")
    assert "甲小区已于7月2日 10:00恢复供电（上期所列仍停电，迟报）" in zh, zh
    assert "甲小区: power restored 2 Jul 10:00 (still out in the previous brief; reported late)" in en, en


def test_a_restoration_known_in_time_is_news_once(database):
    b = _two_days(database, "2021-07-02 10:30")
    services.compile_once(database, b.event_id, day_of("2021-07-03"), now=local("2021-07-04 08:00"))
    on_the_day = formats.as_text(content(database, b.event_id, day_of("2021-07-02")), "zh")
    assert "甲小区于7月2日 10:00恢复供电" in on_the_day, on_the_day
    next_day = formats.as_text(content(database, b.event_id, day_of("2021-07-03")), "zh")
    assert "恢复供电（上期所列仍停电" not in next_day and "甲小区" not in next_day.split("较上期变化")[1].split("\n")[0]


def test_a_restoration_before_the_previous_period_retracted_and_sent_earlier_is_no_late_restoration(database):
    # 上期 (07-02's brief) did not list 甲小区: it was back on 07-01. A restoration retracted since and sent again
    # with an earlier time does not make it "still out in the previous brief".
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    o = b.report("outage", "site-a", local("2021-07-01 08:10"), started_at=local("2021-07-01 08:00"),
                 households_affected=60)
    noon = b.report("outage_update", "site-a", local("2021-07-01 12:10"), outage_id=o,
                    observed_at=local("2021-07-01 12:00"), fully_restored=True)
    for day, due in (("2021-07-01", "2021-07-02 08:00"), ("2021-07-02", "2021-07-03 08:00")):
        services.compile_once(database, b.event_id, day_of(day), now=local(due))
    with database.transaction() as s:
        set_status(s, s.get(Report, noon), "retracted", b.user_id, reason="恢复时间报错")
    b.report("outage_update", "site-a", local("2021-07-03 10:00"), outage_id=o,
             observed_at=local("2021-07-01 09:00"), fully_restored=True)
    services.compile_once(database, b.event_id, day_of("2021-07-03"), now=local("2021-07-04 08:00"))
    changes = formats.as_text(content(database, b.event_id, day_of("2021-07-03")), "zh").split("较上期变化")[1]
    assert "甲小区" not in changes.split("\n")[0], changes


def test_an_outage_beyond_the_previous_briefs_list_of_30_restored_late_is_named(database):
    # 上期's 仍停电 list holds 30 outages: the 31st, out since the latest, is read off the reports at its cut-off.
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    for _ in range(30):
        b.report("outage", "site-a", local("2021-07-01 10:10"), started_at=local("2021-07-01 10:00"),
                 households_affected=10)
    last = b.report("outage", "site-b", local("2021-07-01 11:10"), started_at=local("2021-07-01 11:00"),
                    households_affected=60)
    for day, due in (("2021-07-01", "2021-07-02 08:00"), ("2021-07-02", "2021-07-03 08:00")):
        services.compile_once(database, b.event_id, day_of(day), now=local(due))
    before = content(database, b.event_id, day_of("2021-07-02"))
    assert before.power.open_total == 31 and last not in {line.outage_id for line in before.power.open}
    b.report("outage_update", "site-b", local("2021-07-03 09:30"), outage_id=last,
             observed_at=local("2021-07-02 10:00"), fully_restored=True)
    services.compile_once(database, b.event_id, day_of("2021-07-03"), now=local("2021-07-04 08:00"))
    zh = formats.as_text(content(database, b.event_id, day_of("2021-07-03")), "zh")
    assert "乙小区已于7月2日 10:00恢复供电（上期所列仍停电，迟报）" in zh, zh
