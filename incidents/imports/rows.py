"""One row of cells → the fields validate_report takes, parsed as the forms parse what people type."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from incidents.areas.models import PATH_SEPARATORS
from incidents.errors import Message
from incidents.imports.paths import READS, find_place, path_reads
from incidents.imports.speedups import once
from incidents.imports.templates import COUNT_PREFIX, REPORTED_AT, Column
from incidents.reports.messages import TWICE_OFFSET, time_hint
from incidents.reports.parsing import (
    local_text,
    normalise_number_text,
    parse_day,
    parse_json_time,
    parse_quantity_input,
    parse_tonnes_input,
    tonnes,
)
from incidents.reports.validation import COUNT, DAY, FLAG, REF, TEXT, TIME

_l = Message

# Yes/no as people type them in a spreadsheet; anything else goes on for the rule to refuse by name.
YES = {"1", "true", "yes", "y", "是", "√", "✓", "x"}
NO = {"0", "false", "no", "n", "否", ""}
MIDNIGHT = time(0)
# A time the clocks showed twice, as a clerk fixes it: typed in its cell (a date cell holds no offset), the first
# reading named first. The rules' TWICE_OFFSET says "send" and ISO text, for the API's clients.
TWICE_IN_A_CELL = _l("happened twice (the clocks went back): type it as text with its UTC offset, %(first)s (the "
                     "first, before the clocks went back) or %(second)s (the second)")


@dataclass
class Row:
    """A data row as read: its line, its cells by column, and what they parse into."""

    line: int
    cells: dict[str, Any]
    data: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, Any] = field(default_factory=dict)
    reported_at: datetime | None = None
    reported_precision: Any = None  # reported_at's, which must be exact (validation.reported_at_problem)


def cell_text(value: Any) -> str:
    """A cell as the text it shows: XLSX dates as 2021-07-24 21:00 (a date cell without a clock, read as
    a date by reading.py, as 2021-07-24), numbers without a trailing .0, booleans as a spreadsheet shows
    them (TRUE, FALSE)."""
    if value.__class__ is str:  # nearly every cell (a CSV's all): the fast path
        return value.strip()
    if value is None:
        return ""
    if value.__class__ is bool:
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return to_second(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return to_second(datetime.combine(date.min, value)).strftime("%H:%M")
    return str(value).strip()


def to_second(value: datetime) -> datetime:
    """A clock rounded to the nearest second, as a spreadsheet shows it.

    Excel keeps a time as a fraction of a day: after arithmetic 21:00 is 0.874999999…, read as 20:59:59.999,
    shown 21:00. Cut to the minute it was 20:59; a time typed as 20:59:59 still reads 20:59.
    """
    if value.microsecond >= 500_000:
        value += timedelta(seconds=1)
    return value.replace(microsecond=0)


def identity(kind: str, event_id: int | None, cells: dict[str, Any], names: list[str],
             columns: list[Column] | None = None) -> str:
    """A row's identity for re-import detection: kind, event and its content, one spelling of each time and place.

    A whole file's rows go through identifier(), which works out their shared part once.
    """
    return identifier(kind, event_id, names, columns)(cells)[0]


def identifier(kind: str, event_id: int | None, names: list[str], columns: list[Column] | None = None
               ) -> Callable[[dict[str, Any]], tuple[str, str | None, str | None]]:
    """identity() for one file's rows, what every row shares worked out once (ROW_DIGEST, docs/imports.md).

    Each row gives its identity and, where a cell was spelled otherwise (2021/7/24 7:00, 大洋街道/, 1,200), the
    identity of its cells as typed, which imports stored until 7 December; and where a figure was (1,200) beside
    another cell spelled otherwise, the identity with its figures as typed and the rest spelled, which imports stored
    on 7 December before figures were spelled (else None): a file imported then adds nothing.
    """
    head = "\x1f".join([kind, str(event_id or "")])
    labels = [(name, f"{name}=") for name in names]
    spelled = {c.name: spelling(c) for c in columns or () if c.kind in SPELLINGS or c.kind in NUMBER_SPELLINGS}
    figures = {c.name for c in columns or () if c.kind in NUMBER_SPELLINGS}
    sha256 = hashlib.sha256

    def hexdigest(parts: list[str]) -> str:
        return sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()

    def digest(cells: dict[str, Any]) -> tuple[str, str | None, str | None]:
        parts = [head]
        typed: list[str] | None = None
        figures_typed: list[str] | None = None  # figures as typed, the rest spelled: once a figure was re-spelled
        others = False  # a cell other than a figure re-spelled (else figures_typed is typed)
        for name, label in labels:
            v = cells.get(name)
            text = v.strip() if v.__class__ is str else _identity_text(v)
            if name in spelled and v.__class__ is str and (one := spelled[name](text)) != text:
                typed = typed if typed is not None else list(parts)
                typed.append(label + text)
                if name in figures:
                    figures_typed = figures_typed if figures_typed is not None else list(parts)
                    figures_typed.append(label + text)
                else:
                    others = True
                    if figures_typed is not None and one:
                        figures_typed.append(label + one)
                text = one
            else:
                if typed is not None and text:
                    typed.append(label + text)
                if figures_typed is not None and text:
                    figures_typed.append(label + text)
            if text:
                parts.append(label + text)
        return (hexdigest(parts), None if typed is None else hexdigest(typed),
                hexdigest(figures_typed) if others and figures_typed is not None else None)

    return digest


def _time_spelling(text: str) -> str:
    """A typed local time in one spelling, to the minute, as an XLSX date cell is digested: 2021/7/24 7:00:00 and
    2021-07-24 07:00 are one."""
    if SPELLED_ONE_WAY.fullmatch(text):  # most cells: a row digested in 2.1 µs, not 6.5 (1.6 before; 7 December)
        return text
    one = local_text(text)
    return one[:-3] if ZERO_SECONDS.fullmatch(one) else one


# A clock with :00 seconds, after local_text's spelling (a spreadsheet saving a CSV writes them so).
ZERO_SECONDS = re.compile(r"\d{4}-\d{2}-\d{2} ~?\d{2}:\d{2}:00")
# A time already in the one spelling (the templates' and our downloads'): nothing to respell.
SPELLED_ONE_WAY = re.compile(r"\d{4}-\d{2}-\d{2}(?: ~?\d{2}:\d{2})?")


@lru_cache(maxsize=4096)
def _place_spelling(text: str) -> str:
    """A path in one spelling (place_key); a file names few places many times, so each is spelled once."""
    return place_key(text)


def _flag_spelling(text: str) -> str:
    """是, yes, TRUE (Excel's for a CSV's true) as an XLSX boolean cell is digested (True); else as typed."""
    flag = parse_flag(text) if text else text
    return str(flag) if isinstance(flag, bool) else text


# How a time, day, place and flag cell is spelled in a row's identity: as the rules read it, not as typed
# (IDENTITY_SPELLING: Excel and WPS rewrite them when they save a CSV again, and a file saved so re-imported every
# row; 7 December).
SPELLINGS: dict[str, Callable[[str], str]] = {TIME: _time_spelling, DAY: local_text, "place": _place_spelling,
                                              FLAG: _flag_spelling}


# A figure's cell in one spelling, as the number parser reads it (1,200, １２００ and 1.2万 are 12000; 12.50 t is 12.5;
# a lower bound keeps its +): Excel and WPS write a count back with thousands, a clerk's copy may hold full-width
# digits. What the parser reads as no figure stays as typed, for the rule to refuse.
PLAIN_FIGURE = re.compile(r"[1-9][0-9]{0,15}|0")


def _count_spelling(units: tuple[str, ...]) -> Callable[[str], str]:
    """A count column's cells in one spelling: its figure, "+" for "more than"; a cell that is no figure as typed."""
    @lru_cache(maxsize=4096)  # a column repeats few figures; each is read once
    def spell(text: str) -> str:
        if PLAIN_FIGURE.fullmatch(text):  # most cells: nothing to read
            return text
        value, more = parse_quantity_input(text, False, units)
        if value.__class__ is not int:
            return text
        return f"{value}+" if more else str(value)
    return spell


