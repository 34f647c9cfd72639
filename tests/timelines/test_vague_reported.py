"""A vague time is never placed after the moment it was reported (issue 10, item 12).

An update logged at 14:36 as "下午" (afternoon) used to be stored at 15:00, the middle of the
afternoon, so the live timeline and a provisional brief ignored it until 15:00.
"""

from __future__ import annotations

from datetime import date

from incidents.briefs import services as briefs
from incidents.briefs.content import BriefContent
from incidents.models import Event, Report
from incidents.timelines.services import outage_states
from tests.timelines.conftest import local


def test_an_afternoon_update_reported_at_1436_counts_at_1440(database, build):
    outage = build.outage(start=local("2021-07-24 09:00"), reported=local("2021-07-24 09:05"),
                          households_affected=500)
    # Logged at 14:36 as "this afternoon": whatever instant the form sends for the afternoon.
    update = build.update(outage, local("2021-07-24 15:00"), reported=local("2021-07-24 14:36"),
                          observed_precision="afternoon", fully_restored=True)
    with database.read_session() as s:
        stored = s.get(Report, update)
        assert stored.observed_at <= stored.reported_at == local("2021-07-24 14:36")
        assert stored.observed_precision == "afternoon"
        [state] = outage_states(s, build.event_id, local("2021-07-24 14:40"))
        assert state.restored and state.households_out == 0

    with database.transaction() as s:
        result = briefs.compile_brief(s, s.get(Event, build.event_id), date(2021, 7, 24),
                                      now=local("2021-07-24 14:40"))
        assert result.created and result.brief.status.value == "provisional"
        content: BriefContent = briefs.load_content(result.brief)
    assert content.power.open_outages == 0
    assert [line.outage_id for line in content.power.restored] == [outage]


def test_a_vague_time_reported_later_keeps_the_middle_of_its_window(database, build):
    """The clamp only ever moves a representative instant earlier, to the reporting moment."""
    outage = build.outage(start=local("2021-07-24 09:00"), reported=local("2021-07-24 09:05"),
                          households_affected=500)
    update = build.update(outage, local("2021-07-24 15:00"), reported=local("2021-07-24 19:10"),
                          observed_precision="afternoon", households_out=100)
    with database.read_session() as s:
        assert s.get(Report, update).observed_at == local("2021-07-24 15:00")


def test_an_approximate_time_reported_before_it_is_placed_at_the_report(database, build):
    """约21:00 (±30 minutes) reported at 20:50 is no later than 20:50: it was stored at 21:00, after the report
    that told it, so the outage known at 20:55 was not yet out as of 20:55 (and a provisional brief left it out)."""
    outage = build.outage(start=local("2021-07-24 21:00"), reported=local("2021-07-24 20:50"),
                          started_precision="approximate", households_affected=500)
    with database.read_session() as s:
        stored = s.get(Report, outage)
        assert stored.observed_at == stored.started_at == local("2021-07-24 20:50")
        assert stored.started_precision == "approximate"
        [state] = outage_states(s, build.event_id, local("2021-07-24 20:55"))
        assert not state.restored and state.households_out == 500
