"""Reading an uploaded CSV or XLSX file into numbered rows of cells, headers in Chinese or English."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any
from xml.parsers import expat

from incidents.csvfile import formula_like
from incidents.errors import Message

_l = Message

XLSX_MAGIC = b"PK\x03\x04"
# An import file may be far larger than a form post (100,000 rows of CSV are about 8 MB): the most an
# upload may carry (views.py).
MAX_BYTES = 64 * 1024 * 1024
# The most an XLSX file's members may unpack to, by the sizes its zip declares (zipfile reads no more
# than those): a workbook is compressed XML, and 310 KB of upload held a 300 MB cell, once
# read in 48 s and 1.5 GB. A 100,000-row sheet of 8 columns written with inline strings (openpyxl) unpacks
# to 74 MB; twice the upload limit leaves room, and at worst (one cell holding all of it) openpyxl reads
# it in under 2 s and about 300 MB, as much as the largest CSV accepted costs.
XLSX_UNPACKED_MAX = 2 * MAX_BYTES
# The longest cell read, in characters: the csv module's own limit (its default field_size_limit), by
# which the CSV reader refuses a longer cell; the XLSX reader refuses one by the same rule.
CELL_CHARS = 131_072
# The most lines of a sheet an import reads, blank ones included: twice the 100,000 rows it is built for.
# A sheet formatted down to row 1,048,576 (empty rows with a style, each one parsed) held a worker for
# 21-49 s before its two rows of data were found; such a sheet is refused at once by its declared length.
XLSX_MAX_LINES = 200_000
# The compound-file signature of .xls (Excel 97-2003) and .et (WPS) workbooks, which are not read.
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
# Separators a CSV may use besides the comma: Excel's "Unicode text" and "Text (tab delimited)" use tabs,
# a spreadsheet in a comma-decimal locale semicolons. Told from the header line (see _delimiter).
OTHER_DELIMITERS = ("\t", ";")
# Rows above the header that are a sheet's title ("文峰区7月24日报表", one cell, often merged): skipped,
# at most this many, so that a file of unknown one-column headings is still refused by its first line.
TITLE_ROWS = 3
# What a sheet's totals row begins with (合计, "Grand total:"), as header_key reads it: not a report, and
# often sums by formula; read past, its line told, never refused or imported.
TOTALS_WORDS = frozenset({"合计", "总计", "小计", "共计", "total", "totals", "subtotal", "grandtotal", "sum"})


class FileProblem(ValueError):
    """The file as a whole cannot be read: not CSV/XLSX, no header, unknown or repeated columns.

    `more`: further problems of the same reading, as (line, column, message): every XLSX formula or
    error cell is named, not only the first.
    """

    def __init__(self, message: Message, column: str = "", line: int = 1,
                 more: list[tuple[int, str, Message]] | None = None) -> None:
        super().__init__(str(message))
        self.message, self.column, self.line = message, column, line
        self.problems = [(line, column, message), *(more or [])]


EMPTY = _l("the file is empty: the first row must name the columns")
# Binary files a clerk may pick by mistake, by their first bytes; any other is told by its NUL or control bytes.
BINARY_MAGIC = ((b"%PDF-", _l("a PDF document")), (b"\x89PNG", _l("an image")), (b"\xff\xd8\xff", _l("an image")),
                (b"GIF8", _l("an image")), (b"MZ", _l("a program")), (b"\x7fELF", _l("a program")))
NUL_BYTES = _l("NUL bytes")
CONTROL_BYTES = _l("control bytes")
# The control bytes text has no use for: all of C0 but tab, line feed, vertical tab, form feed, carriage
# return and DOS's end-of-file mark (Ctrl-Z), which old files end with.
TEXT_CONTROLS = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 26))
BINARY_SAMPLE = 8192  # the bytes looked at for control bytes: a binary file shows them at once
BINARY_SHARE = 0.05  # the share of them that says binary (a stray one in a pasted cell is not)
# A cell an XLSX file holds no value of its own in: it is refused by line and column, never imported
# as something the user did not type (a formula's cached value, or nothing when it has none; an error
# code as text).
FORMULA = _l("is a formula: paste its value instead")
TOO_LONG = _l("is longer than %(n)s characters", n=CELL_CHARS)
# A sheet's merged ranges (<mergeCell ref="D3:D5"/>), listed after its rows.
MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"')
NOT_XLSX = _l("cannot read the file: it is not a valid XLSX workbook")
# Read on the sheet in place of a refused cell: not blank, so its row is kept and named.
REFUSED = object()
# Below this a whole float reads as an integer (12.0 → 12); from here Python's own form is shorter
# (1e+16, 1e+308) and no digits are made up beyond the ~15 a spreadsheet keeps.
WHOLE_BELOW = 1e16
# A file's numbered rows of cells, and the cells read as REFUSED: (line, column index, message).
Rows = Generator[tuple[int, list[Any]], None, None]
Refused = list[tuple[int, int, Message]]


@dataclass
class Table:
    """A file's header (canonical names, in order) and its data rows as (line number, cells).

    `refused`: the XLSX cells that hold no value to import (a formula, an error) as (line, column,
    message), each read as None in `rows`; any refuses the whole file (services.run_import).
    """

    columns: list[str]
    rows: list[tuple[int, list[Any]]]
    refused: list[tuple[int, str, Message]] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)  # the lines of totals rows, read past (_is_totals)
    headings: list[str] = field(default_factory=list)  # the header row as the file spells it, beside `columns`

    def spelling(self) -> dict[str, str]:
        """{canonical name: its header as the file spells it}: an error names a column so (an older template's
        获悉时间, not the 获知时间 the file does not contain)."""
        return {name: heading for name, heading in zip(self.columns, self.headings, strict=False) if name}


def is_xlsx(filename: str, data: bytes) -> bool:
    """XLSX by name or by its zip signature (a renamed file is still read right)."""
    return filename.lower().endswith(".xlsx") or data[:4] == XLSX_MAGIC


def _binary(data: bytes) -> Message | None:
    """What makes a file not text, said as a reader would recognise it; None for text."""
    for magic, what in BINARY_MAGIC:
        if data.startswith(magic):
            return what
    # No text encoding a CSV comes in writes a NUL (UTF-16 carries its BOM, read before this): a file of NULs
    # (a copy cut short, a disk image) was told "the file is empty".
    if b"\x00" in data:
        return NUL_BYTES
    sample = data[:BINARY_SAMPLE]
    if sample and len(sample.translate(None, TEXT_CONTROLS)) < len(sample) * (1 - BINARY_SHARE):
        return CONTROL_BYTES
    return None


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM); UTF-16 with its BOM (Excel's and WPS's "Unicode text"); GB18030 when
    a Chinese spreadsheet saved it in the local code page. A binary file is refused as not text."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise FileProblem(_l("cannot read the file: save it as UTF-8 CSV or as XLSX")) from None
    if data[:4] == OLE_MAGIC:
        raise FileProblem(_l("an Excel 97-2003 (.xls) or WPS (.et) workbook: save it as XLSX or CSV"))
    if (what := _binary(data)) is not None:
        raise FileProblem(_l("the file is not a text (CSV) file: it holds binary data (%(what)s); save the sheet as "
                             "CSV (UTF-8) or XLSX", what=what))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            raise FileProblem(_l("cannot read the file: save it as UTF-8 CSV or as XLSX")) from None


def _delimiter(text: str) -> str:
    """The CSV's separator, from its first line: a comma unless the line has none and has a tab or semicolon."""
    end = text.find("\n")
    first = text[:end] if end >= 0 else text
    if "," in first:
        return ","
    return next((d for d in OTHER_DELIMITERS if d in first), ",")


