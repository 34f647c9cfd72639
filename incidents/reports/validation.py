"""One set of validation rules for reports: forms, the JSON API, imports and the demo loader.

Here: validate_report, the one entry point, and where a report lies (its place, its parent's). Each kind's
fields and their types are in fields.py, the check of one value (text, flag, time, count, id) in values.py,
when a report may tell of (near its event, not before it was seen) in event_window.py, the rules relating
fields to each other in kind_rules.py, shared wording in messages.py. Every name those hold that callers
took from here is still importable from here. A form, the API and an import all call validate_report,
so they never disagree about what is valid.
"""

from __future__ import annotations

from collections.abc import Collection
from contextlib import suppress
from datetime import date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from incidents.areas.models import Area
from incidents.areas.tree import ancestry
from incidents.db import now_utc
from incidents.errors import Message, ValidationError
from incidents.events.models import Event
from incidents.limits import MAX_COUNT, is_id
from incidents.reports.event_window import (
    LEAD_TIME,
    EventFrame,
    _observed_before_reported,
    _observed_near_event,
    check_reported_at,
    reported_at_problem,
)
from incidents.reports.fields import (
    COMMON,
    COUNT,
    COUNT_LIMITS,
    COUNT_UNITS,
    DAY,
    FIELDS,
    FLAG,
    KIND_FIELDS,
    KIND_REQUIRED,
    LB_FIELDS,
    MAX_MASS_KG,
    MAX_VOLUME_M3,
    ONE_LINE,
    PRECISION_FIELDS,
    REF,
    REQUIRED,
    TEXT,
    TEXT_LIMITS,
    TIME,
    required_fields,
)
from incidents.reports.kind_rules import kind_rules, observed_source
from incidents.reports.messages import NOT_A_DAY, OUTSIDE_EVENT, REQUIRED_MSG
from incidents.reports.models import Report, ReportKind
from incidents.reports.parents import parent_field
from incidents.reports.unjudged import Parsed, Unjudged
from incidents.reports.values import (
    CONTROL_CHARS,
    ENDS,
    FUTURE_TOLERANCE,
    SURROGATES,
    _check_count,
    _check_time,
    _check_time_once,
    _l,
    check_flag,
    check_reason,
    check_text,
    id_problem,
    text_problem,
)
from incidents.vague import Precision

# What callers import from here (this module was all of them once): kept working.
__all__ = [
    "COMMON", "CONTROL_CHARS", "COUNT", "COUNT_LIMITS", "COUNT_UNITS", "DAY", "FIELDS", "FLAG", "FUTURE_TOLERANCE",
    "KIND_FIELDS", "KIND_REQUIRED", "LB_FIELDS", "LEAD_TIME", "LOANED", "MAX_MASS_KG", "MAX_VOLUME_M3", "ONE_LINE",
    "OUTSIDE_EVENT", "PRECISION_FIELDS", "REF", "REQUIRED", "SURROGATES", "TEXT", "TEXT_LIMITS", "TIME", "EventFrame",
    "_l", "check_flag", "check_reason", "check_reported_at", "check_text", "id_problem", "lookup",
    "reported_at_problem", "required_fields", "text_problem", "validate_report",
]

T = TypeVar("T")
# id, under this session.info key (imports/speedups.py): the lookups below then hit a dictionary.
LOANED = "incidents.loaned"


def lookup(session: Session, model: type[T], ident: Any) -> T | None:
    """session.get(model, ident), from the rows a caller lent (LOANED) when it holds them."""
    lent = session.info.get(LOANED)
    if lent is not None:
        found = lent.get(model, {}).get(ident)
        if found is not None:
            return found
    return session.get(model, ident)


# FIELD_PLAN: each kind's fields as (name, type, required, what its check needs: a time's precision field or a
# count's limit, a count's "more than" flag), worked out once; the loop below reads each value once and takes
# the usual count and time inline (a count in range, a time already judged for the file, no time at all), the
# rest through values.py's checks as before. validate_report 8.7 → 7.3 µs a row of the bench's debris rows
# (medians of 5 turns of 30,000 rows, load 3, 4 December); tests/imports/test_fast_paths.py holds each inline
# path to values.py's own.
FIELD_PLAN: dict[ReportKind, tuple[tuple[str, str, bool, Any, str], ...]] = {
    kind: tuple((name, ftype, name in KIND_REQUIRED[kind],
                 PRECISION_FIELDS[name] if ftype == TIME else COUNT_LIMITS.get(name, MAX_COUNT) if ftype == COUNT
                 else None,
                 LB_FIELDS[name] if ftype == COUNT else "")
                for name, ftype in KIND_FIELDS[kind].items())
    for kind in ReportKind}
