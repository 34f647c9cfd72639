"""An outage still out when the axis ends at `at` ends in ▶, every time: the break mark (≫, "long after
the last report, axis cut") was drawn on some loads of a fresh outage, when float rounding put its end a
hair past 100%."""

from __future__ import annotations

from datetime import timedelta

from incidents.events.models import Event
from incidents.timelines.charts import bar, chart
from incidents.timelines.services import restoration_timeline

from .conftest import T0


def test_a_fresh_open_outage_ends_in_the_open_mark_at_any_instant(build, session):
    build.outage("site-a", start=T0, households_affected=120)
    event = session.get(Event, build.event_id)
    broken = []
    for second in range(1, 2 * 3600 - 1, 29):  # `at` within three hours of the report, as page loads come
        at = T0 + timedelta(hours=1, seconds=second, microseconds=second * 7919 % 1_000_000)
        timeline = restoration_timeline(session, event, at=at)
        assert timeline.axis_end == at  # the axis runs to now: the outage is not long after its report
        svg = bar(timeline.rows[0], chart(timeline).scale)
        if "≫" in svg or "▶" not in svg:
            broken.append(at)
    assert broken == []
