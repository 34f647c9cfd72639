"""A zero report's (零报告) rules: a whole subdistrict, an open or earlier period, one live one per period."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.areas.models import Area, AreaLevel
from incidents.briefs.periods import current_period, due_at, first_day, last_day
from incidents.days import day_bounds
from incidents.db import now_utc, one_at_a_time
from incidents.errors import Message
from incidents.events.models import Event
from incidents.reports.models import LIVE, ZeroReport
from incidents.vague import Precision, representative

# The keyword babel extracts: every message below lands in the reports catalog.
_l = Message

def zero_report_rules(session: Session, clean: dict[str, Any], data: dict[str, Any], area: Area | None,
                       errors: dict[str, str], sent: datetime | None) -> None:
    """零报告: a whole subdistrict or town, a period of the event no later than the one open when it was
    sent (the default), one live zero report per subdistrict and period; its time is that whole day."""
    event = session.get(Event, clean["event_id"])
    assert event is not None  # the common fields found it
    sent = sent or now_utc()
    if area is not None and area.level is not AreaLevel.SUBDISTRICT:
        errors["area_id"] = _l("must be a subdistrict or town: a zero report answers for a whole one")
    last = last_day(event)
    if clean.get("period_day") is None and last is not None and sent >= due_at(event, last):
        # The event's last brief has gone out: no period is open, and filing it on the last day
        # would answer a brief already sent in silence.
        errors["period_day"] = _l("the event has ended: give the day this zero report is for")
        return
    day = clean.get("period_day") or current_period(event, sent)
    clean["period_day"] = day
    if day < first_day(event):
        errors["period_day"] = _l("is before the event began")
    elif last is not None and day > last:
        errors["period_day"] = _l("is after the event ended")
    elif day > current_period(event, sent) or day_bounds(event, day)[0] > sent:
        errors["period_day"] = _l("has not come yet: a zero report answers the period open now or an earlier one")
    if errors:
        return
    # Checked and then written by one sender at a time: two sent at the same moment both found none.
    one_at_a_time(session, f"zero_report:{clean['event_id']}:{clean['area_id']}:{day.isoformat()}")
    twin = zero_twin(session, clean["event_id"], clean["area_id"], day, data.get("id") or 0)
    if twin is not None:
        errors["period_day"] = zero_twin_message(twin)
    # "Nothing all day": the whole day, placed no later than it was said (vague.representative).
    noon = datetime.combine(day, datetime.min.time(), event.tz) + timedelta(hours=12)
    clean["observed_at"] = representative(noon, Precision.DAY, event.tz, sent)
    clean["observed_precision"] = Precision.DAY


def zero_twin_message(twin: int) -> Message:
    """The one-live-zero-report rule's message, naming the live one."""
    return _l("this subdistrict already sent a zero report for this day (#%(id)s)", id=twin)


def retracted_parent_message(parent_id: int) -> Message:
    """News of a withdrawn outage or operation counts nowhere: the forms offer only live parents."""
    return _l("was retracted (#%(id)s): restore it first, or choose another", id=parent_id)


def zero_twin(session: Session, event_id: int, area_id: int, day: Any, other_than: int) -> int | None:
    """The live zero report of this subdistrict and period, other than `other_than`, if any."""
    return session.scalar(
        sa.select(ZeroReport.id).where(ZeroReport.event_id == event_id, ZeroReport.area_id == area_id,
                                       ZeroReport.period_day == day, ZeroReport.status.in_(LIVE),
                                       ZeroReport.id != other_than)
        .order_by(ZeroReport.id).limit(1))
