"""Parsing what people type (forms, import cells) and send (JSON) into the values reports/validation.py checks.

The rules and their messages stay in validation.py; this turns "30余", "12.5 t", "下午" or an ISO
time with its offset into typed values (or the message saying why it cannot).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any, overload
from zoneinfo import ZoneInfo

from incidents.errors import Message
from incidents.limits import OUTSIDE_YEARS, in_years, typed_year_outside
from incidents.reports.messages import (
    A_RANGE,
    ABOUT_NO_CLOCK,
    AT_MOST,
    CLOCK_NEEDED,
    ESTIMATE,
    NEVER_HAPPENED,
    NOT_A_CLOCK,
    NOT_A_DAY,
    NOT_A_NUMBER,
    NOT_A_TIME,
    OFFSET_SECONDS,
    OTHER_UNIT,
    RUNNING_TOTAL,
    TWICE_CHOOSE,
    TWICE_OFFSET,
    UNKNOWN_PRECISION,
)
from incidents.reports.validation import MAX_MASS_KG
from incidents.vague import (
    CLOCKED,
    AboutWithoutClock,
    AmbiguousLocalTime,
    LocalTimeError,
    OffsetWithSeconds,
    Precision,
    SpellingError,
    iso_datetime,
    local_instant,
    parse_instant,
    parse_offset,
    plus_from_url,
    representative,
)

DAY_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The precisions that name a part of the day or the day, not a clock.
VAGUE_PARTS = frozenset(Precision) - CLOCKED

def parse_time_input(day: str, clock: str, precision: str, tz: ZoneInfo,
                     offset: str = "") -> tuple[datetime, Precision] | None:
    """A form's day, clock and precision as (stored instant, precision); None when all are empty.

    A part of the day or a whole day is stored as the middle of its window (vague.representative);
    a clock time may be exact or approximate ("about 21:00"); `offset` is the UTC offset chosen for
    a time the clocks showed twice. Raises ValueError(Message).
    """
    day, clock = (day or "").strip(), (clock or "").strip()
    if not day and not clock:
        return None
    try:
        p = Precision(precision or Precision.EXACT)
    except ValueError:
        raise ValueError(UNKNOWN_PRECISION) from None
    d = parse_day(day)  # the one reader of a day: 2021-07-29, 2021/7/29, 2021年7月29日, never 2021-W30-4
    if not isinstance(d, date):
        raise ValueError(NOT_A_DAY)
    if not in_years(d.year):
        raise ValueError(OUTSIDE_YEARS)
    if p in CLOCKED and not clock:
        raise ValueError(CLOCK_NEEDED)
    if not clock:
        return representative(datetime.combine(d, time(0), tz), p, tz), p
    # A clock beside a part of the day (sent by a page without JavaScript, which hides it) is what the worker
    # knew: passed on with the part, for values._check_time to keep inside its window or refuse outside it.
    t = parse_clock(clock)
    try:
        return local_instant(d, t.replace(second=0, microsecond=0), tz, parse_offset(offset)), p
    except LocalTimeError as exc:
        raise ValueError(TWICE_CHOOSE if isinstance(exc, AmbiguousLocalTime) else NEVER_HAPPENED) from None


# A clock time as a time input sends it (10:00, 10:00:00) or a person types it (9:05, full width １０：００).
# Not time.fromisoformat: it reads "1000", "T10:00" and 29 digits as 10:00, and a time with an offset.
CLOCK = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])(?::[0-5][0-9](?:\.[0-9]{1,6})?)?")


def parse_clock(text: str) -> time:
    """A form's time of day, to the minute; ValueError(NOT_A_CLOCK) for anything but H:MM[:SS]."""
    match = CLOCK.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if match is None:
        raise ValueError(NOT_A_CLOCK)
    return time(int(match.group(1)), int(match.group(2)))


