"""Checking one value of a report: a text, a yes/no flag, a time (with its precision), a count, an id, a reason.

Each check reads the sent value and writes the clean one, or a message naming what is wrong; validate_report
(validation.py) runs them over a kind's fields (fields.py).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from incidents.errors import Message, ValidationError
from incidents.limits import (
    BLANK_LOOKING,
    NONCHARACTERS,
    count_problem,
    free_text_problem,
    instant_problem,
    is_id,
    one_line_problem,
)
from incidents.reports.fields import LB_FIELDS, ONE_LINE, PRECISION_FIELDS, TEXT_LIMITS
from incidents.reports.messages import (
    NOT_A_FLAG,
    NOT_A_TIME,
    NOT_TEXT,
    REQUIRED_MSG,
    UNKNOWN_PRECISION,
)
from incidents.vague import PARTS_OF_DAY, Precision, representative, window

# A field report may be a little ahead of the server's clock, not more.
FUTURE_TOLERANCE = timedelta(minutes=5)
# PostgreSQL refuses NUL in text and control characters have no place in a field report; nor have the
# noncharacters, which no workbook or Word file can hold (limits.NONCHARACTERS).
CONTROL_CHARS = re.compile(rf"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f{NONCHARACTERS}]")
# A lone surrogate ("\ud800" in JSON) is no character at all: no database can store it.
SURROGATES = re.compile("[\ud800-\udfff]")


# The keyword babel extracts: every message below lands in the reports catalog.
_l = Message


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
    # Printable too, the blank fillers and marks that show nothing alone (limits.BLANK_LOOKING) are looked for.
    elif (not text.isprintable() or BLANK_LOOKING.search(text)) and (problem := text_problem(text, name)):
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
# How far after its report a forecast may lie (FORECASTS): weeks for a flooded substation, months at worst; a year on
# is a mistyped year (2027 for 2026, 2999), shown as 预计恢复 on the outage's page and in every download.
FORECAST_AHEAD = timedelta(days=180)
FAR_AHEAD = _l("is over %(n)s days after the report was made: check the year")
# Ends an edit may add after the report was made (it ended later), up to the edit's own moment.
ENDS = frozenset({"ended_at", "period_end"})
AFTER_REPORTED = _l("is after the report was made: a report tells what had happened by then")


# The parts of the day (and the day) a clock may be sent beside, each named in a refusal as the form's choice says it.
PARTS = {Precision.MORNING: _l("morning"), Precision.AFTERNOON: _l("afternoon"), Precision.EVENING: _l("evening"),
         Precision.NIGHT: _l("night"), Precision.DAY: _l("that day")}
OUTSIDE_PART = _l("%(clock)s is not in the %(part)s (%(window)s): leave the clock time out, or choose the part of the "
                  "day it falls in")


def outside_part(at: datetime, precision: Precision, tz: ZoneInfo) -> Message:
    """Why a clock time beside a part of the day is refused: it lies outside that part's hours."""
    start, end = PARTS_OF_DAY[precision]
    hours = f"{start:02d}:00–{end:02d}:00"
    return _l(OUTSIDE_PART.msgid, clock=at.astimezone(tz).strftime("%H:%M"), part=PARTS[precision], window=hours)


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
    if forecast and window(value, precision, tz).earliest > limit + FORECAST_AHEAD:
        errors[name] = Message(FAR_AHEAD.msgid, n=FORECAST_AHEAD.days)
        return
    if precision in PARTS:
        # A clock sent beside a part of the day (15:30 下午) is what the worker knew: kept where it lies in that part,
        # refused where it does not (09:00 下午 says two things); a part sent without one is at its middle (the form and
        # parse_json_time place it so). Never after the report was made, as vague.representative places a part.
        spans = window(value, precision, tz)
        if not spans.earliest <= value <= spans.latest:
            errors[name] = outside_part(value, precision, tz)
            return
        placed_by = None if forecast else now if later_end else reported_at or now
        if placed_by is not None and placed_by < value:
            value = max(spans.earliest, placed_by)
    elif precision != Precision.EXACT:
        # 约21:00 at 21:00, but never after the report was made (vague.representative holds the rule): 约21:00 told at
        # 20:50 is at 20:50. A forecast's vague window ("明天下午") lies ahead of the report: its middle, unclamped.
        placed_by = None if forecast else now if later_end else reported_at or now
        value = representative(value, precision, tz, placed_by)
    clean[name] = value
    clean[precision_name] = precision


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
    problem = count_problem(value, limit)
    if problem is None:
        clean[name] = value
    else:
        errors[name] = problem


# A value no record's id can be (-3, 0, "٣", 1.5, "abc", true, 20 digits): not "required" (one was sent) nor
# "unknown report" (that is for a whole number from 1 that names nothing).
NOT_AN_ID = _l("is not a valid id: a record's number is a whole number from 1")


def id_problem(value: Any, unknown: Message) -> Message:
    """Why a value is no id: required when empty, NOT_AN_ID when no record could have it, else `unknown`."""
    if value is None or value == "":
        return REQUIRED_MSG
    if not is_id(value):
        return NOT_AN_ID
    return unknown


def check_reason(reason: Any) -> str | None:
    """The reason for sending a report back or retracting it: stripped, bounded, printable."""
    errors: dict[str, str] = {}
    text = check_text(reason, "reason", errors)
    if errors:
        raise ValidationError(errors)
    return text
