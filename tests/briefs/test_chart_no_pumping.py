"""The daily charts say of a day what the brief says of it: a day with no pumping (no operation at work, no
volume) is "—", as the brief's 本日无排涝作业报告, not 未报; a day pumping went on whose volume nobody gave is
未报, as the brief's 本日排水量未报. Debris alike: a day with no clearance report is "—"."""

from __future__ import annotations

import re

from incidents.briefs import services
from incidents.briefs.charts import trend_charts
from incidents.briefs.render import Reading

from .conftest import content, day_of, local, make_builder


def _values(svg: str) -> list[str]:
    """The value above each bar, in day order (the texts drawn at the bars' middle, not the day labels)."""
    return [t for t in re.findall(r'text-anchor="middle" fill="#1b1f24">([^<]*)</text>', svg)]


def test_a_day_without_pumping_is_none_not_unreported(database):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    b.report("disinfection", "site-b", local("2021-07-01 12:00"), observed_at=local("2021-07-01 11:00"),
             person_times=10)
    op = b.report("pumping", "site-a", local("2021-07-02 12:10"), observed_at=local("2021-07-02 12:00"),
                  team="消防")
    b.report("pumping_volume", "site-a", local("2021-07-03 13:00"), operation_id=op,
             period_start=local("2021-07-03 08:00"), period_end=local("2021-07-03 12:00"), volume_m3=800)
    b.report("debris", "site-a", local("2021-07-03 12:00"), period_start=local("2021-07-03 10:00"), mass_kg=5000)
    services.compile_due(database, now=local("2021-07-04 08:00"), catchup_days=3, event_ids=[b.event_id])
    days = {d: content(database, b.event_id, day_of(d)) for d in ("2021-07-01", "2021-07-02", "2021-07-03")}
    # What each day's brief says of its pumping.
    assert Reading(days["2021-07-01"], "zh").pumping() == "无排涝报告。"
    assert "本日排水量未报" in Reading(days["2021-07-02"], "zh").pumping()
    charts = trend_charts(Reading(days["2021-07-03"], "zh"))
    pumped = next(c for c in charts if "每日排水量" in c)
    assert _values(pumped) == ["—", "未报", "800"], pumped
    cleared = next(c for c in charts if "每日清运量" in c)
    assert _values(cleared) == ["—", "—", "5"], cleared
