"""One set of validation rules for reports: forms, the JSON API, imports and the demo loader.

Here: each kind's fields, their types and ranges, and validate_report, the one entry point. Each
kind's rules relating fields to each other are in kind_rules.py, shared wording in messages.py; a
form, the API and an import all call validate_report, so they never disagree about what is valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from incidents.areas.models import Area
from incidents.areas.services import ancestry
from incidents.db import now_utc
from incidents.errors import Message, ValidationError
from incidents.events.models import Event
from incidents.limits import MAX_COUNT, free_text_problem, instant_problem, is_id, one_line_problem
from incidents.reports.kind_rules import kind_rules, parent_field
from incidents.reports.messages import (
    NOT_A_DAY,
    NOT_A_FLAG,
    NOT_A_TIME,
    NOT_A_WHOLE_NUMBER,
    NOT_TEXT,
    OUTSIDE_EVENT,
    REQUIRED_MSG,
    UNKNOWN_PRECISION,
)
from incidents.reports.models import (
    Report,
    ReportKind,
)
from incidents.vague import (
    Precision,
    precision_field,
    representative,
    window,
)

T = TypeVar("T")
# A field report may be a little ahead of the server's clock, not more.
FUTURE_TOLERANCE = timedelta(minutes=5)
MAX_MASS_KG = 10_000_000_000


MAX_VOLUME_M3 = 10_000_000_000
# PostgreSQL refuses NUL in text and control characters have no place in a field report.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A lone surrogate ("\ud800" in JSON) is no character at all: no database can store it.
SURROGATES = re.compile("[\ud800-\udfff]")


# The keyword babel extracts: every message below lands in the reports catalog.
_l = Message


# Which fields each kind takes: (name, type). Times come with a `<name>_precision` field,
# quantities with a `<name>_lb` ("more than") flag.
TIME = "time"
COUNT = "count"
TEXT = "text"
FLAG = "flag"
REF = "ref"
DAY = "day"  # a local calendar day of the event (a brief's period), YYYY-MM-DD

COMMON = {"observed_at": TIME, "source": TEXT, "note": TEXT}
FIELDS: dict[ReportKind, dict[str, str]] = {
    ReportKind.OUTAGE: {"started_at": TIME, "households_affected": COUNT, "buildings_affected": COUNT,
                        "etr_at": TIME},
    ReportKind.OUTAGE_UPDATE: {"outage_id": REF, "households_affected": COUNT, "buildings_affected": COUNT,
                               "households_restored": COUNT, "buildings_restored": COUNT,
                               "households_out": COUNT, "buildings_out": COUNT,
                               "fully_restored": FLAG, "etr_at": TIME},
    ReportKind.PUMPING: {"team": TEXT, "team_en": TEXT, "people": COUNT, "pumps": COUNT, "capacity_m3h": COUNT,
                         "ended_at": TIME},
    ReportKind.PUMPING_VOLUME: {"operation_id": REF, "period_start": TIME, "period_end": TIME,
                                "volume_m3": COUNT},
    ReportKind.DISINFECTION: {"person_times": COUNT, "staff": COUNT, "cumulative": FLAG},
    ReportKind.DEBRIS: {"period_start": TIME, "period_end": TIME, "mass_kg": COUNT, "truckloads": COUNT,
                        "people": COUNT, "vehicles": COUNT},
    ReportKind.ACTIVITY: {"title": TEXT},
    ReportKind.ZERO_REPORT: {"period_day": DAY},
}
REQUIRED: dict[ReportKind, set[str]] = {
    ReportKind.OUTAGE: {"started_at"},
    ReportKind.OUTAGE_UPDATE: {"outage_id"},
    ReportKind.PUMPING: {"team"},
    ReportKind.PUMPING_VOLUME: {"operation_id", "period_start", "period_end", "volume_m3"},
    ReportKind.DISINFECTION: set(),
    ReportKind.DEBRIS: {"period_start"},
    ReportKind.ACTIVITY: {"title"},
    # The period defaults to the one open now (briefs/periods.current_period).
    ReportKind.ZERO_REPORT: set(),
}
# Names that head a line in lists and the brief, and who told us, shown on one line in the lists and the download
# (a note or a reason may run over several lines).
ONE_LINE = frozenset({"team", "team_en", "title", "source"})
TEXT_LIMITS = {"source": 400, "note": 4000, "team": 200, "team_en": 200, "title": 300, "reason": 400}
COUNT_LIMITS = {"mass_kg": MAX_MASS_KG, "volume_m3": MAX_VOLUME_M3}
# Each count's own unit, as people type it after the number ("120人次", "30余户", "30 households"):
# the words parsing.parse_quantity_input accepts for that field (any case, spaces ignored). The first
# two name the unit when another one is refused ("人次 / person-times"). A disinfection category's
# unit is data (Category.units); forms.UNITS is the word shown after a stored figure.
COUNT_UNITS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("households_affected", "households_restored", "households_out"),
                    ("户", "households", "household")),
    **dict.fromkeys(("buildings_affected", "buildings_restored", "buildings_out"),
                    ("栋", "buildings", "幢", "building")),
    # Pumping and debris crews and disinfection staff are people ("20人", "20名"), never person-times.
    **dict.fromkeys(("people", "staff"), ("人", "people", "名", "person", "persons")),
    "person_times": ("人次", "person-times", "person-time", "person times", "person time"),
    "pumps": ("台", "pumps", "pump"),
    "truckloads": ("车次", "truckloads", "车", "truckload", "loads", "load"),
    "vehicles": ("辆", "vehicles", "台", "vehicle"),
    "volume_m3": ("立方米", "m³", "方", "立方"),
    "capacity_m3h": ("立方米/小时", "m³/h", "方/小时", "立方米/时", "方/时"),
    "mass_kg": ("公斤", "kg", "千克"),
}


def required_fields(kind: ReportKind) -> set[str]:
    """The fields a kind cannot do without: what the rules require and what the form marks with *."""
    # Interval kinds and outages derive observed_at from their own times when not given; a report on
    # a parent takes the parent's place.
    observed = {"observed_at"} if kind in (ReportKind.ACTIVITY, ReportKind.DISINFECTION, ReportKind.PUMPING) else set()
    place = set() if kind in (ReportKind.OUTAGE_UPDATE, ReportKind.PUMPING_VOLUME) else {"area_id"}
    return REQUIRED[kind] | observed | place


# Each kind's fields and required fields, worked out once (validate_report runs per row of an import).
KIND_FIELDS: dict[ReportKind, dict[str, str]] = {kind: {**COMMON, **FIELDS[kind]} for kind in ReportKind}
KIND_REQUIRED: dict[ReportKind, frozenset[str]] = {kind: frozenset(required_fields(kind) - {"area_id"})
                                                   for kind in ReportKind}
# Each count field's "more than" flag (households_affected → households_affected_lb).
LB_FIELDS = {name: f"{name}_lb" for fields in KIND_FIELDS.values() for name, ftype in fields.items() if ftype == COUNT}
# Each time field's precision field (started_at → started_precision).
PRECISION_FIELDS = {name: precision_field(name) for fields in KIND_FIELDS.values()
                    for name, ftype in fields.items() if ftype == TIME}
# A caller checking many reports at once (an import) may lend the rows they refer to, by model and
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


def check_text(value: Any, name: str, errors: dict[str, str]) -> str | None:
    """A stripped text within its length limit and free of control characters (None when empty)."""
    if value is not None and not isinstance(value, str):
        # A list or a number is not a title: say so rather than store its repr.
        errors[name] = NOT_TEXT
        return None
    text = (value or "").strip() or None
    if text is None:
        return None
    if len(text) > TEXT_LIMITS[name]:
        errors[name] = _l("is longer than %(n)s characters", n=TEXT_LIMITS[name])
    # PRINTABLE_TEXT: nearly every text is printable (str.isprintable: no character of the categories Cc, Cf,
    # Cs, Zl, Zp, nor a space but U+0020), and text_problem finds nothing in such a stripped text (its first
    # character is visible): one C call instead of three regexes and two loops over the characters
    # (validate_report 11.4 → 8.6 µs a row, benches/import_bench.py's rows; tests/imports/test_fast_paths.py).
    elif not text.isprintable() and (problem := text_problem(text, name)):
        errors[name] = problem
    return text


def text_problem(text: str, name: str) -> Message | None:
    """What a stripped, non-empty text may not hold: control or invalid characters, direction controls,
    nothing visible, and for a one-line field (ONE_LINE) a line break or invisible character."""
    if CONTROL_CHARS.search(text):
        return _l("contains control characters")
    if SURROGATES.search(text):
        return _l("contains invalid characters")
    if problem := free_text_problem(text):
        # A note of zero-width spaces is stored, and shows as nothing on every page and in the brief.
        return problem
    if name in ONE_LINE:
        return one_line_problem(text)
    return None


def check_flag(value: Any, name: str, errors: dict[str, str]) -> bool:
    """A yes/no field: true, false or absent (false); anything else ("false", 0) is refused, never bool()ed."""
    if value is None or isinstance(value, bool):
        return bool(value)
    errors[name] = NOT_A_FLAG
    return False


# Times that are forecasts, not observations: an estimated restoration is ahead of now by nature.
FORECASTS = frozenset({"etr_at"})
# Ends an edit may add after the report was made (it ended later), up to the edit's own moment.
ENDS = frozenset({"ended_at", "period_end"})
AFTER_REPORTED = _l("is after the report was made (reported_at): a report tells what had happened by then")


def _precision(raw: Any) -> Precision | None:
    """A precision as sent: absent means exact; a known name its member; anything else (False, 0, "abc") None."""
    if raw.__class__ is Precision:
        return raw
    if raw is None or raw == "":
        return Precision.EXACT
    try:
        return Precision(raw) if isinstance(raw, str) else None
    except ValueError:
        return None


def _check_time(errors: dict[str, str], clean: dict[str, Any], data: dict[str, Any], name: str,
                now: datetime, tz: ZoneInfo, reported_at: datetime | None = None, editing: bool = False) -> None:
    value = data.get(name)
    precision_name = PRECISION_FIELDS[name]
    precision = _precision(data.get(precision_name))
    if precision is None:  # junk is named even beside an absent time: it was sent, so it meant something
        errors[name] = UNKNOWN_PRECISION
        return
    if value is None or value == "":
        clean[name] = None
        clean[precision_name] = None
        return
    if isinstance(value, Message):  # parse_json_time could not place a local time: it says why
        errors[name] = value
        return
    if (problem := instant_problem(value, NOT_A_TIME)) is not None:
        errors[name] = problem
        return
    # A vague time is in the future only when even its earliest reading is: "this afternoon"
    # at 13:00 is stored as 15:00 (the middle of the afternoon) and is still honest.
    forecast = name in FORECASTS
    # An end learned after the report (a pumping that stopped) is added by an edit when it came.
    later_end = editing and name in ENDS
    # observed_at against a stated reported_at is _observed_before_reported's, naming reported_at.
    limit = now if name == "observed_at" or later_end or reported_at is None else min(reported_at, now)
    if not forecast and window(value, precision, tz).earliest > limit + FUTURE_TOLERANCE:
        # A report tells what had happened when it was made (a backdated one too): a planned end
        # is an expected time (etr_at).
        errors[name] = _l("is in the future") if limit >= now - FUTURE_TOLERANCE else AFTER_REPORTED
        return
    if precision not in (Precision.EXACT, Precision.APPROXIMATE):
        # A part of the day or a whole day is stored as the middle of its window, whoever sent it,
        # but never after the report was made (vague.representative holds the rule).
        # A forecast's vague window ("明天下午") lies ahead of the report: its middle, unclamped.
        placed_by = None if forecast else now if later_end else reported_at or now
        value = representative(value, precision, tz, placed_by)
    clean[name] = value
    clean[precision_name] = precision


def _time_key(data: dict[str, Any], name: str, now: datetime, reported_at: datetime | None,
              editing: bool) -> tuple[Any, ...] | None:
    """Everything _check_time's verdict on a time depends on (the zone is the frame's), or None when the
    time is not a placed instant or its precision is no plain value: those are checked each time."""
    value, precision = data.get(name), data.get(PRECISION_FIELDS[name])
    if value.__class__ is not datetime or not (precision is None or precision.__class__ in (Precision, str)):
        return None
    # The zone and fold too: two readings of one wall time in the same zone compare equal.
    return name, value, value.tzinfo, value.fold, precision, now, reported_at, editing


def _check_time_once(memo: dict[tuple[Any, ...], tuple[Any, ...]], key: tuple[Any, ...], errors: dict[str, str],
                     clean: dict[str, Any], data: dict[str, Any], name: str, now: datetime, tz: ZoneInfo,
                     reported_at: datetime | None, editing: bool) -> None:
    """_check_time, its verdict on the same key remembered in `memo` (TIMES_CHECKED_ONCE)."""
    found = memo.get(key)
    if found is None:
        mine: dict[str, str] = {}
        checked: dict[str, Any] = {}
        _check_time(mine, checked, data, name, now, tz, reported_at, editing)
        found = memo[key] = (tuple(mine.items()), tuple(checked.items()))
    problems, values = found
    errors.update(problems)
    clean.update(values)


MORE_THAN_ZERO = _l("“more than 0” is not a count: give the number, or leave it empty if it is not known")


def _check_count(errors: dict[str, str], clean: dict[str, Any], data: dict[str, Any], name: str,
                 limit: int) -> None:
    value = data.get(name)
    flag = LB_FIELDS[name]
    clean[flag] = check_flag(data.get(flag), flag, errors)
    if value.__class__ is int and 0 <= value <= limit:  # the usual case first (an import checks millions)
        if value or not clean[flag]:
            clean[name] = value
        else:  # "0余": some, but how many? Read as 0 it would end an outage that is still out.
            errors[name] = MORE_THAN_ZERO
        return
    if value is None or value == "":
        clean[name] = None
        return
    if isinstance(value, Message):  # parse_quantity_input read a number in another unit: it says which
        errors[name] = value
    elif isinstance(value, bool) or not isinstance(value, int):
        errors[name] = NOT_A_WHOLE_NUMBER
    elif value < 0:
        errors[name] = _l("must not be negative")
    elif value > limit:
        errors[name] = _l("is implausibly large (over %(n)s)", n=limit)
    else:
        clean[name] = value


def id_problem(value: Any, unknown: Message) -> Message:
    """Why a value is no id: required when empty, not a whole number ("abc", 1.5, true), else `unknown`
    (0, -1, beyond any id: a number, but of no record)."""
    if value is None or value == "":
        return REQUIRED_MSG
    if isinstance(value, bool) or not isinstance(value, int):
        return NOT_A_WHOLE_NUMBER
    return unknown


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
    # time) was a quarter of validate_report's time. The verdict depends only on the key (_time_key).
    checked: dict[tuple[Any, ...], tuple[Any, ...]] = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def of(cls, event: Event) -> EventFrame:
        """The frame of an event as it is now (build it again after changing the event)."""
        return cls(event, event.id, event.tz, event.area_id, event.starts_at - LEAD_TIME,
                   event.ends_at + LEAD_TIME if event.ends_at is not None else None)


def validate_report(session: Session, kind: ReportKind | str, data: dict[str, Any],
                    now: datetime | None = None, reported_at: datetime | None = None,
                    editing: bool = False, stored: dict[str, Any] | None = None,
                    frame: EventFrame | None = None) -> dict[str, Any]:
    """Check a report's fields; return the clean values or raise ValidationError naming each field.

    `reported_at`: when the report was made (default: now); none of its times but a forecast lies
    after it, and no vague time is placed after it. `editing`: an edit may add an end (ENDS) up to
    its own moment, as a pumping's end added when it ended. `stored`: an edited report's values
    before the edit; a figure and place it leaves as they were are not checked against the area's size.
    `frame`: the event's, when the caller checks many reports of it (an import); else built here.
    """
    kind = kind if kind.__class__ is ReportKind else ReportKind(kind)
    now = now or now_utc()
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    fields = KIND_FIELDS[kind]
    required = KIND_REQUIRED[kind]

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
    for name, ftype in fields.items():
        if name in required and data.get(name) in (None, ""):
            errors[name] = REQUIRED_MSG
            continue
        if ftype == TIME:
            key = _time_key(data, name, now, reported_at, editing) if memo is not None else None
            if memo is None or key is None:
                _check_time(errors, clean, data, name, now, tz, reported_at, editing)
            else:
                _check_time_once(memo, key, errors, clean, data, name, now, tz, reported_at, editing)
        elif ftype == COUNT:
            _check_count(errors, clean, data, name, COUNT_LIMITS.get(name, MAX_COUNT))
        elif ftype == TEXT:
            clean[name] = check_text(data.get(name), name, errors)
            if clean[name] is None and name in required and name not in errors:
                errors[name] = REQUIRED_MSG  # only spaces: nothing left once stripped
        elif ftype == FLAG:
            clean[name] = check_flag(data.get(name), name, errors)
        elif ftype == DAY:
            value = data.get(name)
            if value not in (None, "") and (isinstance(value, datetime) or not isinstance(value, date)):
                errors[name] = NOT_A_DAY
            else:
                clean[name] = value or None
        elif ftype == REF:
            if is_id(data.get(name)):
                clean[name] = data[name]
            else:
                errors[name] = id_problem(data.get(name), _l("unknown report"))

    placed = "area_id" not in errors and data.get("area_id") not in (None, "")  # else its parent's error is set
    area = lookup(session, Area, data["area_id"]) if placed else None
    if placed and area is None:
        errors["area_id"] = _l("unknown area")
    elif area is not None and frame is not None and not _within_event(session, area, frame, stored):
        errors["area_id"] = OUTSIDE_EVENT
    if errors:
        raise ValidationError(errors)
    clean["event_id"] = data["event_id"]
    clean["area_id"] = data["area_id"]
    kind_rules(session, kind, clean, data, area, errors, sent=reported_at or now, stored=stored)
    if frame is not None:
        _observed_near_event(clean, data, frame, errors)
    if reported_at is not None and frame is not None:
        _observed_before_reported(clean, reported_at, tz, errors)
    if errors:
        raise ValidationError(errors)
    return clean


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


def check_reported_at(value: Any, precision: Any, now: datetime) -> datetime:
    """A stated reported_at (when the office learned of the report), or ValidationError (reported_at_problem)."""
    problem = reported_at_problem(value, precision, now)
    if problem is not None:
        raise ValidationError({"reported_at": problem})
    return value


# Preparations (pumps placed, residents moved) come days ahead of a storm; a month ahead is a mistyped year.
# After an ended event the same window: the clean-up's last reports come days after it closed, a
# report months later is a mistyped year (or the wrong event) that no brief would ever show.
LEAD_TIME = timedelta(days=7)


def _observed_near_event(clean: dict[str, Any], data: dict[str, Any], frame: EventFrame,
                         errors: dict[str, str]) -> None:
    """Refuse a fact seen over LEAD_TIME before the event began, or after an ended event's end: it would
    swell the first brief unseen, or count in none."""
    observed = clean.get("observed_at")
    if _long_before(observed, clean.get("observed_precision"), frame.earliest, frame.tz):
        name = _as_given(clean, data, ("started_at", "period_end", "period_start"))
        # A rule already broken on the field (an end before its start) says more than this one.
        errors.setdefault(name, _before_began(frame))
    # observed_at is an interval's end: a mistyped year in its start (2020 for 2021) would spread the
    # volume over a year, nearly all of it before the event, and the briefs would show a fraction.
    if _long_before(clean.get("period_start"), clean.get("period_start_precision"), frame.earliest, frame.tz):
        errors.setdefault("period_start", _before_began(frame))
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
    observed = clean.get("observed_at")
    if _long_after(observed, clean.get("observed_precision"), latest, frame.tz):
        name = _as_given(clean, data, ("period_end", "started_at", "period_start"))
        errors.setdefault(name, _after_ended(frame))
    if _long_after(clean.get("period_end"), clean.get("period_end_precision"), latest, frame.tz):
        errors.setdefault("period_end", _after_ended(frame))


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
    return window(at, precision or Precision.EXACT, tz).latest < earliest


def _long_after(at: Any, precision: Any, latest: datetime, tz: ZoneInfo) -> bool:
    """Whether even the earliest reading of a (possibly vague) time falls after `latest`."""
    if at.__class__ is not datetime or at <= latest:
        return False
    return window(at, precision or Precision.EXACT, tz).earliest > latest


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


def _area_from_parent(session: Session, kind: ReportKind, data: dict[str, Any]) -> dict[str, Any]:
    """A report on a parent belongs to the parent's place: it is stored there, whatever place came with it
    (the writer's scope is checked on both before this, by policy)."""
    field = parent_field(kind)
    sent = data.get("area_id")
    if field is None or not is_id(data.get(field)) or (sent not in (None, "") and not is_id(sent)):
        return data  # a junk place is refused by name below, not quietly replaced
    parent = session.get(Report, data[field])
    return {**data, "area_id": parent.area_id} if parent is not None else data


def check_reason(reason: Any) -> str | None:
    """The reason for sending a report back or retracting it: stripped, bounded, printable."""
    errors: dict[str, str] = {}
    text = check_text(reason, "reason", errors)
    if errors:
        raise ValidationError(errors)
    return text