# Digits joined by commas or spaces, and the same grouping thousands as a person writes them ("1,200", "12 345").
# Looked for from a run's first digit only, without giving digits back: tried from every digit, 16,000 typed digits
# took 14 s (the time grew with the square of the length).
DIGIT_RUN = re.compile(r"(?<![0-9])[0-9]++(?:[, ][0-9]++)+")
THOUSANDS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,3}(?: [0-9]{3})+")


def normalise_number_text(text: str) -> str:
    """Typed digits as ASCII: full-width ２０ and １２．５ read as 20 and 12.5 (NFKC), spaces and
    thousands separators dropped. The one place every typed number passes through.

    A separator that groups no thousands ("1,5", "1 5") is kept, so the number is refused: read as 15,
    a slip for 1.5 swelled a figure tenfold, unseen.
    """
    text = unicodedata.normalize("NFKC", text).strip()  # NFKC: the full-width comma "，" is ","
    if any(not THOUSANDS.fullmatch(run.group()) for run in DIGIT_RUN.finditer(text)):
        return text
    return text.replace(",", "").replace(" ", "")


def _more(more: Any, lower: bool) -> Any:
    """The "more than" flag as sent, or'ed with a typed "+"/余; a non-flag passes on for the rule to refuse."""
    if more is None or isinstance(more, bool):
        return bool(more) or lower
    return more


# A typed count: the number (in 万 too: 1.2万 is 12,000), any "more than" marks (30余, 30多, 30+), what
# follows (a unit, or junk), and a "more than" after the unit (30户以上, or 30户+ as some spreadsheets have it).
QUANTITY_TEXT = re.compile(r"(-?[0-9]+)(?:\.([0-9]{1,4}))?([万千]?)([+余多]*)(.*?)(以上|\+*)", re.DOTALL)
# The digits of a count read as the number they are; a longer run stands as one more nine than this.
LONGEST_COUNT_DIGITS = 40
# Whole units in a 万 (1.2万 is 12,000) and a 千 (1.5千 is 1,500): the decimals a multiplier may carry.
MULTIPLIER_DIGITS = {"万": 4, "千": 3}
# "约3000方", "大约3000", "近3000": an estimate, which no figure field can hold.
ESTIMATE_WORDS = re.compile(r"(大约|约|近)(?=[0-9])")
# The same said after the number: "30左右", "30户左右", "30上下", "30来户" (about 30). Read otherwise as a
# unit ("左右" is another unit) or as junk, the clerk could not see what was wrong with a number.
ESTIMATE_AFTER = re.compile(r"[0-9](?:[^0-9]*?(左右|上下)|(来))")
# An upper bound ("不超过30", "最多30户", "30以下", "30户以内"): a figure is exact or "more than" (余, 以上).
AT_MOST_BEFORE = re.compile(r"(不超过|不超|最多|至多|不到|不足|少于|低于|≤|<=?)(?=[0-9])")  # NFKC: "＜" is "<"
AT_MOST_AFTER = re.compile(r"[0-9][^0-9]*?(以下|以内|之内)")
# A range ("30-40", "30至40户", "30~40"): two numbers for one figure.
RANGE_TEXT = re.compile(r"[0-9]+(?:\.[0-9]+)?[^0-9]{0,4}?(?:-|~|至|到|—|–)[0-9]+(?:\.[0-9]+)?")


def vague_count(cleaned: str) -> Message | None:
    """Why a typed figure is no figure, when it is an estimate, an upper bound or a range; else None."""
    if (found := ESTIMATE_WORDS.match(cleaned)) is not None:
        return Message(ESTIMATE.msgid, typed=found.group(1))
    if (found := ESTIMATE_AFTER.search(cleaned)) is not None:
        return Message(ESTIMATE.msgid, typed=found.group(1) or found.group(2))
    if (found := AT_MOST_BEFORE.match(cleaned) or AT_MOST_AFTER.search(cleaned)) is not None:
        return Message(AT_MOST.msgid, typed=found.group(1))
    if (found := RANGE_TEXT.match(cleaned)) is not None:
        return Message(A_RANGE.msgid, typed=found.group())
    return None