@lru_cache(maxsize=4096)
def _tonnes_spelling(text: str) -> str:
    """A tonnes cell in one spelling (12.50, １２．５吨 → 12.5); a cell that is no figure as typed."""
    if PLAIN_FIGURE.fullmatch(text):
        return text
    try:
        kg, more = parse_tonnes_input(text)
    except ValueError:
        return text
    return text if kg is None else f"{tonnes(kg)}{'+' if more else ''}"


NUMBER_SPELLINGS: dict[str, Callable[[tuple[str, ...]], Callable[[str], str]]] = {
    COUNT: _count_spelling, "tonnes": lambda units: _tonnes_spelling}


def spelling(column: Column) -> Callable[[str], str]:
    """How a column's cells are spelled in a row's identity (SPELLINGS, NUMBER_SPELLINGS: a count's by its units)."""
    if column.kind in NUMBER_SPELLINGS:
        return NUMBER_SPELLINGS[column.kind](column.units)
    return SPELLINGS[column.kind]


def _identity_text(v: Any) -> str:
    """A cell other than text as the digest reads it.

    A boolean is digested as str() wrote it before cell_text showed it as TRUE/FALSE, a midnight date-time
    as the day cell_text showed it as before it told 00:00 from the whole day, and a clock cut to the minute
    as before cell_text rounded it to the second (20:59:59.999 as 20:59), so that a file imported then still
    adds nothing.
    """
    if v.__class__ is bool:
        return str(v)
    if v.__class__ is datetime:
        return v.strftime("%Y-%m-%d" if v.time() == MIDNIGHT else "%Y-%m-%d %H:%M")
    return v.strftime("%H:%M") if v.__class__ is time else cell_text(v)