def _csv_rows(data: bytes) -> Rows:
    text = _decode(data)
    delimiter = _delimiter(text)
    text = _last_row_on(text, delimiter)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for cells in reader:
            # Blank lines (",,," or nothing) are read past here, joined and stripped at C speed: _rows would
            # drop them anyway, and 64 MB of them, one by one through its checks, held a worker for minutes.
            joined = "".join(cells)
            if "'" in joined:  # a row with no ' anywhere has no cell to unquote: passed on as read
                cells = [_unquoted(c) for c in cells]
                joined = "".join(cells)  # '\t (a quoted tab, formula-like) unquotes to a blank cell
            if joined.strip():
                # The line a spreadsheet shows: where the row began (a quoted cell may span lines).
                yield start, cells
            start = reader.line_num + 1
    except csv.Error:  # a cell over CELL_CHARS (the csv module's limit), a NUL byte: the line is named
        raise FileProblem(_l("line %(line)s cannot be read as CSV (a cell too long, or a stray quote)",
                             line=start), line=start) from None


def _last_row_on(text: str, delimiter: str) -> str:
    """The text up to the end of its last line holding anything but spaces and the delimiter: the blank lines a
    spreadsheet may save after its rows (a million of them) are cut at once, never read one by one."""
    end = len(text.rstrip(" \t\r\n" + delimiter))
    cut = text.find("\n", end)
    return text if cut < 0 else text[:cut + 1]