# The same said in English before the number ("about 300", "approx. 300", "~300"; "up to 30", "under 30"), and
# "more than" ("over 40", "more than 40", "at least 40", "40 or more": 40+, as 40余 and 40以上 are read). Without
# them an English clerk's "over 40" was "must be a whole number", the figure's bound never named.
ESTIMATE_EN = re.compile(r"(approximately|approx\.?|about|around|roughly|nearly|~|≈)\s*(?=[0-9])", re.IGNORECASE)
AT_MOST_EN = re.compile(r"(no more than|up to|at most|under|less than|fewer than|below)\s*(?=[0-9])", re.IGNORECASE)
MORE_THAN_EN = re.compile(r"^(?:over|more than|at least)\s*(?=[0-9])|\s*or more$", re.IGNORECASE)


def english_words(text: str) -> str | Message:
    """A typed figure's English bound words: an estimate or "at most" as the Message saying so, "more than" as +."""
    if (found := ESTIMATE_EN.match(text)) is not None:
        return Message(ESTIMATE.msgid, typed=found.group(1))
    if (found := AT_MOST_EN.match(text)) is not None:
        return Message(AT_MOST.msgid, typed=found.group(1))
    bare = MORE_THAN_EN.sub("", text)
    return bare if bare == text else f"{bare}+"


RUNNING_TOTAL_WORDS = re.compile(r"累计|累積|截至目前|截止目前|to ?date|so ?far|in ?total", re.IGNORECASE)


def unit_key(word: str) -> str:
    """A unit word as typed words are compared with it: NFKC (m³ → m3), any case, no spaces."""
    return normalise_number_text(word).casefold()


def parse_quantity_input(text: Any, more: Any = False,
                         units: tuple[str, ...] = ()) -> tuple[int | str | None, Any]:
    """A typed quantity: "30", "30+", "30余", "1,200", "２０", "1.2万", and with the field's own unit (one of
    `units`: "120人次", "30余户", "30户以上", "30 households") → (30, lower bound); junk stays as sent.

    Junk is returned unchanged so that validate_report names the field ("must be a whole number");
    a number followed by another unit ("120人" for person-times) is returned as the Message saying so.
    """
    if not isinstance(text, str):  # a number is checked as sent; anything else is named by the rules
        return text, _more(more, False)
    raw = text.strip()
    if not raw:
        return None, _more(more, False)
    total = RUNNING_TOTAL_WORDS.search(unicodedata.normalize("NFKC", raw))  # the words as typed
    if total is not None:
        return Message(RUNNING_TOTAL.msgid, typed=total.group()), _more(more, False)
    worded = english_words(unicodedata.normalize("NFKC", raw))
    if isinstance(worded, Message):
        return worded, _more(more, False)
    cleaned = normalise_number_text(worded)
    # Up to 40 digits read as the number they are, so that the rule says "implausibly large" (a huge
    # count is a number, not junk); a longer run as 41 nines, never int() of it (it said "must be a whole
    # number"). A negative number is read as one, so the rule can say "must not be negative".
    vague = vague_count(cleaned)
    if vague is not None:
        return vague, _more(more, False)
    found = QUANTITY_TEXT.fullmatch(cleaned)
    if found is None:
        return raw, _more(more, cleaned.endswith(("+", "余", "多")))
    number, decimals, wan, marks, unit, after = found.groups()
    if len(number.lstrip("-")) > LONGEST_COUNT_DIGITS:
        number = number[:len(number) - len(number.lstrip("-"))] + "9" * (LONGEST_COUNT_DIGITS + 1)
    lower = bool(marks or after)
    if decimals is not None and (not wan or len(decimals) > MULTIPLIER_DIGITS[wan]):
        return raw, _more(more, lower)  # "3.5" households, "1.2345千": junk (a count is whole)
    if unit and unit_key(unit) not in {unit_key(u) for u in units}:
        if not unit[0].isalpha() or not units:
            return raw, _more(more, lower)  # "30-40", "12abc" where no unit is known: junk
        return Message(OTHER_UNIT.msgid, unit_zh=units[0], unit_en=units[1] if len(units) > 1 else units[0],
                       typed=unit), _more(more, lower)
    if wan:  # 1.2万 = 12,000, 1.5千 = 1,500: the decimals a multiplier carries are whole units
        return int(number + (decimals or "").ljust(MULTIPLIER_DIGITS[wan], "0")), _more(more, lower)
    return int(number), _more(more, lower)


