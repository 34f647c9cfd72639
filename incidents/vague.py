"""Honest vagueness: time precision, the window a vague time stands for, lower bounds."""

from __future__ import annotations

import enum
import functools
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo


class Precision(enum.StrEnum):
    """How precisely a time is known; part-of-day values name the part."""

    EXACT = "exact"
    APPROXIMATE = "approximate"
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"
    NIGHT = "night"
    DAY = "day"


# The precisions a clock time is given with (at, about); the others name a part of the day or the day.
CLOCKED = frozenset({Precision.EXACT, Precision.APPROXIMATE})
# Local windows for parts of a day: (start hour, end hour).
PARTS_OF_DAY = {
    Precision.NIGHT: (0, 6),
    Precision.MORNING: (6, 12),
    Precision.AFTERNOON: (12, 18),
    Precision.EVENING: (18, 24),
}
# "About 21:00" means within half an hour either side.
APPROXIMATE_SPREAD = timedelta(minutes=30)


@dataclass(frozen=True)
class Window:
    """The interval a vague time may fall in, as aware datetimes."""

    earliest: datetime
    latest: datetime


def to_the_minute(at: datetime) -> datetime:
    """An instant without its seconds: the form offers minutes, so two times in one minute are one time to a rule."""
    return at.replace(second=0, microsecond=0)


def minute_before(first: datetime, then: datetime) -> bool:
    """Whether `first` falls in an earlier minute than `then`: every rule that orders two times asks this (a form's
    14:05 is not before 14:05:40 sent by the API or an import), vague times by the bounds of their windows."""
    return to_the_minute(first) < to_the_minute(then)


def ended_no_earlier(start: datetime, end: datetime) -> datetime:
    """The end stored for one not in an earlier minute than its start (minute_before): an end in the start's minute
    (a form's 14:05 for 14:05:40 sent by the API) is the start itself, never an end before it began."""
    return max(start, end)


def _local_day_bounds(day_start_local: datetime, tz: ZoneInfo) -> tuple[datetime, datetime]:
    d = day_start_local.date()
    start = datetime.combine(d, time(0), tz)
    end = datetime.combine(d + timedelta(days=1), time(0), tz)
    return start, end


def window(at: datetime, precision: Precision | str, tz: ZoneInfo) -> Window:
    """The window of local time a recorded (at, precision) stands for."""
    # Called several times per report by the rules (an import: per row): the enum lookup only for
    # a plain string, the zone conversion only for a part of the day or a whole day.
    if precision.__class__ is not Precision:
        precision = Precision(precision)
    if precision is Precision.EXACT:
        return Window(at, at)
    if precision is Precision.APPROXIMATE:
        return Window(at - APPROXIMATE_SPREAD, at + APPROXIMATE_SPREAD)
    return _zoned_window(at, precision, tz)


@functools.lru_cache(maxsize=4096)
def _zoned_window(at: datetime, precision: Precision, tz: ZoneInfo) -> Window:
    """The window of a part of the day or a whole day: zone arithmetic, remembered (pure, and asked again
    and again: each vague time is checked by several rules, and a day's reports share their parts of the day)."""
    local = at.astimezone(tz)
    if precision is Precision.DAY:
        start, end = _local_day_bounds(local, tz)
        return Window(start, end)
    start_h, end_h = PARTS_OF_DAY[precision]
    d = local.date()
    start = datetime.combine(d, time(start_h), tz)
    end = (datetime.combine(d + timedelta(days=1), time(0), tz) if end_h == 24
           else datetime.combine(d, time(end_h), tz))
    return Window(start, end)


def representative(at: datetime, precision: Precision | str, tz: ZoneInfo,
                   reported_at: datetime | None = None) -> datetime:
    """The instant stored for a vague time: the middle of its window, never after it was reported.

    Computations (the timeline's state rule in SQL, briefs) use this instant. "下午" logged at 14:36
    is placed at 14:36, not at 15:00, so it counts from the moment it was known; a report a little
    ahead of its window's start (clock skew) is placed at the start.
    """
    w = window(at, precision, tz)
    middle = w.earliest + (w.latest - w.earliest) / 2
    if reported_at is not None and reported_at < middle:
        return max(w.earliest, reported_at)
    return middle


class LocalTimeError(ValueError):
    """A local clock time the event's zone cannot turn into one instant by itself."""

    def __init__(self, wall: datetime, tz: ZoneInfo, candidates: list[datetime]) -> None:
        super().__init__(f"{wall:%Y-%m-%d %H:%M} in {tz.key}: " + (
            " or ".join(c.astimezone(tz).isoformat() for c in candidates) or "does not exist"))
        self.wall, self.tz, self.candidates = wall, tz, candidates