def _unquoted(cell: str) -> str:
    """A cell without the ' our CSV downloads put before formula-like text (csvfile.safe_cell): a
    spreadsheet saving a CSV never writes that quote, so it is ours, and not part of the value."""
    return cell[1:] if cell[:1] == "'" and formula_like(cell[1:]) else cell


def _cell(value: Any) -> Any:
    """An XLSX cell as the reader passes it on: numbers, booleans and dates as they are, anything else as text.

    A whole float is an int (12.0 → 12), unless it is so large that Python's own form is the readable
    one (1e308 stays a float, shown 1e+308, never 309 digits).
    """
    if isinstance(value, float) and value.is_integer() and -WHOLE_BELOW < value < WHOLE_BELOW:
        return int(value)
    if isinstance(value, datetime | date | time | int | float) or value is None:
        return value
    return str(value)


def _xlsx_rows(data: bytes, refused: Refused) -> Rows:
    """The first sheet's rows; a formula or error cell reads as REFUSED and is listed in `refused`
    as (line, column index, message)."""
    from openpyxl import load_workbook

    _check_zip(data)
    try:
        # read_only streams the sheet: a 100,000-row workbook is never held whole. Not data_only:
        # a formula must be seen as one (data_only gives its cached value, or None without one).
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises zipfile, KeyError or its own errors for a damaged file
        raise FileProblem(NOT_XLSX) from exc
    try:
        sheet = book.worksheets[0]
        _refuse_long(sheet.max_row or 0, declared=True)
        _no_data_elsewhere(book.worksheets[1:])
        clocks: dict[str, bool] = {}  # number format → whether it shows a clock time
        for number, cells in _sheet_rows(sheet):
            values = []
            for index, cell in enumerate(cells):
                kind = cell.data_type  # f formula, e error, b boolean, n number, d date, s text
                if kind == "d":
                    values.append(_date_cell(cell, clocks))
                elif kind == "f":
                    refused.append((number, index, FORMULA))
                    values.append(REFUSED)
                elif kind == "e":
                    refused.append((number, index, _l("is an error (%(value)s)", value=str(cell.value))))
                    values.append(REFUSED)
                elif isinstance(cell.value, str) and len(cell.value) > CELL_CHARS:
                    refused.append((number, index, TOO_LONG))
                    values.append(REFUSED)
                else:
                    values.append(_cell(cell.value))
            yield number, values
        _merged_down(data, sheet._worksheet_path, refused)
    except FileProblem:
        raise
    except Exception as exc:
        # The sheet is parsed as it is read: a damaged one fails here, not on opening (a cell citing shared
        # string 999, broken XML, <v>abc</v> in a number cell, a column ZZZZ), each with its own exception.
        raise FileProblem(NOT_XLSX) from exc
    finally:
        book.close()


