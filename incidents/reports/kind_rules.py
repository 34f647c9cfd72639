"""Each kind's own rules: fields against each other, against the area, and against earlier reports.

validate_report (validation.py) checks every field's type and range first, then calls kind_rules; the
wording of shared messages is in messages.py. Forms, the API and imports all pass through here.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.areas.models import Area, AreaLevel
from incidents.areas.services import is_within
from incidents.briefs.periods import current_period, due_at, first_day, last_day
from incidents.days import day_bounds
from incidents.db import now_utc, one_at_a_time
from incidents.errors import Message
from incidents.events.models import Event
from incidents.limits import count_problem
from incidents.reports.messages import NOT_A_FLAG, OUTSIDE_EVENT, REQUIRED_MSG
from incidents.reports.models import (
    COUNTED,
    LIVE,
    Category,
    OutageUpdate,
    PowerOutage,
    PumpingOperation,
    PumpingVolume,
    Report,
    ReportKind,
    ReportStatus,
    ZeroReport,
)
from incidents.reports.unjudged import Unjudged
from incidents.vague import Precision, representative, window

# The keyword babel extracts: every message below lands in the reports catalog.
_l = Message

# Kinds that refer to another report: the field naming it and the parent's kind.
PARENTS: dict[ReportKind, tuple[str, ReportKind]] = {
    ReportKind.OUTAGE_UPDATE: ("outage_id", ReportKind.OUTAGE),
    ReportKind.PUMPING_VOLUME: ("operation_id", ReportKind.PUMPING),
}


# Each kind as a message names it ("report #12 is a pumping operation, not a power outage").
KIND_NAMES: dict[ReportKind, Message] = {
    ReportKind.OUTAGE: _l("a power outage"),
    ReportKind.OUTAGE_UPDATE: _l("an outage update"),
    ReportKind.PUMPING: _l("a pumping operation"),
    ReportKind.PUMPING_VOLUME: _l("a pumped volume"),
    ReportKind.DISINFECTION: _l("a disinfection"),
    ReportKind.DEBRIS: _l("a debris clearance"),
    ReportKind.ACTIVITY: _l("an activity log entry"),
    ReportKind.ZERO_REPORT: _l("a zero report"),
}


def parent_field(kind: ReportKind) -> str | None:
    """The field naming the record a report of this kind refers to (outage_id, operation_id), if any."""
    return PARENTS[kind][0] if kind in PARENTS else None

# More than ten million cubic metres in a day is a typing error, not a pumping shift.
MAX_VOLUME_PER_DAY_M3 = 10_000_000


# The counts an area's size bounds, in the order their errors are named.
HOUSEHOLDS = ("households_affected", "households_restored", "households_out")
BUILDINGS = ("buildings_affected", "buildings_restored", "buildings_out")
SIZED = frozenset(HOUSEHOLDS + BUILDINGS)


def exceeds(count: int | None, count_lb: bool, total: int | None, total_lb: bool = False) -> bool:
    """Whether a count says more than a total holds: over an exact total, or "more than" all of it (800余 of 800).

    The one comparison of a count with what bounds it: an area's size, an outage's households affected (an
    update's back or still out on create, edit and restore, and an outage's edit against its updates). A "more
    than" total (20余) bounds nothing: 24, or 20余, of more than 20 may well be.
    """
    if total is None or total_lb:
        return False
    value = count or 0
    return value > total or (count_lb and value >= total > 0)


def _beyond(clean: dict[str, Any], name: str, total: int) -> bool:
    """Whether a count says more than the area holds (`exceeds`)."""
    return exceeds(clean.get(name), bool(clean.get(f"{name}_lb")), total)


def _kept(clean: dict[str, Any], stored: dict[str, Any] | None, name: str) -> bool:
    """Whether an edit left a count, its "more than" flag and the report's place as they were stored."""
    return stored is not None and all(stored.get(key) == clean.get(key)
                                      for key in (name, f"{name}_lb", "area_id"))