class AmbiguousLocalTime(LocalTimeError):
    """The clocks went back: the time happened twice; `candidates` holds both instants, earlier first."""


class NonexistentLocalTime(LocalTimeError):
    """The clocks went forward: the time never happened (the spring gap)."""


def local_candidates(day: date, clock: time, tz: ZoneInfo) -> list[datetime]:
    """Every instant (UTC) at which the zone's clocks read day + clock: one, two (a repeated hour) or none."""
    wall = datetime.combine(day, clock)
    found: list[datetime] = []
    for fold in (0, 1):
        try:
            at = wall.replace(tzinfo=tz, fold=fold).astimezone(UTC)
        except OverflowError:  # the calendar's very edges (year 1, 9999): the rules refuse them anyway
            return [wall.replace(tzinfo=tz)]
        # A time in the gap does not survive the round trip; a repeated one does for both folds.
        if at.astimezone(tz).replace(tzinfo=None) == wall and at not in found:
            found.append(at)
    return sorted(found)


def local_instant(day: date, clock: time, tz: ZoneInfo, offset: timedelta | None = None) -> datetime:
    """The one parser of local clock times: the instant (UTC) that day + clock names in the zone.

    Never guesses: a time the clocks skipped raises NonexistentLocalTime; a time they showed twice
    raises AmbiguousLocalTime unless `offset` (the UTC offset the reporter meant) picks one.
    """
    found = local_candidates(day, clock, tz)
    if len(found) == 1:
        return found[0]
    wall = datetime.combine(day, clock)
    if not found:
        raise NonexistentLocalTime(wall, tz, [])
    for at in found:
        if offset is not None and at.astimezone(tz).utcoffset() == offset:
            return at
    raise AmbiguousLocalTime(wall, tz, found)


class SpellingError(ValueError):
    """A time typed in a spelling that says something no reading can keep: refused, saying what (never guessed)."""


class OffsetWithSeconds(SpellingError):
    """A UTC offset with seconds (+08:00:30): no zone has used one since 1972 (Monrovia, -00:44:30): a slip."""

    def __init__(self, offset: timedelta) -> None:
        sign, rest = ("-", -offset) if offset < timedelta(0) else ("+", offset)
        minutes, seconds = divmod(rest.seconds, 60)
        fraction = f".{rest.microseconds:06d}".rstrip("0") if rest.microseconds else ""
        self.typed = f"{sign}{minutes // 60:02d}:{minutes % 60:02d}:{seconds:02d}{fraction}"
        super().__init__(f"UTC offset with seconds: {self.typed}")


class AboutWithoutClock(SpellingError):
    """"~" (about) with no clock after it: about what? Read as the whole day, the "about" was lost."""

    def __init__(self, day: date) -> None:
        super().__init__(f"{day.isoformat()} ~: about needs a clock time after it")
        self.day = day


_Clocked = TypeVar("_Clocked", datetime, time)


def whole_minute_offset(value: _Clocked) -> _Clocked:
    """`value` as read, if its UTC offset (when it has one) is whole minutes; else OffsetWithSeconds."""
    offset = value.utcoffset()
    if offset is not None and offset % timedelta(minutes=1):
        raise OffsetWithSeconds(offset)
    return value


# A calendar date in ISO's extended form opens every time we read: Python's fromisoformat also takes week
# dates ("2021-W30" = Monday 00:00) and ordinal or basic forms, read as an exact instant nobody meant.
CALENDAR_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}(?![0-9])")


def iso_datetime(text: str) -> datetime:
    """datetime.fromisoformat of a text that starts with a calendar date (YYYY-MM-DD); else ValueError.

    An offset with seconds is OffsetWithSeconds; a fraction of a second past six digits (Go's RFC3339Nano and
    JS libraries send nine) is cut to the microsecond, never rounded up past the instant sent.
    """
    if not CALENDAR_DATE_RE.match(text):
        raise ValueError(f"{text[:40]!r}: not a calendar date and time")
    return whole_minute_offset(datetime.fromisoformat(text))


# An instant typed into a URL: an offset's "+" not sent as %2B arrives as a space ("…T01:00 08:00"). Only a
# time followed by a space and an offset reads so; the + is put back rather than the instant refused (an offset
# with seconds too, so that it is refused saying so: OffsetWithSeconds).
PLUS_AS_SPACE = re.compile(
    r"(\d{4}-\d{1,2}-\d{1,2}[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}(?::?\d{2}(?::?\d{2}(?:\.\d+)?)?)?)")