def _merged_down(data: bytes, path: str, refused: Refused) -> None:
    """Each cell below the first row of a range merged over several rows goes to `refused`: a spreadsheet shows
    the range's value on every row, the file holds it in the first only (one source merged over a day's rows)."""
    from openpyxl.utils import column_index_from_string

    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(path) as sheet:
        # The ranges follow the rows: read in pieces, each searched with the end of the one before.
        tail, ranges = b"", []
        while piece := sheet.read(1 << 20):
            text = tail + piece
            ranges += MERGE_REF.findall(text)
            tail = text[-200:]
    for first_col, first_row, last_col, last_row in dict.fromkeys(ranges):  # one found again in a tail kept
        top, bottom = int(first_row), int(last_row)
        if bottom <= top:
            continue  # merged across one row: its value is that row's, under its first column
        left, right = column_index_from_string(first_col.decode()), column_index_from_string(last_col.decode())
        cells = f"{first_col.decode()}{top}:{last_col.decode()}{bottom}"
        message = _l("is part of the merged cell %(cells)s, whose value only its first row holds: unmerge it and "
                     "fill in every row", cells=cells)
        refused += [(line, index - 1, message)
                    for line in range(top + 1, bottom + 1) for index in range(left, right + 1)]


def _sheet_rows(sheet: Any, values_only: bool = False) -> Iterator[tuple[int, Any]]:
    """A read-only sheet's numbered rows, every one it holds, refused (FileProblem) past XLSX_MAX_LINES."""
    _refuse_long(sheet.max_row or 0, declared=True)
    # openpyxl stops at the rows and columns the sheet's <dimension> declares: a tool that wrote it too
    # small ("A1", or the size before rows were added) had the rows below it dropped without a word.
    sheet.reset_dimensions()
    for number, cells in enumerate(sheet.iter_rows(values_only=values_only), start=1):
        if number > XLSX_MAX_LINES:
            _refuse_long(number, declared=False)
        yield number, cells


def _refuse_long(lines: int, declared: bool) -> None:
    """FileProblem when a sheet runs past XLSX_MAX_LINES: by the length it declares (at once), or on the line
    where the reading passed the limit."""
    if lines <= XLSX_MAX_LINES:
        return
    shown, limit = format(lines, ","), format(XLSX_MAX_LINES, ",")  # 1,000,003: a count read at a glance
    if declared:
        raise FileProblem(_l("the sheet runs to line %(lines)s (empty rows with a format count too), over the "
                             "%(limit)s lines an import reads: delete the rows below your data, or split the file",
                             lines=shown, limit=limit))
    raise FileProblem(_l("the sheet goes on past line %(limit)s (empty rows with a format count too), the most an "
                         "import reads: delete the rows below your data, or split the file",
                         limit=limit), line=lines)


class _Prolog(Exception):
    """Raised from expat's handlers to stop at the first declaration that tells: a DTD, or the root element."""

    def __init__(self, dtd: bool) -> None:
        super().__init__()
        self.dtd = dtd