def kind_rules(session: Session, kind: ReportKind, clean: dict[str, Any], data: dict[str, Any],
                area: Area | None, errors: dict[str, str], sent: datetime | None = None,
                stored: dict[str, Any] | None = None) -> None:
    """Rules that relate fields to each other, to the area and to earlier reports.

    `stored`: an edited report's values before the edit (None for a new report).
    On a report whose fields did not all pass, `clean` raises Unjudged at a field that failed
    (validation._judge_the_rest): each rule that can be judged alone skips alone (try costs nothing when
    nothing is raised); the rest of a kind's rules stop there.
    """
    # An area's size may be corrected down after reports on it: an edit that leaves a figure and the
    # place as they were is not refused for it (a note fixed on an outage of 460 in an area now of 100).
    # SIZED: only for a report giving such a count (one absent is 0, never beyond it; most kinds give none):
    # two ORM reads and six calls a report less (validate_report 8.6 → 8.4 µs a row, debris, medians of 5).
    if area is not None and not clean.keys().isdisjoint(SIZED):  # six lookups, not a walk of the report's keys
        households, buildings = area.households, area.buildings
        for name in HOUSEHOLDS:
            try:
                if households is not None and _beyond(clean, name, households) and not _kept(clean, stored, name):
                    errors[name] = _l("is more than the %(n)s households of the area", n=households)
            except Unjudged:
                pass
        for name in BUILDINGS:
            try:
                if buildings is not None and _beyond(clean, name, buildings) and not _kept(clean, stored, name):
                    errors[name] = _l("is more than the %(n)s buildings of the area", n=buildings)
            except Unjudged:
                pass

    if kind is ReportKind.OUTAGE:
        try:
            if clean.get("etr_at") and clean["etr_at"] < clean["started_at"]:
                errors["etr_at"] = _l("is before the outage started")
        except Unjudged:
            pass
        # An edit must not move the start past a full restoration already recorded.
        restored = data.get("restored_at")
        if isinstance(restored, datetime) and clean["started_at"] > restored:
            errors["started_at"] = _l("is after the power was fully restored")
        if clean.get("observed_at") is None:
            clean["observed_at"] = clean["started_at"]
            clean["observed_precision"] = clean["started_precision"]
        # Only when an edit changes a total: a note fixed on an outage stored before this rule is not refused.
        # Its "more than" dropped is such a change too: 24 back of 20余 stands, of an exact 20 it does not.
        if stored is not None and any(stored.get(n) != clean.get(n) for n in (
                "households_affected", "households_affected_lb", "buildings_affected", "buildings_affected_lb")):
            _updates_within(session, stored["id"], clean, errors)
    elif kind is ReportKind.OUTAGE_UPDATE:
        try:  # noqa: SIM105 - a try costs nothing when nothing is raised; suppress() is an object per report
            _outage_update_rules(session, clean, errors)
        except Unjudged:
            pass
        _update_says_something(clean, errors)
    elif kind is ReportKind.PUMPING:
        if clean.get("ended_at") and clean["ended_at"] < clean["observed_at"]:
            errors["ended_at"] = _l("is before the operation started")
        # Only when an edit moves its times: a note fixed on an operation is not refused for volumes stored before
        # this rule (as an area's size corrected down, _kept).
        times = ("observed_at", "observed_precision", "ended_at", "ended_precision")
        if stored is not None and not errors and any(stored.get(k) != clean.get(k) for k in times):
            _volumes_within(session, stored["id"], clean, errors)
    elif kind is ReportKind.PUMPING_VOLUME:
        # Only when the interval is given or moved: a note fixed on a volume stored before this rule is not refused.
        period = ("period_start", "period_start_precision", "period_end", "period_end_precision")
        try:
            _interval_rules(clean, errors,
                            some_time=stored is None or any(stored.get(k) != clean.get(k) for k in period))
            if not errors and clean["volume_m3"] is not None:
                days = max((clean["period_end"] - clean["period_start"]).total_seconds() / 86400, 1.0)
                if clean["volume_m3"] / days > MAX_VOLUME_PER_DAY_M3:
                    errors["volume_m3"] = _l("is more than %(n)s m³ a day", n=MAX_VOLUME_PER_DAY_M3)
        except Unjudged:
            pass
        _parent_rule(session, clean, errors, "operation_id", ReportKind.PUMPING)
        if "operation_id" not in errors and clean.get("period_start") and clean.get("period_end"):
            _within_operation(session, clean, errors)
        clean.setdefault("observed_at", None)
        if clean.get("observed_at") is None and "period_end" in clean:
            clean["observed_at"] = clean["period_end"]
            clean["observed_precision"] = clean["period_end_precision"]
    elif kind is ReportKind.DEBRIS:
        if clean.get("period_end") is not None:
            _interval_rules(clean, errors)
        if clean.get("observed_at") is None:
            end = clean.get("period_end")
            clean["observed_at"] = end or clean["period_start"]
            clean["observed_precision"] = (clean["period_end_precision"] if end
                                           else clean["period_start_precision"])
    elif kind is ReportKind.DISINFECTION:
        _disinfection_rules(session, clean, data, errors)
    elif kind is ReportKind.ZERO_REPORT:
        _zero_report_rules(session, clean, data, area, errors, sent)