def place_key(text: str) -> str:
    """A typed area path in one spelling: separators unified, spaces around them dropped."""
    for sep in PATH_SEPARATORS:  # people type 文峰区/北大街街道, 文峰区／北大街街道, 文峰区 > 北大街街道
        text = text.replace(sep, "/")
    return "/".join(part.strip() for part in text.split("/") if part.strip())


# Excel's day 0 (its 1900 date system, the one Excel and WPS use by default): a date cell holds days since then.
EXCEL_EPOCH = datetime(1899, 12, 30)
EXCEL_LAST_DAY = 2958466  # 10000-01-01


def serial_date(value: int | float) -> Message:
    """What a number in a time column is told: a date whose cell lost its date format (44402.5), never read as one."""
    if 1 <= value < EXCEL_LAST_DAY:
        shown = (EXCEL_EPOCH + timedelta(days=value)).strftime("%Y-%m-%d %H:%M")
        return _l("is a number (%(value)s), not a date: format the column as a date (as a date it is %(date)s)",
                  value=cell_text(value), date=shown)
    return _l("is a number (%(value)s), not a date: format the column as a date", value=cell_text(value))


def parse_time_cell(value: Any, tz: ZoneInfo, hint: Message | None = None) -> tuple[Any, Any]:
    """A time cell in the event's zone through the one local-time parser (vague.py, via parse_json_time).

    A time the clocks showed twice comes back as the Message asking for its offset; text that is no
    time at all comes back as the hint (`hint`: its example on the event's day; else today in the zone), so
    the error names the column and the accepted forms.
    """
    text = cell_text(value)
    if not text:
        return None, None
    at, precision = parse_json_time(text, None, tz)
    if isinstance(at, Message):  # the zone cannot place it: the rule reports this very message
        return (_in_a_cell(at) if at.msgid == TWICE_OFFSET.msgid else at), None
    if isinstance(at, str):
        return hint or time_hint(tz), None
    return at, precision


def _in_a_cell(twice: Message) -> Message:
    """TWICE_OFFSET's readings as a cell takes them (2026-11-01 01:30-04:00), the earlier first."""
    first, second = (_typed_with_offset(datetime.fromisoformat(twice.params[k])) for k in ("first", "second"))
    return Message(TWICE_IN_A_CELL.msgid, first=first, second=second)