def _check_zip(data: bytes) -> None:
    """FileProblem, before anything is read as a workbook, when its members declare more than
    XLSX_UNPACKED_MAX unpacked, or when one declares a DTD (document type)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileProblem(NOT_XLSX) from exc
    declared = sum(member.file_size for member in members)
    if declared > XLSX_UNPACKED_MAX:
        raise FileProblem(_l("the workbook unpacks to %(size)s MB, over the %(limit)s MB an import reads: "
                             "split it into smaller files or save it as CSV",
                             size=declared // 2**20, limit=XLSX_UNPACKED_MAX // 2**20))
    # A workbook's XML never has a DTD (Open Packaging Conventions forbid them), and only a DTD declares
    # entities: one naming a file (SYSTEM "file:///etc/passwd") would be read into a cell, nested ones
    # multiply. The stdlib parser openpyxl reads sheets with expands entities a DTD declares.
    try:
        dtd = any(_declares_dtd(archive, member) for member in members)
    except Exception as exc:  # a member that cannot be unpacked: a bad CRC, encrypted, a method zipfile lacks
        raise FileProblem(NOT_XLSX) from exc
    if dtd:
        raise FileProblem(NOT_XLSX)


def _declares_dtd(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """Whether a member's XML declares a DTD before its root element; read no further than that root
    (a member that is no XML, a picture, answers False)."""
    parser = expat.ParserCreate()

    def doctype(*_args: Any) -> None:
        raise _Prolog(dtd=True)

    def root(*_args: Any) -> None:
        raise _Prolog(dtd=False)

    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = root
    try:
        with archive.open(member) as source:
            while chunk := source.read(64 * 1024):
                parser.Parse(chunk, False)
    except _Prolog as found:
        return found.dtd
    except expat.ExpatError:
        return False  # not XML, or broken before its root: openpyxl's reading refuses what it needs
    return False


def _no_data_elsewhere(sheets: list[Any]) -> None:
    """FileProblem when a sheet after the first holds anything: only the first is read, and a day's rows on
    a second sheet must not be left out without a word."""
    full = [s.title for s in sheets
            if any(v is not None and (not isinstance(v, str) or v.strip())
                   for _number, row in _sheet_rows(s, values_only=True) for v in row)]
    if full:
        raise FileProblem(_l("only the first sheet is imported, and the sheets %(sheets)s hold data too: "
                             "put each sheet in a file of its own", sheets="、".join(full)))


def _date_cell(cell: Any, clocks: dict[str, bool]) -> Any:
    """A date cell as the spreadsheet shows it: a day when its format shows no clock and it holds none
    (2021-07-24), else the date and time (2021-07-24 00:00 is midnight, not the whole day)."""
    value = cell.value
    if value.__class__ is not datetime or value.time() != time(0):
        return value
    fmt = cell.number_format
    shows_clock = clocks.get(fmt)
    if shows_clock is None:
        # Quoted text ("年") and bracketed codes ([$-804], [Red]) say nothing about the clock; [h] does.
        bare = re.sub(r'".*?"|\[(?!hh?\]|ss?\])[^\]]*\]', "", fmt.split(";")[0]).lower()
        shows_clock = clocks[fmt] = any(code in bare for code in ("h", "s", "am/pm", "a/p"))
    return value if shows_clock else value.date()


def _rows(filename: str, data: bytes, refused: Refused) -> Rows:
    """The file's numbered rows, blank ones left out; an XLSX file's formula and error cells go to `refused`."""
    if not is_xlsx(filename, data):
        # CSV_BLANKS_ONCE: _csv_rows reads past blank rows itself (a row whose joined cells strip to nothing is one
        # whose every cell does): the test below, a generator over every cell, again for each of its rows was
        # part of 17.4 → 16.6 µs a row of the import bench's check (4 December).
        yield from _csv_rows(data)
        return
    rows = _xlsx_rows(data, refused)
    try:
        for line, cells in rows:
            if not all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                yield line, cells
    finally:
        rows.close()  # the workbook too, when only the header was wanted


def _refused_in_header(line: int, refused: Refused) -> None:
    """FileProblem when the header row holds a formula or an error."""
    if not any(at == line for at, _index, _message in refused):
        return  # nearly always (a CSV's never): openpyxl is not imported for nothing (~0.3 s of CPU once)
    from openpyxl.utils import get_column_letter

    bad = [(at, get_column_letter(index + 1), message) for at, index, message in refused if at == line]
    if bad:
        raise FileProblem(bad[0][2], column=bad[0][1], line=line, more=bad[1:])


def read_header(filename: str, data: bytes, headers: dict[str, str]) -> list[str]:
    """The file's header alone (canonical names): its kind can be told without reading every row."""
    refused: Refused = []
    rows = _rows(filename, data, refused)
    try:
        titles = 0
        for line, cells in rows:
            _refused_in_header(line, refused)
            if titles < TITLE_ROWS and _is_title(cells, headers):
                titles += 1
                continue
            return _header(cells, headers)
    finally:
        rows.close()
    raise FileProblem(EMPTY)