def _zero_report_rules(session: Session, clean: dict[str, Any], data: dict[str, Any], area: Area | None,
                       errors: dict[str, str], sent: datetime | None) -> None:
    """零报告: a whole subdistrict or town, a period of the event no later than the one open when it was
    sent (the default), one live zero report per subdistrict and period; its time is that whole day."""
    event = session.get(Event, clean["event_id"])
    assert event is not None  # the common fields found it
    sent = sent or now_utc()
    if area is not None and area.level is not AreaLevel.SUBDISTRICT:
        errors["area_id"] = _l("must be a subdistrict or town (街道/镇): a zero report answers for a whole one")
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
    twin = _zero_twin(session, clean["event_id"], clean["area_id"], day, data.get("id") or 0)
    if twin is not None:
        errors["period_day"] = _zero_twin_message(twin)
    # "Nothing all day": the whole day, placed no later than it was said (vague.representative).
    noon = datetime.combine(day, datetime.min.time(), event.tz) + timedelta(hours=12)
    clean["observed_at"] = representative(noon, Precision.DAY, event.tz, sent)
    clean["observed_precision"] = Precision.DAY


def _zero_twin_message(twin: int) -> Message:
    """The one-live-zero-report rule's message, naming the live one."""
    return _l("this subdistrict already sent a zero report for this day (#%(id)s)", id=twin)


def _retracted_parent_message(parent_id: int) -> Message:
    """News of a withdrawn outage or operation counts nowhere: the forms offer only live parents."""
    return _l("was retracted (#%(id)s): restore it first, or choose another", id=parent_id)


def _zero_twin(session: Session, event_id: int, area_id: int, day: Any, other_than: int) -> int | None:
    """The live zero report of this subdistrict and period, other than `other_than`, if any."""
    return session.scalar(
        sa.select(ZeroReport.id).where(ZeroReport.event_id == event_id, ZeroReport.area_id == area_id,
                                       ZeroReport.period_day == day, ZeroReport.status.in_(LIVE),
                                       ZeroReport.id != other_than)
        .order_by(ZeroReport.id).limit(1))


def restore_errors(session: Session, report: Report) -> dict[str, Any]:
    """Why a retracted (or sent back) report may not count again: another live zero report for its period, a
    retracted parent, its place moved out of its event's since, or more back than its outage now gives as affected.

    The rules a new report meets, met again on restore: one live zero report per subdistrict and
    period, no news of a withdrawn outage or operation, a report within its event's place (a place
    moves out of it only while none of the event's reports there is live: areas/services), and restored
    never above affected (an outage is corrected below a retracted update's figures unhindered: _updates_within
    reads the live ones).
    """
    event = session.get(Event, report.event_id)
    if event is not None and event.area_id is not None and not is_within(session, report.area_id, event.area_id):
        return {"area_id": OUTSIDE_EVENT}
    if isinstance(report, ZeroReport):
        twin = _zero_twin(session, report.event_id, report.area_id, report.period_day, report.id)
        return {"period_day": _zero_twin_message(twin)} if twin is not None else {}
    field = parent_field(report.kind)
    parent = session.get(Report, getattr(report, field)) if field else None
    if field and parent is not None and parent.status is ReportStatus.RETRACTED:
        return {field: _retracted_parent_message(parent.id)}
    if isinstance(report, OutageUpdate):
        return _restored_beyond_affected(session, report)
    return {}


# A category's count is named as the form's field (count_street), its "more than" flag with _lb after it;
# the API names them as its body does (payloads.json_errors: counts.street).
COUNT_PREFIX = "count_"


def count_field(code: str) -> str:
    """The field a category's count is named by in the rules' errors, the forms and an import's columns."""
    return f"{COUNT_PREFIX}{code}"


