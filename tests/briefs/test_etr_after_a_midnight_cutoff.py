"""A brief due at 24:00 judges an ETR overdue by what was known at 24:00, whenever it is compiled.

Asked 6 December: an ETR of 18:00 reported at 10:00 and moved to the next day's 22:00 by a report at 01:00: the day's
brief, due at 24:00 and compiled late (a catch-up at 03:00) or again, must say overdue since 18:00, never the later
ETR that was not known by its cut-off.
"""

from __future__ import annotations

from datetime import time

from incidents.briefs import formats, services

from .conftest import content, day_of, local, make_builder


def test_a_brief_due_at_midnight_reads_the_etr_known_then(database):
    b = make_builder(database, starts=local("2021-07-01 00:00"), brief_time=time(0, 0), code="etr-midnight")
    oid = b.report("outage", "site-a", local("2021-07-01 10:00"), started_at=local("2021-07-01 09:00"),
                   households_affected=50, etr_at=local("2021-07-01 18:00"))
    b.report("outage_update", "site-a", local("2021-07-02 01:00"), outage_id=oid,
             observed_at=local("2021-07-02 01:00"), etr_at=local("2021-07-02 22:00"))
    day = day_of("2021-07-01")
    for now in ("2021-07-02 03:00", "2021-07-03 09:00"):  # a catch-up after the later report, then again a day on
        services.compile_once(database, b.event_id, day, now=local(now))
        c = content(database, b.event_id, day)
        assert c.header.cutoff == local("2021-07-02 00:00"), c.header.cutoff  # the due time, not the compile's
        zh = formats.as_text(c, "zh")
        item = next(line for line in zh.splitlines() if line.startswith("1. 甲小区"))
        assert "18:00" in item and "22:00" not in item and "24时后获知" not in item, (now, item)
        assert "已超过预计恢复时间" in item or "已超时" in item, (now, item)
        assert c.power.open[0].overdue and not c.power.open[0].etr_after, c.power.open[0]
        assert "22:00" not in zh, zh
    # A new revision asked for later is compiled as of its asking (docs/briefs.md, "What it reads"): it says the
    # later ETR, learned after 24:00, and judges it at the day's end.
    services.compile_once(database, b.event_id, day, now=local("2021-07-03 09:00"), new_revision=True)
    item = next(line for line in formats.as_text(content(database, b.event_id, day), "zh").splitlines()
                if line.startswith("1. 甲小区"))
    assert "预计恢复时间7月2日 22:00（24时后获知）" in item and "已超过" not in item, item