def _typed_with_offset(at: datetime) -> str:
    """A zoned time as the import reads it back: 2026-11-01 01:30-04:00 (its seconds only when it has some)."""
    offset = at.strftime("%z")
    return at.strftime("%Y-%m-%d %H:%M:%S" if at.second else "%Y-%m-%d %H:%M") + f"{offset[:3]}:{offset[3:5]}"


def parse_flag(value: Any) -> Any:
    """是/否, yes/no, true/false, 1/0 → bool; anything else as typed (the rule says "must be true or false")."""
    if isinstance(value, bool):
        return value
    text = cell_text(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    return text


def parse_ref(value: Any) -> Any:
    """A report number (#123 or 123) as an int; anything else as typed, for the rule to call unknown."""
    text = normalise_number_text(cell_text(value)).lstrip("#")
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 12 else (text or None)


def parse_row(row: Row, columns: list[Column], tz: ZoneInfo, places: dict[str, int | None],
              times: dict[str, tuple[Any, Any]] | None = None,
              quantities: dict[tuple[str, str], Any] | None = None, hint: Message | None = None) -> None:
    """Fill row.data (validate_report's input) from row.cells; problems a parser finds go to row.errors."""
    row_parser(columns, tz, places, times, quantities, hint)(row)


Step = Callable[[Row, Any], None]


def row_parser(columns: list[Column], tz: ZoneInfo, places: dict[str, int | None],
               times: dict[str, tuple[Any, Any]] | None = None,
               quantities: dict[tuple[str, str], Any] | None = None,
               hint: Message | None = None) -> Callable[[Row], None]:
    """parse_row for one file's columns, the per-column choice of parser made once (a file has many rows).

    `places` maps area codes and normalised paths to ids (loaded once per file); `times` and
    `quantities` remember each distinct text's reading for the file (speedups.Lookups); `hint` is what an
    unreadable time is told (messages.time_hint on the event's day).
    """
    times = {} if times is None else times
    quantities = {} if quantities is None else quantities
    hint = hint or time_hint(tz)
    steps = [(c.name, _step(c, tz, places, times, quantities, hint)) for c in columns]

    def parse(row: Row) -> None:
        cells = row.cells
        for name, step in steps:
            step(row, cells.get(name))

    return parse


def _step(column: Column, tz: ZoneInfo, places: dict[str, int | None], times: dict[str, tuple[Any, Any]],
          quantities: dict[tuple[str, str], Any], hint: Message) -> Step:
    """How one column's cell becomes row.data (or row.errors)."""
    name, kind = column.name, column.kind

    if kind == "place":
        ends: dict[str, list[str]] = {}  # the end of a path → the paths ending so (built on the first miss)

        def place(row: Row, value: Any) -> None:
            text = cell_text(value)
            if text:
                found = places.get(text) or find_place(places, place_key(text))
                if found is None:
                    found = _place_by_end(row, name, text, places, ends)
                row.data["area_id"] = found
        return place
    if kind == TIME:
        precision_name = name.removesuffix("_at") + "_precision"

        def read_time(value: Any) -> tuple[Any, Any]:
            if value.__class__ is int or value.__class__ is float:  # only an XLSX number cell: a CSV's are text
                return serial_date(value), None
            text = cell_text(value)
            known = times.get(text)
            if known is None:
                known = times[text] = parse_time_cell(text, tz, hint)
            return known

        if name == REPORTED_AT:
            def reported(row: Row, value: Any) -> None:
                at, precision = read_time(value)
                if isinstance(at, Message):
                    row.errors[name] = at
                elif at is not None:
                    row.reported_at, row.reported_precision = at, precision
            return reported

        def timed(row: Row, value: Any) -> None:
            row.data[name], row.data[precision_name] = read_time(value)
        return timed
    if kind == COUNT:
        return _count_step(column, quantities)
    if kind == "tonnes":
        def mass(row: Row, value: Any) -> None:
            text = cell_text(value)
            try:
                row.data["mass_kg"], row.data["mass_kg_lb"] = once(quantities, parse_tonnes_input, "tonnes", text)
            except ValueError as exc:
                row.errors[name] = exc.args[0]
        return mass
    if kind == TEXT:
        def text(row: Row, value: Any) -> None:
            row.data[name] = cell_text(value) or None
        return text
    if kind == FLAG:
        def flag_cell(row: Row, value: Any) -> None:
            row.data[name] = parse_flag(value)
        return flag_cell
    if kind == REF:
        def ref(row: Row, value: Any) -> None:
            row.data[name] = parse_ref(value)
        return ref
    if kind == DAY:
        def day_cell(row: Row, value: Any) -> None:
            # 2021/7/25, 2021年7月25日 read as meant (parse_day); what is no day goes on as shown, for the rule.
            row.data[name] = parse_day(value if isinstance(value, date) else cell_text(value) or None)
        return day_cell

    def ignored(row: Row, value: Any) -> None:
        """A column no parser reads (none today): its cell counts in the row's identity only."""
    return ignored


def _count_step(column: Column, quantities: dict[tuple[str, str], Any]) -> Step:
    """How a count's cell becomes row.data: the number, read with the column's own unit ("120人次")."""
    name, units = column.name, column.units

    def quantity(text: str) -> tuple[int | str | None, Any]:
        return parse_quantity_input(text, False, units)

    # Remembered per column, not per parser: "120人" is a count of staff, never of person-times.
    if name.startswith(COUNT_PREFIX):
        code = name.removeprefix(COUNT_PREFIX)

        def category_count(row: Row, value: Any) -> None:
            text = cell_text(value)
            if text:
                row.data.setdefault("counts", {})[code] = once(quantities, quantity, name, text)
        return category_count
    flag = f"{name}_lb"

    def count(row: Row, value: Any) -> None:
        text = cell_text(value)
        row.data[name], row.data[flag] = once(quantities, quantity, name, text)
    return count


def _place_by_end(row: Row, name: str, text: str, places: dict[str, int | None],
                  ends: dict[str, list[str]]) -> int | None:
    """A place named by the end of its path (彰德路64号院, 北大街街道/彰德路64号院, or an exported list's
    北大街街道 › 彰德路64号院): the one area whose path ends so; an error naming the paths when several do."""
    if not ends:
        for path in places:
            if path.startswith(READS):
                continue
            parts = path.split("/")
            for i in range(1, len(parts)):
                end = "/".join(parts[i:])
                ends.setdefault(end, []).append(path)
                if path_reads(end) != READS + end:
                    ends.setdefault(path_reads(end), []).append(path)
    key = place_key(text)
    paths = ends.get(key) or ends.get(path_reads(key), [])
    if len(paths) == 1:
        return places[paths[0]]
    if paths:
        row.errors[name] = _l("%(name)s is the name of several areas: write its path (%(paths)s)",
                              name=text, paths="、".join(sorted(paths)[:3]))
    else:
        row.errors[name] = _l("unknown area “%(name)s”", name=text)
    return None


def error_column(field_name: str, columns: list[Column]) -> str:
    """The column a rule's field name belongs to: area_id → area, mass_kg → mass_t, a precision → its time."""
    names = {c.name for c in columns}
    if field_name in names:
        return field_name
    if field_name == "area_id":
        return "area" if "area" in names else next((c.name for c in columns if c.kind == REF), "area")
    if field_name.startswith("mass_kg"):
        return "mass_t"
    if field_name.endswith("_precision"):
        base = field_name.removesuffix("_precision")
        return base + "_at" if base + "_at" in names else base
    if field_name.endswith("_lb"):
        return field_name.removesuffix("_lb")
    if field_name == "counts":
        return next((c.name for c in columns if c.name.startswith(COUNT_PREFIX)), "counts")
    return field_name


__all__ = ["Row", "cell_text", "error_column", "identifier", "identity", "parse_row", "place_key", "row_parser"]
