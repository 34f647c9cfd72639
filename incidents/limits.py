"""Plausible ranges every record's rules share: ids, counts and instants (reports, events, areas alike)."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Any, TypeGuard
from zoneinfo import ZoneInfo

from incidents.errors import Message

_l = Message

# Ids are INTEGER columns: 2**31 - 1 on PostgreSQL; SQLite's 64-bit ids never get that far.
MAX_ID = 2**31 - 1
# More than ten million households or people in one place is a typing error.
MAX_COUNT = 10_000_000
# Nothing in this log happened before 1900 or after 2999: such years are typing errors (and the
# edges of the calendar, where window and period arithmetic would overflow).
EARLIEST = datetime(1900, 1, 1, tzinfo=ZoneInfo("UTC"))
LATEST = datetime(3000, 1, 1, tzinfo=ZoneInfo("UTC"))
# A time outside them says so with the bounds: "must be a date and time" of 9999-12-31 sent the sender
# looking at its spelling. The years are text: a number would be shown as 1,900.
OUTSIDE_YEARS = _l("must be between the years %(first)s and %(last)s: check the year",
                   first=str(EARLIEST.year), last=str(LATEST.year - 1))


# A count's shared wording: a report's, a disinfection category's and an area's households alike.
NOT_A_WHOLE_NUMBER = _l("must be a whole number")
NEGATIVE = _l("must not be negative")


def count_problem(value: Any, limit: int = MAX_COUNT) -> Message | None:
    """Why a given count is refused (not whole, negative, over `limit`; a parser's Message as it is), or None."""
    if isinstance(value, Message):  # the parser read a number in another unit, an estimate, a range: it says which
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        return NOT_A_WHOLE_NUMBER
    if value < 0:
        return NEGATIVE
    if value > limit:
        return _l("is implausibly large (over %(n)s)", n=limit)
    return None


def in_years(year: int) -> bool:
    """Whether a year lies within those this log holds (EARLIEST to LATEST)."""
    return EARLIEST.year <= year < LATEST.year


# What a one-line name (an event, a place, a team, a title, a person, a recipient) may not hold:
# control characters (line breaks, tabs), invisible formatting (zero-width spaces; bidirectional
# overrides, which show a name reversed) and line separators. A name made of them looks blank or
# lies about itself on every page and in every brief. Full-width spaces (U+3000) are spaces and stay.
NOT_IN_A_NAME = frozenset({"Cc", "Cf", "Zl", "Zp"})
# No characters at all (Unicode's noncharacters U+FFFE, a byte-order mark read backwards, and U+FFFF), which XML 1.0
# forbids: stored, each is left out of every XLSX cell and DOCX run (tables.xml_text) — until 7 December one made
# them a 500. Refused in any text, with the control characters (reports/values.CONTROL_CHARS) and in a name here.
NONCHARACTERS = "\ufffe\uffff"
# Letters and a symbol that show as a blank, yet are neither spaces nor formatting to Unicode: the Hangul fillers
# and the blank Braille pattern. "北大街" + U+3164 passed for 北大街, and a name of them alone was shown blank.
BLANK_FILLERS = "\u115f\u1160\u3164\uffa0\u2800"
# Marks that show nothing by themselves (default-ignorable: the combining grapheme joiner, the variation selectors,
# Mongolian's and Khmer's invisible ones). After a character they may pick its form (an ideographic variation
# sequence, a rare surname's glyph), so they stay in a name; alone they are nothing visible.
SHOWS_NOTHING_ALONE = "\u034f\u17b4\u17b5\u180b-\u180f\ufe00-\ufe0f\U000e0100-\U000e01ef"
# Either: what str.isprintable() lets through that may still leave a text blank (a fast path must look for them).
BLANK_LOOKING = re.compile(f"[{BLANK_FILLERS}{SHOWS_NOTHING_ALONE}]")
NOT_ONE_LINE = _l("must be one line of visible text: no line breaks, tabs or invisible characters")


# The zero-width joiner is formatting, yet between two pictographs it makes the one a phone's keyboard offers:
# 👨‍🚒 (a firefighter), 👷‍♂️, 🏳️‍🌈. There it hides nothing and stays; anywhere else ("北" ZWJ "大街") it is refused.
ZWJ = "\u200d"
# What may stand between a pictograph and the joiner: a variation selector (🏳️) or a skin tone (👨🏻).
_PICTOGRAPH_TAIL = re.compile("[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]*$")


def _joins_pictographs(text: str, i: int) -> bool:
    """Whether text[i], a zero-width joiner, stands between two pictographs (symbols, "So")."""
    before = _PICTOGRAPH_TAIL.sub("", text[:i])
    return (i + 1 < len(text) and bool(before) and unicodedata.category(before[-1]) == "So"
            and unicodedata.category(text[i + 1]) == "So")


def one_line_problem(text: str | None) -> Message | None:
    """NOT_ONE_LINE when a name holds a character NOT_IN_A_NAME (but a pictographs' joiner) or a blank filler, or
    shows nothing; else None."""
    if text and (any((unicodedata.category(c) in NOT_IN_A_NAME and not (c == ZWJ and _joins_pictographs(text, i)))
                     or c in BLANK_FILLERS or c in NONCHARACTERS for i, c in enumerate(text))
                 or (text.strip() and nothing_visible(text))):
        return NOT_ONE_LINE
    return None


def nothing_visible(text: str) -> bool:
    """Whether a text is only spaces, invisible formatting, blank fillers and marks that show nothing alone."""
    return all(c.isspace() or unicodedata.category(c) in NOT_IN_A_NAME or BLANK_LOOKING.match(c) for c in text)


# Direction overrides, embeddings and isolates: what follows one is shown reversed or reordered, so a
# note, a source or a description could read otherwise on the page and in the brief than it was stored.
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
REVERSED = _l("contains direction controls (which show the text reversed)")
INVISIBLE = _l("holds no visible character")


def free_text_problem(text: str) -> Message | None:
    """What a free text (a note, a reason, an event's description; line breaks allowed) may not be:
    shown reversed by direction controls, or nothing visible (zero-width spaces alone look blank)."""
    if DIRECTION_CONTROLS.search(text):
        return REVERSED
    if nothing_visible(text):
        return INVISIBLE
    return None


# The year a typed time begins with (2021-07-24, 2021/7/24, 2021年7月24日).
TYPED_YEAR = re.compile(r"([0-9]{4})\s*[-/.年]")


def typed_year_outside(text: str) -> bool:
    """Whether a typed time opens with a year this log does not hold ("9999-01-01", "0001年…")."""
    year = TYPED_YEAR.match(unicodedata.normalize("NFKC", text))
    return year is not None and not in_years(int(year.group(1)))


def is_id(value: Any) -> TypeGuard[int]:
    """A plausible row id: a positive integer that fits every backend's integer column."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def is_instant(value: Any) -> TypeGuard[datetime]:
    """A zoned date and time within the years this log can hold."""
    return isinstance(value, datetime) and value.tzinfo is not None and EARLIEST <= value < LATEST


def instant_problem(value: Any, not_a_time: Message) -> Message | None:
    """Why a value is no instant the log can hold: `not_a_time`, or OUTSIDE_YEARS for a time beyond them.

    A form hands on the text of a time its field would not read; one typed with such a year ("3000-01-01T00:00")
    is named as the API names it, not sent to look at its spelling.
    """
    if is_instant(value):
        return None
    if isinstance(value, datetime) and value.tzinfo is not None:
        return OUTSIDE_YEARS
    return OUTSIDE_YEARS if isinstance(value, str) and typed_year_outside(value) else not_a_time


# An edit form's hidden version is the record's version as the page wrote it (1, 2, ...). Anything else was not
# written by the page: read as -1 it got the 409 page saying someone else had changed the record first.
GARBLED_VERSION = _l("The form's version cannot be read: nothing was saved. Open the page again and make "
                     "your change there")


def form_version(text: str | None) -> int | None:
    """The version an edit form was opened at, or None when the text is no version (versions count from 1)."""
    return parse_id((text or "").strip())


def parse_id(text: str) -> int | None:
    """A query parameter's id or count as typed: a positive whole number within the id range, else None."""
    value = int(text) if text.isascii() and text.isdigit() and len(text) <= 10 else None
    return value if is_id(value) else None