def exact_count(text: str, units: tuple[str, ...]) -> int | str | Message | None:
    """A count with no "more than" (an area's households or buildings), read as a report's is: "1.2万",
    "1,200户", "１２００"; what is no count comes back as typed (or as the Message saying why) for the rules."""
    value, more = parse_quantity_input(text, False, units)
    return text.strip() if more else value


# Tonnes are stored in kilograms: more decimals than grams-per-tonne's three would be invented precision.
MAX_TONNES = Decimal(MAX_MASS_KG) / 1000
# Tonnes as people write them: digits, a decimal point (a sign, for the rule to refuse a negative).
PLAIN_DECIMAL = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
# Tonnes' words, longest first; a number with another word after it ("30 tons": US short tons, 0.907 t; "30公斤")
# is another unit, named, never converted.
TONNE_WORDS = ("tonnes", "tonne", "吨", "t")
OTHER_THAN_TONNES = re.compile(r"-?[0-9.]+([^\W\d_].*)")


def parse_tonnes_input(text: Any, more: Any = False) -> tuple[int | None, Any]:
    """Tonnes as typed ("30", "2.5", "１２．５吨", "30+") into kilograms; raises ValueError(Message) if not a number."""
    if isinstance(text, bool) or not isinstance(text, str | int | float | None):
        raise ValueError(NOT_A_NUMBER)
    raw = "" if text is None else str(text).strip()
    if not raw:
        return None, _more(more, False)
    worded = english_words(unicodedata.normalize("NFKC", raw))
    if isinstance(worded, Message):
        raise ValueError(worded)
    cleaned = normalise_number_text(worded)
    body = cleaned.rstrip("+")  # "over 30 t" is "30t+": the unit comes off before the mark
    unit = next((u for u in TONNE_WORDS if body.casefold().endswith(u)), "")
    cleaned = body[:len(body) - len(unit)] + cleaned[len(body):]
    vague = vague_count(cleaned)
    if vague is not None:
        raise ValueError(vague)
    lower = cleaned.endswith(("+", "余", "多"))
    cleaned = cleaned.rstrip("+余多")
    if isinstance(text, str) and (other := OTHER_THAN_TONNES.fullmatch(cleaned)) is not None:
        raise ValueError(Message(OTHER_UNIT.msgid, unit_zh="吨", unit_en="t", typed=other.group(1)))
    if isinstance(text, str) and not PLAIN_DECIMAL.fullmatch(cleaned):
        # Decimal reads 1e-5 (stored as 0 kg), 3e2 and 1_000 too: no one types tonnes so.
        raise ValueError(NOT_A_NUMBER)
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(NOT_A_NUMBER) from None
    if not value.is_finite():
        raise ValueError(NOT_A_NUMBER)
    if value.copy_abs() > MAX_TONNES:
        # Checked before scaling: 9e999999 t would overflow the decimal context; and before the length, so that
        # 25 nines are said too large, not "must be a number".
        raise ValueError(Message("is implausibly large (over %(n)s)", n=int(MAX_TONNES)))
    if len(cleaned) > 20:
        raise ValueError(NOT_A_NUMBER)
    return int((value * 1000).to_integral_value()), _more(more, lower)