def read_table(filename: str, data: bytes, headers: dict[str, str]) -> Table:
    """The file's rows under canonical column names; FileProblem for an unknown or repeated header.

    `headers` maps every accepted header (lower case, Chinese or English) to its canonical name.
    Blank rows are skipped, title rows above the header (_is_title) and totals rows below it (_is_totals,
    their lines in `totals`); line numbers are kept, so errors name the line a spreadsheet shows.
    An XLSX formula or error cell in the header refuses the file here; below it, each is listed in
    the table's `refused` by line and column.
    """
    refused: Refused = []
    header: list[str] | None = None
    headings: list[str] = []
    body: list[tuple[int, list[Any]]] = []
    titles = 0
    totals: list[int] = []
    for line, cells in _rows(filename, data, refused):
        if header is None:
            _refused_in_header(line, refused)
            if titles < TITLE_ROWS and _is_title(cells, headers):
                titles += 1
                continue
            header, headings = _header(cells, headers), [_heading(c) for c in cells]
            continue
        if _is_totals(cells):
            totals.append(line)
            continue
        body.append((line, cells))
    if header is None:
        raise FileProblem(EMPTY)
    table = Table(header, body, totals=totals, headings=headings)
    cells_at = dict(body)
    # Only cells of the table's rows: not of a title above the header, a totals row, a blank row read past.
    refused = [r for r in refused if r[0] in cells_at]
    if refused:
        from openpyxl.utils import get_column_letter

        for line, index, message in refused:
            if index < len(cells_at[line]):
                cells_at[line][index] = None
            column = header[index] if index < len(header) and header[index] else get_column_letter(index + 1)
            table.refused.append((line, column, message))
    return table


# The id column every downloaded list (reports, areas, events, briefs) begins with; no import template has it.
DOWNLOADED_LIST_HEADERS = frozenset({"编号", "id"})
DOWNLOADED_LIST = _l("this is a list downloaded from the log (it has an id column): copy its rows into the "
                     "import template, which this page offers for download, and import that")


def header_key(text: str) -> str:
    """A header as looked up: full-width forms as ASCII (清运量（吨）), no spaces or line breaks (a wrapped
    heading, 停电\n户数), lower case."""
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


def _is_title(cells: list[Any], headers: dict[str, str]) -> bool:
    """Whether a row above the header is a title: one cell filled, and it names no column."""
    filled = [c for c in cells if c is not None and (not isinstance(c, str) or c.strip())]
    return len(filled) == 1 and header_key(str(filled[0]).lstrip("'")) not in headers


def _is_totals(cells: list[Any]) -> bool:
    """Whether a row is a totals row: its first filled cell says so (合计, 合 计：, Total)."""
    head = cells[0] if cells else None
    # FIRST_CELL_FIRST: nearly every row's first cell is filled text (a place): taken without the generator, which
    # was 0.4 µs a row of the import bench's (4 December); the same cell the search below finds.
    first = head if head.__class__ is str and head.strip() else next(
        (c for c in cells if c is not None and c is not REFUSED and (not isinstance(c, str) or c.strip())), None)
    # A short word, so a place's path (most rows' first cell) is not normalised for nothing.
    return isinstance(first, str) and len(first) <= 16 and _says_total(first)


@lru_cache(maxsize=4096)
def _says_total(first: str) -> bool:
    """Whether a row's first filled cell names a totals row; remembered, as a file's first column repeats
    (its places): 2.2 µs a row to normalise again, 0.6 remembered (timeit, 3 December)."""
    return header_key(first.lstrip("'")).rstrip(":") in TOTALS_WORDS


def _heading(cell: Any) -> str:
    """A header cell as the file spells it: our downloads' quote before formula-like text dropped, a wrapped
    heading (停电\n户数) on one line."""
    return "" if cell is None else " ".join(str(cell).strip().lstrip("'").split())


def _header(cells: list[Any], headers: dict[str, str]) -> list[str]:
    names: list[str] = []
    for cell in cells:
        text = _heading(cell)
        if not text:
            names.append("")  # an unnamed column must be empty in every row (checked per row)
            continue
        name = headers.get(header_key(text))
        if name is None and (header_key(text) in DOWNLOADED_LIST_HEADERS or "id" in names):
            # A list downloaded from the log (its first column is the record's id): a clerk's first
            # guess at a file to fill. Say what to use rather than only "unknown column". (The area
            # list's own columns are all known: it imports as it is.)
            raise FileProblem(DOWNLOADED_LIST, column=text)
        if name is None:
            raise FileProblem(_l("unknown column %(name)s", name=text), column=text)
        if name in names:
            raise FileProblem(_l("column %(name)s appears twice", name=text), column=text)
        names.append(name)
    return names