def plus_from_url(text: str) -> str:
    """A query parameter's instant with the + of its offset back, when the URL turned it into a space."""
    return PLUS_AS_SPACE.sub(r"\1+\2", text) if PLUS_AS_SPACE.fullmatch(text) else text


def parse_instant(text: str, tz: ZoneInfo) -> datetime:
    """An instant given as ISO 8601 with an offset (or Z), or as a local date and time of the zone.

    "2021-07-24T18:00+08:00", "2021-07-24T10:00Z", "2021-07-24 18:00" (local, through
    local_instant: a time the clocks showed twice or skipped raises LocalTimeError). Anything
    else, or a year outside 1900-2999, raises ValueError.
    """
    value = iso_datetime(str(text).strip().replace("Z", "+00:00").replace("z", "+00:00"))
    if not 1900 <= value.year < 3000:
        raise ValueError(f"{text!r}: year out of range")
    if value.tzinfo is None:
        return local_instant(value.date(), value.time(), tz)
    return value.astimezone(UTC)


OFFSET_RE = re.compile(r"^([+\-\u2212])(\d{2}):?(\d{2})$")


def offset_text(at: datetime) -> str:
    """An aware time's UTC offset as a form sends it back: "-04:00", "+08:00"."""
    utcoffset = at.utcoffset()
    if utcoffset is None:  # a naive time has no offset to send back; forms hold aware times only
        raise ValueError("offset_text needs an aware time")
    minutes = int(utcoffset.total_seconds()) // 60
    return f"{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def parse_offset(text: str | None) -> timedelta | None:
    """"-04:00" (or "−0400", "+08:00") as a timedelta; None when empty or unreadable."""
    match = OFFSET_RE.match((text or "").strip())
    if match is None:
        return None
    sign = -1 if match.group(1) in "-\u2212" else 1
    return sign * timedelta(hours=int(match.group(2)), minutes=int(match.group(3)))


def part_of_day_for(local: datetime) -> Precision:
    """Which part of the day a local time falls in."""
    for part, (start_h, end_h) in PARTS_OF_DAY.items():
        if start_h <= local.hour < end_h:
            return part
    raise AssertionError("unreachable: every hour falls in a part of the day")


PART_WORDS = {p.value: p for p in PARTS_OF_DAY}


def parse_local(text: str, tz: ZoneInfo) -> tuple[datetime, Precision]:
    """Parse "2021-07-24 21:00", "2021-07-24 ~21:00", "2021-07-24 afternoon" or "2021-07-24".

    Clock times go through local_instant (raises LocalTimeError, a ValueError, where it would guess); "~" with
    no clock after it and an offset with seconds raise SpellingError (a ValueError too).
    """
    text = str(text).strip()
    day_text, _, rest = text.partition(" ")
    try:
        day = datetime.strptime(day_text, "%Y-%m-%d").date()
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)") from exc
    rest = rest.strip()
    midnight = datetime.combine(day, time(0), tz)
    if not rest:
        return representative(midnight, Precision.DAY, tz), Precision.DAY
    if rest in PART_WORDS:
        return representative(midnight, PART_WORDS[rest], tz), PART_WORDS[rest]
    precision = Precision.EXACT
    if rest.startswith("~"):
        precision, rest = Precision.APPROXIMATE, rest[1:]
        if not rest.strip():  # "2021-07-24 ~": about no clock (the day alone is the whole day)
            raise AboutWithoutClock(day)
    try:
        clock = time.fromisoformat(rest)  # "21:00", or "01:30-05:00" with the offset it was read at
    except ValueError as exc:
        raise ValueError(f"{text!r}: time must be HH:MM, ~HH:MM or a part of the day") from exc
    if whole_minute_offset(clock).tzinfo is not None:
        return datetime.combine(day, clock).astimezone(UTC), precision
    return local_instant(day, clock, tz), precision


def parse_quantity(value: int | str | None) -> tuple[int | None, bool]:
    """Parse 30 or "30+" (at least 30) into (value, lower_bound)."""
    if value is None:
        return None, False
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, int):
        return value, False
    text = str(value).strip().replace(",", "")
    lower = text.endswith("+")
    try:
        return int(text.rstrip("+")), lower
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a whole number (use 30 or 30+)") from exc


def precision_field(time_field: str) -> str:
    """The precision column beside a time column: started_at → started_precision."""
    return time_field.removesuffix("_at") + "_precision"
