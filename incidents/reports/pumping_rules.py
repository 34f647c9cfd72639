"""A pumped volume against its operation's hours and an edited operation against its volumes; spelling their times."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.errors import Message
from incidents.events.models import Event
from incidents.reports.models import LIVE, PumpingOperation, PumpingVolume
from incidents.vague import Precision, minute_before, window

# The keyword babel extracts: every message below lands in the reports catalog.
_l = Message

def within_operation(session: Session, clean: dict[str, Any], errors: dict[str, str]) -> None:
    """A volume's hours lie within its operation's, to the minute: none before it began, none after it ended."""
    operation = session.get(PumpingOperation, clean["operation_id"])
    event = session.get(Event, clean["event_id"])
    # parent_rule passed (an operation of this event) and the common fields found the event.
    assert operation is not None and event is not None
    tz = event.tz
    # Vague times by their windows, as an update against its outage: "morning" covers 06:00 to noon. Compared to the
    # minute: an operation sent at 14:05:40 (API, import) takes the volume the form sends from 14:05.
    began = window(operation.observed_at, operation.observed_precision, tz).earliest
    ended = (window(operation.ended_at, operation.ended_precision or Precision.EXACT, tz).latest
             if operation.ended_at is not None else None)
    if ended is not None and minute_before(
            ended, window(clean["period_end"], clean["period_end_precision"], tz).earliest):
        errors.setdefault("period_end", _l("is after operation #%(id)s ended (its period: %(period)s)",
                                           id=operation.id, period=operation_period(operation, tz)))
    if minute_before(window(clean["period_start"], clean["period_start_precision"], tz).latest, began):
        errors.setdefault("period_start", _l("is before operation #%(id)s began (its period: %(period)s)",
                                             id=operation.id, period=operation_period(operation, tz)))


def volumes_within(session: Session, operation_id: int, clean: dict[str, Any], errors: dict[str, str]) -> None:
    """An edited operation still holds its live volumes' hours: its start not after one began, its end not
    before one ended, to the minute (the rule within_operation applies to a volume, from the operation's side)."""
    event = session.get(Event, clean["event_id"])
    assert event is not None  # the common fields found it
    tz = event.tz
    began = window(clean["observed_at"], clean["observed_precision"], tz).earliest
    ended = (window(clean["ended_at"], clean.get("ended_precision") or Precision.EXACT, tz).latest
             if clean.get("ended_at") is not None else None)
    volumes = session.execute(
        sa.select(PumpingVolume.id, PumpingVolume.period_start, PumpingVolume.period_start_precision,
                  PumpingVolume.period_end, PumpingVolume.period_end_precision)
        .where(PumpingVolume.operation_id == operation_id, PumpingVolume.status.in_(LIVE))
        .order_by(PumpingVolume.period_start, PumpingVolume.id))
    for volume_id, start, start_precision, end, end_precision in volumes:
        if minute_before(window(start, start_precision, tz).latest, began):
            errors.setdefault("observed_at", _l("is after volume #%(id)s began (%(time)s): correct that volume first",
                                                id=volume_id, time=local_spelling(start, start_precision, tz)))
        if ended is not None and minute_before(ended, window(end, end_precision, tz).earliest):
            errors.setdefault("ended_at", _l("is before volume #%(id)s ended (%(time)s): correct that volume first",
                                             id=volume_id, time=local_spelling(end, end_precision, tz)))


def operation_period(operation: PumpingOperation, tz: ZoneInfo) -> Message:
    """An operation's period as a message reads it in either language: 2021-07-24 – 2021-07-27, or from its start on."""
    start = local_spelling(operation.observed_at, operation.observed_precision, tz)
    if operation.ended_at is None:
        return _l("from %(start)s, not ended", start=start)
    end = local_spelling(operation.ended_at, operation.ended_precision or Precision.EXACT, tz)
    return _l("%(start)s to %(end)s", start=start, end=end)


def local_spelling(at: datetime, precision: Precision | str, tz: ZoneInfo) -> Message | str:
    """A vague time in the event's zone as the one parser reads it: 2021-07-24 21:00, about …, … afternoon, a day."""
    precision = Precision(precision)
    local = at.astimezone(tz)
    day = local.date().isoformat()
    if precision is Precision.EXACT:
        return f"{day} {local:%H:%M}"
    if precision is Precision.APPROXIMATE:
        return _l("%(day)s about %(clock)s", day=day, clock=local.strftime("%H:%M"))
    if precision is Precision.DAY:
        return day
    return PART_SPELLINGS[precision](day)


# Each part of a day after its date, as the catalogs say it (2021-07-24 下午 / 2021-07-24 afternoon).
PART_SPELLINGS = {
    Precision.NIGHT: lambda day: _l("%(day)s night", day=day),
    Precision.MORNING: lambda day: _l("%(day)s morning", day=day),
    Precision.AFTERNOON: lambda day: _l("%(day)s afternoon", day=day),
    Precision.EVENING: lambda day: _l("%(day)s evening", day=day),
}