def _disinfection_rules(session: Session, clean: dict[str, Any], data: dict[str, Any],
                        errors: dict[str, str]) -> None:
    counts = data.get("counts")
    counts = {} if counts is None else counts
    if not isinstance(counts, dict):  # [] or "" is not "no counts": the sender meant something else
        errors["counts"] = _l("must be an object mapping each category code to a count")
        return
    known = category_codes(session)
    clean_counts: dict[str, tuple[int, bool]] = {}
    for code, value in counts.items():
        count, lb = value if isinstance(value, tuple | list) and len(value) == 2 else (value, False)
        field = count_field(code)
        if code not in known:
            errors[field] = _l("unknown category")
        elif count is None or count == "":
            continue
        elif (problem := count_problem(count)) is not None:  # another unit than the category's: parsing says so
            errors[field] = problem
        elif not isinstance(lb, bool | None):
            errors[f"{field}_lb"] = NOT_A_FLAG
        else:
            clean_counts[code] = (count, bool(lb))
    try:
        if not errors and not clean_counts and clean.get("person_times") is None and clean.get("staff") is None:
            errors["counts"] = _l("give person-times or at least one count")
    except Unjudged:  # a count that could not be read was given: "give one" would not be true
        pass
    clean["counts"] = clean_counts


# An import checks thousands of disinfection rows against one category list: it lends the list to
# the session for the file's duration (imports/speedups.py); everyone else reads the table.
CATEGORY_CODES = "incidents.category_codes"


def category_codes(session: Session) -> set[str]:
    """The codes of the category reference list (the session's loaned copy during an import)."""
    cached = session.info.get(CATEGORY_CODES)
    return set(cached) if cached is not None else set(session.scalars(sa.select(Category.code)))


def category_units(session: Session | None) -> dict[str, tuple[str, ...]]:
    """Each category's unit words by code (Category.units): what a typed count of it may carry."""
    if session is None:
        return {}
    return {c.code: c.units for c in session.scalars(sa.select(Category))}


def _interval_rules(clean: dict[str, Any], errors: dict[str, str], *, some_time: bool = False) -> None:
    """An interval's end: never before its start; with `some_time` (a pumped volume), never its very moment either.

    A volume over no time cannot be apportioned by overlap (briefs/intervals.py) and is a mistyped end in
    practice. Only two exact times are surely the same moment: 下午 to 下午, or a day to the same day, is a
    stretch of time told vaguely, and kept. A clearance's tonnes may be told at a moment (its end left out).
    """
    start, end = clean.get("period_start"), clean.get("period_end")
    if not start or not end:
        return
    if end < start:
        errors["period_end"] = _l("is before the start")
    elif (some_time and end == start and clean.get("period_start_precision") == Precision.EXACT
          and clean.get("period_end_precision") == Precision.EXACT):
        errors["period_end"] = _l("is the same moment as the start: a volume is pumped over some time; "
                                  "give the end of that time")


def _parent_rule(session: Session, clean: dict[str, Any], errors: dict[str, str], field: str,
                 parent_kind: ReportKind) -> None:
    parent = session.get(Report, clean.get(field)) if clean.get(field) else None
    if parent is None or parent.event_id != clean["event_id"]:
        errors[field] = _l("unknown report")
    elif parent.kind != parent_kind:
        # Every reader sees every report (a scope limits writing; one outside it was refused before
        # this): saying what the id names tells a sender who mixed up an outage and an operation.
        errors[field] = _l("report #%(id)s is %(kind)s, not %(expected)s", id=parent.id,
                           kind=KIND_NAMES[parent.kind], expected=KIND_NAMES[parent_kind])
    elif parent.status is ReportStatus.RETRACTED:
        errors[field] = _retracted_parent_message(parent.id)


