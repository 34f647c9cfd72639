"""The peak without power (停电峰值) read lower than the previous brief's after a correction is said, as every other
figure to date that falls (docs/domain.md, "Figures against the previous brief"): the overview puts the previous
peak beside it, and 较上期变化 and 五、数据质量 name it. Until 7 December it fell from 300 to 200 households with no
word, the affected households and outages unchanged."""

from __future__ import annotations

from incidents.briefs import services
from incidents.briefs.render import Reading
from incidents.models import Report
from incidents.reports.services import set_status

from .conftest import content, day_of, local


def test_a_peak_lowered_by_a_correction_is_said(database, builder):
    b = builder
    # 甲小区 100 out 08:00-12:00, 乙小区 200 out from 10:00: 300 out at once (10:00-12:00).
    site_a = b.report("outage", "site-a", local("2021-07-01 08:10"), started_at=local("2021-07-01 08:00"),
                      households_affected=100)
    back = b.report("outage_update", "site-a", local("2021-07-01 12:10"), outage_id=site_a,
                    observed_at=local("2021-07-01 12:00"), fully_restored=True)
    b.report("outage", "site-b", local("2021-07-01 10:10"), started_at=local("2021-07-01 10:00"),
             households_affected=200)
    services.compile_due(database, now=local("2021-07-02 08:00"), catchup_days=1, event_ids=[b.event_id])
    assert content(database, b.event_id, day_of("2021-07-01")).power.peak_households.value == 300
    # Corrected the next day: 甲小区 was back at 09:00, before 乙小区 went out; the peak was 200.
    with database.transaction() as s:
        set_status(s, s.get(Report, back), "retracted", b.user_id, reason="wrong time")
    b.report("outage_update", "site-a", local("2021-07-02 10:00"), outage_id=site_a,
             observed_at=local("2021-07-01 09:00"), fully_restored=True)
    services.compile_due(database, now=local("2021-07-03 08:00"), catchup_days=1, event_ids=[b.event_id])
    c = content(database, b.event_id, day_of("2021-07-02"))
    assert c.power.peak_households.value == 200 and c.power.households_affected.value == 300
    assert c.power.previous_peak_households is not None and c.power.previous_peak_households.value == 300
    assert c.quality.falls == ["power.peak_households"]
    zh, en = Reading(c, "zh"), Reading(c, "en")
    assert "停电峰值200户（上期300户，累计数下降，请核实）" in zh.power()
    assert "peak 200 households (previous brief: 300 households; to date fell: check) without power" in en.power()
    assert "停电峰值户数" in zh.changes() and "停电峰值户数" in "".join(zh.quality())
    assert "the to-date figure for Peak households without power fell" in en.changes()