# The precisions a time's memo key may hold (a member or its name); anything else is checked each time.
_PLAIN_PRECISION = (Precision, str)


def validate_report(session: Session, kind: ReportKind | str, data: dict[str, Any],
                    now: datetime | None = None, reported_at: datetime | None = None,
                    editing: bool = False, stored: dict[str, Any] | None = None,
                    frame: EventFrame | None = None, unparsed: Collection[str] = ()) -> dict[str, Any]:
    """Check a report's fields; return the clean values or raise ValidationError naming each field.

    `reported_at`: when the report was made (default: now); none of its times but a forecast lies
    after it, and no vague time is placed after it. `editing`: an edit may add an end (ENDS) up to
    its own moment, as a pumping's end added when it ended. `stored`: an edited report's values
    before the edit; a figure and place it leaves as they were are not checked against the area's size.
    `frame`: the event's, when the caller checks many reports of it (an import); else built here.
    `unparsed`: fields the caller could not read (a form's typing errors, which it names): never judged.
    When a field fails, the rules between fields still judge those that passed (`_judge_the_rest`): one
    answer names every error that can be known.
    """
    kind = kind if kind.__class__ is ReportKind else ReportKind(kind)
    now = now or now_utc()
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}

    sent_area = data.get("area_id")
    data = _area_from_parent(session, kind, data)
    parent = parent_field(kind)
    if stored is None and parent is not None and sent_area not in (None, "") and sent_area != data.get("area_id"):
        # Refused, not quietly replaced: a client that named another place believes something else.
        errors["area_id"] = NOT_THE_PARENTS_PLACE(data[parent])
    for name in ("event_id", "area_id"):
        if data.get(name) in (None, "") and name == "area_id" and parent is not None:
            # A report on a parent takes the parent's place: none found, the parent's field says why
            # (an import's file has no place column, so "place required" would name the parent's).
            errors[parent] = id_problem(data.get(parent), _l("unknown report"))
        elif data.get(name) in (None, ""):
            errors[name] = REQUIRED_MSG
        elif not is_id(data[name]):
            errors[name] = id_problem(data[name], _l("unknown event") if name == "event_id" else _l("unknown area"))
    event = None
    if "event_id" not in errors:
        event = frame.event if frame is not None and frame.event_id == data["event_id"] \
            else lookup(session, Event, data["event_id"])
        if event is None:
            errors["event_id"] = _l("unknown event")
    if event is None:
        frame = None  # a frame lent for another event says nothing of this report
    elif frame is None or frame.event is not event:
        frame = EventFrame.of(event)
    tz = frame.tz if frame is not None else ZoneInfo("Asia/Shanghai")
    memo = frame.checked if frame is not None else None
    for name, ftype, needed, extra, flag in FIELD_PLAN[kind]:
        value = data.get(name)
        if needed and value in (None, ""):
            errors[name] = REQUIRED_MSG
            continue
        if ftype == TIME:
            precision = data.get(extra)
            if value is None and precision is None:  # no time, no precision: both stored empty
                clean[name] = clean[extra] = None
            elif memo is not None and value.__class__ is datetime and (
                    precision is None or precision.__class__ in _PLAIN_PRECISION):
                # Everything _check_time's verdict depends on (the zone is the frame's): the time's zone and fold
                # too, as two readings of one wall time in the same zone compare equal.
                key = (name, value, value.tzinfo, value.fold, precision, now, reported_at, editing)
                _check_time_once(memo, key, errors, clean, data, name, now, tz, reported_at, editing)
            else:
                _check_time(errors, clean, data, name, now, tz, reported_at, editing)
        elif ftype == COUNT:
            lb = data.get(flag)
            if value.__class__ is int and 0 <= value <= extra and (lb is None or lb.__class__ is bool) \
                    and (value or not lb):  # _check_count's usual case: a count in range, its flag a bool
                clean[flag] = lb is True
                clean[name] = value
            else:
                _check_count(errors, clean, data, name, extra)
        elif ftype == TEXT:
            clean[name] = check_text(value, name, errors)
            if clean[name] is None and needed and name not in errors:
                errors[name] = REQUIRED_MSG  # only spaces: nothing left once stripped
        elif ftype == FLAG:
            clean[name] = check_flag(value, name, errors)
        elif ftype == DAY:
            if value not in (None, "") and (isinstance(value, datetime) or not isinstance(value, date)):
                errors[name] = NOT_A_DAY
            else:
                clean[name] = value or None
        elif ftype == REF:
            if is_id(value):
                clean[name] = value
            else:
                errors[name] = id_problem(value, _l("unknown report"))

    placed = "area_id" not in errors and data.get("area_id") not in (None, "")  # else its parent's error is set
    if placed and frame is not None and frame.area_id is not None and (
            stored is None or stored.get("area_id") != data["area_id"]):
        # The walk _within_event takes below, first: it brings the place's row (AREAS_WITH_THE_WALK), from
        # the shelf too (GENERATION_SHELF), so the lookup sends no SELECT of its own for an unscoped writer.
        ancestry(session, data["area_id"])
    area = lookup(session, Area, data["area_id"]) if placed else None
    if placed and area is None:
        errors["area_id"] = _l("unknown area")
    elif area is not None and frame is not None and not _within_event(session, area, frame, stored):
        errors["area_id"] = OUTSIDE_EVENT
    if errors or unparsed:
        _judge_the_rest(session, kind, clean, data, area, errors, unparsed, frame, now, reported_at, stored, editing)
        raise ValidationError(errors)
    clean["event_id"] = data["event_id"]
    clean["area_id"] = data["area_id"]
    kind_rules(session, kind, clean, data, area, errors, sent=reported_at or now, stored=stored)
    if frame is not None:
        _observed_near_event(clean, data, frame, errors)
    if reported_at is not None and frame is not None and not _follows_an_edited_end(kind, data, clean, editing):
        _observed_before_reported(clean, reported_at, tz, errors)
    if errors:
        raise ValidationError(errors)
    return clean