def _within_operation(session: Session, clean: dict[str, Any], errors: dict[str, str]) -> None:
    """A volume's hours lie within its operation's: none before it began, none after it ended (if it has)."""
    operation = session.get(PumpingOperation, clean["operation_id"])
    event = session.get(Event, clean["event_id"])
    # _parent_rule passed (an operation of this event) and the common fields found the event.
    assert operation is not None and event is not None
    tz = event.tz
    # Vague times by their windows, as an update against its outage: "morning" covers 06:00 to noon.
    began = window(operation.observed_at, operation.observed_precision, tz).earliest
    ended = (window(operation.ended_at, operation.ended_precision or Precision.EXACT, tz).latest
             if operation.ended_at is not None else None)
    if ended is not None and window(clean["period_end"], clean["period_end_precision"], tz).earliest > ended:
        errors.setdefault("period_end", _l("is after operation #%(id)s ended (its period: %(period)s)",
                                           id=operation.id, period=operation_period(operation, tz)))
    if window(clean["period_start"], clean["period_start_precision"], tz).latest < began:
        errors.setdefault("period_start", _l("is before operation #%(id)s began (its period: %(period)s)",
                                             id=operation.id, period=operation_period(operation, tz)))


def _volumes_within(session: Session, operation_id: int, clean: dict[str, Any], errors: dict[str, str]) -> None:
    """An edited operation still holds its live volumes' hours: its start not after one began, its end not
    before one ended (the rule _within_operation applies to a volume, from the operation's side)."""
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
        if window(start, start_precision, tz).latest < began:
            errors.setdefault("observed_at", _l("is after volume #%(id)s began (%(time)s): correct that volume first",
                                                id=volume_id, time=local_spelling(start, start_precision, tz)))
        if ended is not None and window(end, end_precision, tz).earliest > ended:
            errors.setdefault("ended_at", _l("is before volume #%(id)s ended (%(time)s): correct that volume first",
                                             id=volume_id, time=local_spelling(end, end_precision, tz)))


def _updates_within(session: Session, outage_id: int, clean: dict[str, Any], errors: dict[str, str]) -> None:
    """An edited outage still covers what its live updates said was back or still out (restored never exceeds
    affected): 20 households after an update's 30 back would read as none out with nobody saying power was back."""
    u = OutageUpdate
    updates = session.execute(
        sa.select(u.id, u.households_affected, u.households_restored, u.households_restored_lb, u.households_out,
                  u.households_out_lb, u.buildings_affected, u.buildings_restored, u.buildings_restored_lb,
                  u.buildings_out, u.buildings_out_lb)
        .where(u.outage_id == outage_id, u.status.in_(COUNTED))
        .order_by(u.observed_at, u.id)).all()
    for unit in ("households", "buildings"):
        name = f"{unit}_affected"
        affected = clean.get(name)
        # "20余" is more than 20, so no update's 24 is above it: only an exact total can fall below one (`exceeds`).
        if affected is None or name in errors or clean.get(f"{name}_lb"):
            continue
        for row in updates:
            if getattr(row, name) is not None:  # an update stating its own total: what follows is held to that one
                break
            for field in (f"{unit}_restored", f"{unit}_out"):
                said, lb = getattr(row, field), bool(getattr(row, f"{field}_lb"))
                if exceeds(said, lb, affected):
                    # 20余 back: an outage of exactly 20 is not "less" than it, but not above it either.
                    errors[name] = _l("leaves no room for the more than %(n)s that update #%(id)s gave as back or "
                                      "still out: correct that update first", n=said, id=row[0]) if lb else \
                        _l("is less than the %(n)s that update #%(id)s gave as back or still out: "
                           "correct that update first", n=said, id=row[0])
                    break
            if name in errors:
                break


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


def _outage_update_rules(session: Session, clean: dict[str, Any], errors: dict[str, str]) -> None:

    _parent_rule(session, clean, errors, "outage_id", ReportKind.OUTAGE)
    if errors:
        return
    outage = session.get(PowerOutage, clean["outage_id"])
    # _parent_rule passed: outage_id names an outage report of this event.
    assert outage is not None
    # Vague times are compared by their windows: a restoration "about 01:20" today is not before an
    # outage that began "some time today" (stored as 12:00), only one surely earlier is.
    event = session.get(Event, clean["event_id"])
    # No errors so far, so the event was found when the common fields were checked.
    assert event is not None
    tz = event.tz
    began = window(outage.started_at, outage.started_precision, tz).earliest
    try:
        if clean.get("etr_at") and window(clean["etr_at"], clean["etr_precision"], tz).latest < began:
            errors["etr_at"] = _l("is before the outage started")
    except Unjudged:
        pass
    if clean.get("observed_at") is None:
        errors["observed_at"] = REQUIRED_MSG
        return
    if window(clean["observed_at"], clean["observed_precision"], tz).latest < began:
        errors["observed_at"] = _l("is before the outage started")
    for name, (_said, affected) in beyond_affected(session, outage, clean).items():
        errors[name] = _l("is more than the %(n)s affected", n=affected)  # 20余 of 20 too: more than all of them
    # Affected stays as sent (None when not): a copy of the outage's figure here lost its "more than"
    # and outlived a later correction of the outage, which the state rule then never saw.


