"""The two moments of a timeline from what a person or a client typed: "as of" t, "as known at" k.

One rule for the page, its exports and the API: ISO 8601 with an offset, or a local time of the
event's zone read by the one parser (never guessed across a clock change); not in the future;
not more than a day before the event began. Without t, the live view: now, or a closed event's end, as known now.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from incidents.days import live_at
from incidents.db import now_utc
from incidents.errors import Message, ValidationError
from incidents.events.models import Event
from incidents.inputs import SECOND_NAMES
from incidents.limits import OUTSIDE_YEARS, typed_year_outside
from incidents.reports.parsing import spelling_problem
from incidents.vague import (
    AmbiguousLocalTime,
    LocalTimeError,
    SpellingError,
    minute_before,
    parse_instant,
    plus_from_url,
)

_l = Message

# A moment a little ahead of the server clock is a clock skew, further is a typing error.
FUTURE_TOLERANCE = timedelta(minutes=5)
NOT_A_MOMENT = _l("not a date and time (YYYY-MM-DD HH:MM)")
TWICE = _l("happened twice (the clocks went back): give its offset, %(first)s or %(second)s")
NEVER = _l("does not exist: the clocks went forward past it")
FUTURE = _l("is in the future")
BOTH_NAMES = _l("is another name for %(name)s: give one of them")
# The limit is named: "is before the event began" refused two days before while a day before was taken.
BEFORE_EVENT = _l("is more than a day before the event began: the earliest is %(earliest)s")
# What a moment before the start shows is what was reported ahead of the storm; earlier is a typing error.
LEAD = timedelta(days=1)


def moment(field: str, text: str | None, event: Event, now: datetime | None = None) -> datetime | None:
    """A typed moment (None when empty); ValidationError naming `field` when it cannot be used."""
    text = (text or "").strip()
    if not text:
        return None
    text = plus_from_url(text)  # a moment is typed into a URL: "+08:00" arrives as " 08:00"
    tz = event.tz
    try:
        value = parse_instant(text, tz)
    except AmbiguousLocalTime as exc:
        first, second = (c.astimezone(tz).isoformat(timespec="minutes") for c in exc.candidates)
        raise ValidationError({field: _l(TWICE.msgid, first=first, second=second)}) from exc
    except LocalTimeError as exc:
        raise ValidationError({field: NEVER}) from exc
    except SpellingError as exc:  # an offset with seconds: said so, not "not a date and time"
        raise ValidationError({field: spelling_problem(exc)}) from exc
    except (ValueError, OverflowError) as exc:
        # "9999-01-01" is a date and time, of a year this log does not hold: say which is wrong.
        raise ValidationError({field: OUTSIDE_YEARS if typed_year_outside(text) else NOT_A_MOMENT}) from exc
    if value > (now or now_utc()) + FUTURE_TOLERANCE:
        raise ValidationError({field: FUTURE})
    # Before the event there is nothing to show; year 1 would overflow the day arithmetic.
    earliest = event.starts_at - LEAD
    if minute_before(value, earliest):
        shown = earliest.astimezone(tz).strftime("%Y-%m-%d %H:%M")
        raise ValidationError({field: _l(BEFORE_EVENT.msgid, earliest=shown)})
    return value


def moments(event: Event, at_text: str | None, known_text: str | None, now: datetime | None = None,
            names: tuple[str, str] = ("as_of", "known_at")) -> tuple[datetime | None, datetime | None]:
    """Both moments as typed (None for each left empty); every bad one named in one ValidationError."""
    errors: dict[str, str] = {}
    found: list[datetime | None] = []
    for name, text in zip(names, (at_text, known_text), strict=True):
        try:
            found.append(moment(name, text, event, now))
        except ValidationError as exc:
            errors.update(exc.errors)
            found.append(None)
    if errors:
        raise ValidationError(errors)
    return found[0], found[1]


# The pages and their downloads name the moments `at` and `known`; the API `as_of` and `known_at`. A
# download link built from the API's names used to be answered for now, the moments silently dropped.
PAGE_NAMES = tuple((first, second) for second, first in SECOND_NAMES.items())  # (("at", "as_of"), ...)


def page_moments(event: Event, args: Mapping[str, str]) -> tuple[datetime | None, datetime | None]:
    """A page's or download's moments from its query: `at`/`known`, or the API's `as_of`/`known_at` alike."""
    given = [[n for n in pair if args.get(n) not in (None, "")] for pair in PAGE_NAMES]
    # Both names of one moment: which was meant cannot be known (one of them was read, the other dropped unsaid).
    both: dict[str, str] = {pair[1]: _l(BOTH_NAMES.msgid, name=pair[0])
                            for pair, found in zip(PAGE_NAMES, given, strict=True) if len(found) > 1}
    names = tuple(found[0] if found else pair[0] for pair, found in zip(PAGE_NAMES, given, strict=True))
    try:
        found_moments = moments(event, args.get(names[0]), args.get(names[1]), names=(names[0], names[1]))
    except ValidationError as exc:
        raise ValidationError({**exc.errors, **both}) from None
    if both:
        raise ValidationError(both)
    return found_moments


def resolved(event: Event, at: datetime | None, known_at: datetime | None,
             now: datetime | None = None) -> tuple[datetime, datetime]:
    """The moments a view shows: without `at`, now (or the event's end) as known now; `known_at` defaults to `at`."""
    if at is None:
        now = now or now_utc()
        return live_at(event, now), known_at or now
    return at, known_at or at