@overload
def tonnes(mass_kg: int) -> Decimal: ...
@overload
def tonnes(mass_kg: None) -> None: ...
def tonnes(mass_kg: int | None) -> Decimal | None:
    """Stored kilograms as the tonnes people read and type (30000 → 30, 12500 → 12.5), exactly; None as None."""
    if mass_kg is None:
        return None
    value = Decimal(mass_kg) / 1000
    # normalize() alone writes 30 as 3E+1.
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


# A day as clerks type it or Excel on Chinese Windows saves it to CSV: 2021/7/24, 2021.7.24, 2021年7月24日
# (full-width forms are made ASCII first), with whatever follows it.
LOOSE_DAY = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(.*)", re.DOTALL)
# The form's Chinese words for a part of the day (labels.py) and for "about", as vague.parse_local reads them.
PART_ZH = {"凌晨": "night", "上午": "morning", "下午": "afternoon", "晚上": "evening", "全天": ""}
ONE_DIGIT_HOUR = re.compile(r"\d:\d{2}(?::\d{2})?")
CLOCK_ZH = re.compile(r"(\d{1,2})\s*[时点]\s*(?:(\d{1,2})\s*分?)?")


def local_text(text: str) -> str:
    """A typed local time in the parser's spelling: 2021/7/24 21:00, ２０２１－０７－２４ ２１：００,
    2021年7月24日 下午 or 2021-07-24 约21时 as 2021-07-24 21:00, 2021-07-24 afternoon, 2021-07-24 ~21:00.

    Only the spelling changes; what is not a time stays one, for the rule to name. The API and imports read
    times through parse_json_time, which tries this spelling when the text is not the parser's own.
    """
    found = LOOSE_DAY.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if found is None:
        return text
    year, month, day, rest = found.groups()
    rest = rest.strip()
    about = rest.startswith(("约", "~"))
    rest = rest.removeprefix("约").removeprefix("~").strip()
    rest = PART_ZH.get(rest, rest)
    clock = CLOCK_ZH.fullmatch(rest)
    if clock is not None:
        rest = f"{clock.group(1)}:{clock.group(2) or '00'}"
    if ONE_DIGIT_HOUR.fullmatch(rest):  # 9:00 or 9:00:00 as Excel shows it; fromisoformat wants 09:00
        rest = "0" + rest
    day_text = f"{year}-{int(month):02d}-{int(day):02d}"
    # "约" with nothing after it stays "~", for parse_local to refuse (it was read as the whole day).
    return f"{day_text} {'~' if about else ''}{rest}".strip()




def parse_json_time(value: Any, precision: Any, tz: ZoneInfo) -> tuple[Any, Any]:
    """A JSON or spreadsheet time: local text ("2021-07-24 afternoon", "2021-07-24 ~21:00", 2021年7月24日 下午)
    or ISO 8601 with an offset.

    Anything unreadable is passed on unchanged so validate_report names the field; a local time
    the zone cannot place (twice, or never) becomes the Message that says so.
    """
    from incidents.vague import parse_local

    if not isinstance(value, str) or not value.strip():
        return value, precision
    text = value.strip()
    if typed_year_outside(text):
        # 0001-01-01 or 9999-12-31: a time, but not one this log can hold (read or not, the year is wrong).
        return OUTSIDE_YEARS, precision
    part = precision if isinstance(precision, str) and precision in VAGUE_PARTS else None
    if (precision is None or part) and DAY_TEXT.fullmatch(text):
        # A bare day is the whole day (precision day), as the forms read it: fromisoformat would
        # make it an exact midnight, inventing a clock time (and a period_end at the day's start).
        # Beside a part of the day it is that part, named with no clock (its 00:00 is no clock of 下午).
        try:
            placed, read = parse_local(text if part in (None, Precision.DAY) else f"{text} {part}", tz)
        except (ValueError, OverflowError):
            return value, precision
        return placed, precision if part else read
    try:
        # fromisoformat takes any one character between day and clock: "2021-07-24约21:00" would be
        # read as an exact 21:00, its "about" lost. Only T or a space separates an ISO time.
        at = iso_datetime(text) if text[10:11] in ("", "T", "t", " ") else None
    except SpellingError as exc:
        return spelling_problem(exc), precision
    except ValueError:
        at = None
    try:
        if at is None:
            try:
                return parse_local(text, tz)
            except SpellingError:
                raise
            except ValueError:
                loose = local_text(text)  # 2021/7/24 21:00, 2021年7月24日 下午, 约21时: read as meant
                if loose == text:
                    raise
                return parse_local(loose, tz)
        return (at if at.tzinfo else local_instant(at.date(), at.time(), tz)), precision
    except LocalTimeError as exc:  # (a ValueError too: caught first)
        return local_time_problem(exc), precision
    except SpellingError as exc:  # (likewise)
        return spelling_problem(exc), precision
    except (ValueError, OverflowError):  # "9999-12-31 evening" runs off the calendar
        return value, precision