def _follows_an_edited_end(kind: ReportKind, data: dict[str, Any], clean: dict[str, Any], editing: bool) -> bool:
    """Whether an edit's observed_at is derived from an end (ENDS), which _check_time let pass the report."""
    # An end learned later may lie after reported_at, up to the edit's moment: its derived observed_at follows it.
    return editing and data.get("observed_at") in (None, "") and observed_source(kind, clean) in ENDS


def _judge_the_rest(session: Session, kind: ReportKind, clean: dict[str, Any], data: dict[str, Any],
                    area: Area | None, errors: dict[str, Any], unparsed: Collection[str], frame: EventFrame | None,
                    now: datetime, reported_at: datetime | None, stored: dict[str, Any] | None,
                    editing: bool) -> None:
    """The rules between fields run over the fields that passed, their messages added to `errors` (a field's own
    message stays); a rule reading one that failed is skipped (Unjudged): it cannot be judged. Only on a report
    already refused, so a valid one pays nothing for it."""
    failed = {*errors, *unparsed}
    parsed = Parsed({**clean, **{n: data.get(n) for n in ("event_id", "area_id") if n not in failed}}, failed)
    found: dict[str, Any] = {}
    with suppress(Unjudged):  # each kind's rules skip one by one where they can (kind_rules); the rest stop here
        kind_rules(session, kind, parsed, data, None if "area_id" in failed else area, found,
                   sent=reported_at or now, stored=stored)
    if frame is not None and "event_id" not in failed:
        with suppress(Unjudged):
            _observed_near_event(parsed, data, frame, found)
        if reported_at is not None:
            with suppress(Unjudged):
                if not _follows_an_edited_end(kind, data, parsed, editing):
                    _observed_before_reported(parsed, reported_at, frame.tz, found)
    for name, message in found.items():
        errors.setdefault(name, message)


def NOT_THE_PARENTS_PLACE(parent_id: Any) -> Message:  # noqa: N802 - a message, named like the others
    """The place sent with an update or a volume is not its parent report's (whose place it takes)."""
    return _l("is not the place of report #%(id)s it belongs to: leave it out, it takes that report's place",
              id=parent_id)


def _within_event(session: Session, area: Area, frame: EventFrame, stored: dict[str, Any] | None) -> bool:
    """Whether a report's place lies within its event's (an edit that leaves the place as it was passes)."""
    if frame.area_id is None or (stored is not None and stored.get("area_id") == area.id):
        return True
    # The walk the scope check made already, remembered for the transaction: no statement of its own
    # (a session.get per level up was one of a created report's, benches/ingest_profile.py).
    return frame.area_id in ancestry(session, area.id)


def _area_from_parent(session: Session, kind: ReportKind, data: dict[str, Any]) -> dict[str, Any]:
    """A report on a parent belongs to the parent's place: it is stored there, whatever place came with it
    (the writer's scope is checked on both before this, by policy)."""
    field = parent_field(kind)
    sent = data.get("area_id")
    if field is None or not is_id(data.get(field)) or (sent not in (None, "") and not is_id(sent)):
        return data  # a junk place is refused by name below, not quietly replaced
    parent = session.get(Report, data[field])
    return {**data, "area_id": parent.area_id} if parent is not None else data