def _update_says_something(clean: dict[str, Any], errors: dict[str, str]) -> None:
    """An update is full only with none still out, and says what changed; neither needs its outage."""
    try:
        if clean.get("fully_restored") and (clean.get("households_out") or clean.get("buildings_out")):
            errors.setdefault("fully_restored", _l("cannot be full while some are still out"))
    except Unjudged:
        pass
    try:
        has_news = any(clean.get(n) is not None for n in (
            "households_affected", "buildings_affected", "households_restored", "buildings_restored",
            "households_out", "buildings_out", "etr_at")) or clean.get("fully_restored")
    except Unjudged:  # a figure that could not be read was sent: something changed
        return
    if not has_news:
        errors["fully_restored"] = _l("say what changed: restored, still out, affected, new ETR or full")


def beyond_affected(session: Session, outage: PowerOutage, update: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """An update's restored or still-out counts above what its outage had affected then (restored never exceeds
    affected): {field: (its count, affected)}. The one check of a new or edited update and of one restored."""
    totals = outage_totals(session, outage, update["observed_at"])
    beyond = {}
    for unit, (affected, affected_lb) in zip(("households", "buildings"), totals, strict=True):
        for name in (f"{unit}_restored", f"{unit}_out"):
            try:  # each count alone: one that could not be read leaves the others to judge (unjudged.py)
                own = update.get(f"{unit}_affected")
                count, count_lb = update.get(name), bool(update.get(f"{name}_lb"))
            except Unjudged:
                continue
            if own is not None:
                # The update's own total, given beside its counts in one report: held to them as the database
                # holds one row (restored <= affected), its "more than" read as exact only where it is (20 of 20余).
                over = exceeds(count, count_lb, own) if not update.get(f"{unit}_affected_lb") else (count or 0) > own
                total = own
            else:
                over, total = exceeds(count, count_lb, affected, affected_lb), affected
            if over:
                assert total is not None and count is not None  # over: an exact total and a count above it
                beyond[name] = (count, total)
    return beyond


def _restored_beyond_affected(session: Session, update: OutageUpdate) -> dict[str, Any]:
    """Why a retracted update may not come back over its outage as corrected since: 30 back of 20 affected."""
    outage = session.get(PowerOutage, update.outage_id)
    if outage is None:  # pragma: no cover - outage_id is a non-null foreign key
        return {}
    counts = (*HOUSEHOLDS, *BUILDINGS)
    figures = {name: getattr(update, name) for name in ("observed_at", *counts, *(f"{n}_lb" for n in counts))}
    return {name: (_l("more than %(said)s is more than the %(n)s affected that outage #%(id)s now gives: "
                      "correct that outage first", said=said, n=affected, id=outage.id) if figures[f"{name}_lb"]
                   else _l("%(said)s is more than the %(n)s affected that outage #%(id)s now gives: "
                           "correct that outage first", said=said, n=affected, id=outage.id))
            for name, (said, affected) in beyond_affected(session, outage, figures).items()}


Total = tuple[int | None, bool]  # a count and its "more than" flag


def outage_totals(session: Session, outage: PowerOutage, at: datetime) -> tuple[Total, Total]:
    """Households and buildings affected by an outage as of `at` (affected may grow), each with its "more than"."""
    households = (outage.households_affected, bool(outage.households_affected_lb))
    buildings = (outage.buildings_affected, bool(outage.buildings_affected_lb))
    u = OutageUpdate
    rows = session.execute(
        sa.select(u.households_affected, u.households_affected_lb, u.buildings_affected, u.buildings_affected_lb)
        .where(u.outage_id == outage.id, u.observed_at <= at, u.status.in_(COUNTED))
        .order_by(u.observed_at)
    )
    for h, h_lb, b, b_lb in rows:
        households = (h, bool(h_lb)) if h is not None else households
        buildings = (b, bool(b_lb)) if b is not None else buildings
    return households, buildings
