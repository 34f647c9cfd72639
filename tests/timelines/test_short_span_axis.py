"""A restoration curve of outages minutes apart fills its chart: the axis runs about as long as what happened.

Found by a newcomer's pass on fresh test data (an event, two outages and updates minutes apart): the timeline's
curves and bars sat in the left sixth of the chart, the axis running an hour (its fixed least length) past what
twenty minutes had shown, under one label; seen later, three hours (its fixed margin after the last report). A
long event's axis is what it was.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from incidents.events.models import Event
from incidents.timelines.charts import chart
from incidents.timelines.services import restoration_timeline

from .conftest import T0


def _minutes_apart(build) -> int:  # noqa: ANN001
    """Two outages five minutes apart, the first half back at 12 minutes, all back at 20; the second's id."""
    first = build.outage("site-a", start=T0, households_affected=120)
    second = build.outage("site-b", start=T0 + timedelta(minutes=5), households_affected=80)
    build.update(first, T0 + timedelta(minutes=12), households_restored=60)
    build.update(first, T0 + timedelta(minutes=20), fully_restored=True)
    return second


def _share(timeline, until) -> float:  # noqa: ANN001
    """The share of the axis from its start to `until`."""
    return (until - timeline.axis_start) / (timeline.axis_end - timeline.axis_start)


def test_fresh_data_minutes_apart_fills_the_axis_to_now(build, session):
    _minutes_apart(build)
    event = session.get(Event, build.event_id)
    at = T0 + timedelta(minutes=26)  # seen a minute after the last report came in, the second outage still out
    timeline = restoration_timeline(session, event, at=at)
    assert timeline.axis_start == T0
    assert timeline.axis_end == at  # not an hour from the first outage, 34 minutes into the future
    labels = [t.label for t in chart(timeline).ticks if t.label]
    assert len(labels) >= 2, labels  # a short axis is labelled in minutes, not by one hour or none


def test_restored_minutes_apart_seen_later_is_not_squeezed(build, session):
    build.update(_minutes_apart(build), T0 + timedelta(minutes=18), fully_restored=True)
    event = session.get(Event, build.event_id)
    for later in (timedelta(hours=2), timedelta(days=1)):
        timeline = restoration_timeline(session, event, at=T0 + later)
        # What happened (T0 to the last restoration, 20 minutes) takes most of the chart, not a tenth of it.
        assert _share(timeline, T0 + timedelta(minutes=20)) >= 0.6, (later, timeline.axis_end)


@pytest.mark.parametrize("span", [timedelta(hours=6), timedelta(hours=30), timedelta(days=2)])
def test_an_axis_of_six_hours_or_more_is_as_before(build, session, span):
    """Three hours after the last report, or a tenth of the span when that is longer (past 30 hours)."""
    first = build.outage("site-a", start=T0, households_affected=120)
    build.update(first, T0 + span / 3, households_restored=60)
    build.update(first, T0 + span, fully_restored=True)
    event = session.get(Event, build.event_id)
    timeline = restoration_timeline(session, event, at=T0 + timedelta(days=5))
    assert (timeline.axis_start, timeline.axis_end) == (T0, T0 + span + max(span / 10, timedelta(hours=3)))
