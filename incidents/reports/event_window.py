"""When a report may tell of: near its event (LEAD_TIME before it began, after it ended), never before it
was seen (observed_at against reported_at), and a stated reported_at itself; the event read once (EventFrame).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from incidents.errors import Message, ValidationError
from incidents.events.models import Event
from incidents.limits import instant_problem
from incidents.reports.messages import NOT_A_TIME
from incidents.reports.unjudged import Unjudged
from incidents.reports.values import FUTURE_TOLERANCE, _l
from incidents.vague import Precision, minute_before, window

# Preparations (pumps placed, residents moved) come days ahead of a storm; a month ahead is a mistyped year.
# After an ended event the same window: the clean-up's last reports come days after it closed, a
# report months later is a mistyped year (or the wrong event) that no brief would ever show.
LEAD_TIME = timedelta(days=7)


@dataclass(frozen=True)
class EventFrame:
    """What the rules read of an event, worked out once: an import checks every row against the same event."""

    event: Event
    event_id: int
    tz: ZoneInfo
    area_id: int | None
    earliest: datetime  # a fact seen before this is over LEAD_TIME before the event began
    latest: datetime | None  # after this, over LEAD_TIME after an ended event's end (None while it runs)
    # TIMES_CHECKED_ONCE: each distinct time's verdict (_check_time) for the reports checked against this
    # frame: an import's rows repeat a few hundred times, and the check (future, window, placing a vague
    # time) was a quarter of validate_report's time. The verdict depends only on the key (validation's FIELD_PLAN loop).
    checked: dict[tuple[Any, ...], tuple[Any, ...]] = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def of(cls, event: Event) -> EventFrame:
        """The frame of an event as it is now (build it again after changing the event)."""
        return cls(event, event.id, event.tz, event.area_id, event.starts_at - LEAD_TIME,
                   event.ends_at + LEAD_TIME if event.ends_at is not None else None)


def check_reported_at(value: Any, precision: Any, now: datetime) -> datetime:
    """A stated reported_at (when the office learned of the report), or ValidationError (reported_at_problem)."""
    problem = reported_at_problem(value, precision, now)
    if problem is not None:
        raise ValidationError({"reported_at": problem})
    return value


def _observed_near_event(clean: dict[str, Any], data: dict[str, Any], frame: EventFrame,
                         errors: dict[str, str]) -> None:
    """Refuse a fact seen over LEAD_TIME before the event began, or after an ended event's end: it would
    swell the first brief unseen, or count in none."""
    # Each time alone: one whose field failed leaves the other to judge (unjudged.py; a try costs nothing here).
    try:
        observed = clean.get("observed_at")
        if _long_before(observed, clean.get("observed_precision"), frame.earliest, frame.tz):
            name = _as_given(clean, data, ("started_at", "period_end", "period_start"))
            # A rule already broken on the field (an end before its start) says more than this one.
            errors.setdefault(name, _before_began(frame))
    except Unjudged:
        pass
    # observed_at is an interval's end: a mistyped year in its start (2020 for 2021) would spread the
    # volume over a year, nearly all of it before the event, and the briefs would show a fraction.
    try:
        if _long_before(clean.get("period_start"), clean.get("period_start_precision"), frame.earliest, frame.tz):
            errors.setdefault("period_start", _before_began(frame))
    except Unjudged:
        pass
    if frame.latest is not None:
        _observed_near_end(clean, data, frame, errors)


def _before_began(frame: EventFrame) -> Message:
    """The message of a time over LEAD_TIME before the event began, naming its first local day."""
    begun = frame.event.starts_at.astimezone(frame.tz).date().isoformat()
    return _l("is over %(n)s days before the event began (%(day)s): check the year", n=LEAD_TIME.days, day=begun)


def _observed_near_end(clean: dict[str, Any], data: dict[str, Any], frame: EventFrame,
                       errors: dict[str, str]) -> None:
    """Refuse a fact seen over LEAD_TIME after an ended event's end (its observed time, or an interval's end)."""
    latest = frame.latest
    assert latest is not None  # the caller checked: a running event has no end to be after
    try:
        observed = clean.get("observed_at")
        if _long_after(observed, clean.get("observed_precision"), latest, frame.tz):
            name = _as_given(clean, data, ("period_end", "started_at", "period_start"))
            errors.setdefault(name, _after_ended(frame))
    except Unjudged:
        pass
    try:
        if _long_after(clean.get("period_end"), clean.get("period_end_precision"), latest, frame.tz):
            errors.setdefault("period_end", _after_ended(frame))
    except Unjudged:
        pass


def _after_ended(frame: EventFrame) -> Message:
    """The message of a time over LEAD_TIME after an ended event's end, naming its last local day."""
    assert frame.event.ends_at is not None  # only an ended event has a latest time
    ended = frame.event.ends_at.astimezone(frame.tz).date().isoformat()
    return _l("is over %(n)s days after the event ended (%(day)s): check the year", n=LEAD_TIME.days, day=ended)


def _as_given(clean: dict[str, Any], data: dict[str, Any], derived_from: tuple[str, ...]) -> str:
    """observed_at named as the user gave it: when it was derived, the field it came from (first of `derived_from`)."""
    if data.get("observed_at") not in (None, ""):
        return "observed_at"
    observed = clean.get("observed_at")
    return next((n for n in derived_from if clean.get(n) == observed), "observed_at")


def _long_before(at: Any, precision: Any, earliest: datetime, tz: ZoneInfo) -> bool:
    """Whether even the latest reading of a (possibly vague) time falls before `earliest`."""
    if at.__class__ is not datetime or at >= earliest:
        return False  # nearly every report: its window ends no earlier than its stored time
    return minute_before(window(at, precision or Precision.EXACT, tz).latest, earliest)


def _long_after(at: Any, precision: Any, latest: datetime, tz: ZoneInfo) -> bool:
    """Whether even the earliest reading of a (possibly vague) time falls after `latest`."""
    if at.__class__ is not datetime or at <= latest:
        return False
    return minute_before(latest, window(at, precision or Precision.EXACT, tz).earliest)


def _observed_before_reported(clean: dict[str, Any], reported_at: datetime, tz: ZoneInfo,
                              errors: dict[str, str]) -> None:
    """Nothing is learned before it is seen: the earliest reading of observed_at must not follow reported_at.

    With reported_at the server's clock this is the future rule again (same tolerance for clock skew),
    so forms are unaffected; it bites when a client states an earlier reported_at.
    """
    observed, precision = clean.get("observed_at"), clean.get("observed_precision") or Precision.EXACT
    if isinstance(observed, datetime) and window(observed, precision, tz).earliest > reported_at + FUTURE_TOLERANCE:
        errors["reported_at"] = _l("is before the time it happened")


def reported_at_problem(value: Any, precision: Any, now: datetime) -> Message | None:
    """What is wrong with a stated reported_at (API, imports), or None: it must be an exact, placed time,
    not in the future, within the years the log holds.

    `value` and `precision` come from parse_json_time (the one local-time parser). Whether it precedes
    the time observed is checked by validate_report, which knows the observed time.
    """
    if isinstance(value, Message):  # a local time the zone cannot place: the parser says why
        return value
    if (problem := instant_problem(value, NOT_A_TIME)) is not None:
        return problem
    if precision not in (None, "", Precision.EXACT):
        return _l("must be an exact time (when the office learned of it)")
    if value > now + FUTURE_TOLERANCE:
        return _l("is in the future")
    return None