def check_instant(name: str, text: str | None, tz: ZoneInfo, errors: dict[str, Any]) -> datetime | None:
    """A query's instant (ISO 8601 with an offset, or local to the event) or None when empty;
    a problem is put in `errors` under `name` (never guessed: vague.parse_instant)."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return parse_instant(plus_from_url(text), tz)  # "+08:00" typed into a URL arrives as " 08:00"
    except LocalTimeError as exc:  # (a ValueError too: caught first)
        errors[name] = local_time_problem(exc)
    except SpellingError as exc:  # (likewise)
        errors[name] = spelling_problem(exc)
    except (ValueError, OverflowError):
        errors[name] = NOT_A_TIME
    return None


def spelling_problem(exc: SpellingError) -> Message:
    """What a person or client is told about a time spelled so it cannot be kept as meant (vague.SpellingError)."""
    if isinstance(exc, AboutWithoutClock):
        return Message(ABOUT_NO_CLOCK.msgid, day=exc.day.isoformat())
    if isinstance(exc, OffsetWithSeconds):
        return Message(OFFSET_SECONDS.msgid, typed=exc.typed)
    raise AssertionError(f"unhandled spelling: {exc!r}")


def local_time_problem(exc: LocalTimeError) -> Message:
    """What a JSON client is told about a local time that happened twice (both ISO readings) or never."""
    if isinstance(exc, AmbiguousLocalTime):
        first, second = (c.astimezone(exc.tz).isoformat() for c in exc.candidates)
        return Message(TWICE_OFFSET.msgid, first=first, second=second)
    return NEVER_HAPPENED


def time_candidates(errors: dict[str, Any]) -> dict[str, list[str]]:
    """{field: [both ISO readings]} for each time that happened twice: for an API answer."""
    return {name: [m.params["first"], m.params["second"]] for name, m in errors.items()
            if isinstance(m, Message) and m.msgid == TWICE_OFFSET.msgid}


def parse_day(value: Any) -> Any:
    """A day as typed or sent ("2021-07-25", "2021/7/25", "2021年7月25日", full-width digits, a spreadsheet's date)
    as a date; anything else as it came, for the rule to refuse by name (validation's NOT_A_DAY).

    The one reader of a day given alone (a zero report's period_day, a list's ?day=, a brief's day, a token's last
    day), in the spellings a time's day is read in (local_text): a clerk types the day as she types it in a time.
    """
    if isinstance(value, datetime):
        return value.date() if value.time() == time(0) and value.tzinfo is None else value
    if isinstance(value, date) or value is None:
        return value
    if isinstance(value, str):
        text = value.strip()
        text = text if DAY_TEXT.fullmatch(text) else local_text(text)  # most days come as 2021-07-25
        try:
            # YYYY-MM-DD after the spelling: fromisoformat also reads 2021-W30-6 and 20210724, which no one here
            # types; a day without its year (7/25) or with a clock after it is no day either.
            return date.fromisoformat(text) if DAY_TEXT.fullmatch(text) else value
        except ValueError:  # 2021-02-30
            return value
    return value
