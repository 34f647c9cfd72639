"""Reading an XLSX workbook: its first sheet's rows, formula, error and merged cells refused, zip bombs and DTDs too."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any
from xml.parsers import expat

from incidents.errors import Message
from incidents.imports import cells as cell_rules  # read when used: a test lowers cells.MAX_LINES for both readers
from incidents.imports.cells import CELL_CHARS, MAX_BYTES, REFUSED, FileProblem, Refused, Rows

_l = Message

XLSX_MAGIC = b"PK\x03\x04"
# The most an XLSX file's members may unpack to, by the sizes its zip declares (zipfile reads no more
# than those): a workbook is compressed XML, and 310 KB of upload held a 300 MB cell, once
# read in 48 s and 1.5 GB. A 100,000-row sheet of 8 columns written with inline strings (openpyxl) unpacks
# to 74 MB; twice the upload limit leaves room, and at worst (one cell holding all of it) openpyxl reads
# it in under 2 s and about 300 MB, as much as the largest CSV accepted costs.
XLSX_UNPACKED_MAX = 2 * MAX_BYTES
# A cell an XLSX file holds no value of its own in: it is refused by line and column, never imported
# as something the user did not type (a formula's cached value, or nothing when it has none; an error
# code as text).
FORMULA = _l("is a formula: paste its value instead")
TOO_LONG = _l("is longer than %(n)s characters", n=CELL_CHARS)
# A sheet's merged ranges (<mergeCell ref="D3:D5"/>), listed after its rows.
MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"')
NOT_XLSX = _l("cannot read the file: it is not a valid XLSX workbook")
# A row tag of the sheet hidden (hidden="1", Excel's and openpyxl's; "true" is the schema's other spelling), and
# its row number.
HIDDEN_ROW = re.compile(rb'<(?:\w+:)?row\b([^>]*\bhidden="(?:1|true)"[^>]*)>')
ROW_NUMBER = re.compile(rb'\br="(\d+)"')
HIDDEN = _l("this row is hidden in the sheet, so it would be imported unseen: unhide it to import it, or delete it")
# A sheet's column ranges (<col min="4" max="4" hidden="1"/>), declared before its rows; and a hidden one's cells.
COL_TAG = re.compile(rb'<(?:\w+:)?col\b([^>]*)>')
HIDDEN_ATTR = re.compile(rb'\bhidden="(?:1|true)"')
COL_SPAN = re.compile(rb'\bmin="(\d+)"[^>]*?\bmax="(\d+)"|\bmax="(\d+)"[^>]*?\bmin="(\d+)"')
HIDDEN_COLUMN = _l("this column is hidden in the sheet, so it would be imported unseen: unhide it to import it, "
                   "or delete it")
# An OOXML escape in a cell's text (ECMA-376's ST_Xstring): _x0041_ is A, _x005F_ the underscore of a typed escape.
# openpyxl reads none (it only drops "x005F_" from shared strings, typed text too): a spreadsheet shows the character.
ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")
# What an escape of half a UTF-16 pair (_xD800_ alone) leaves: no character, and no page or database can hold it.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
SURROGATE = _l("contains a lone surrogate (not valid Unicode)")
# Below this a whole float reads as an integer (12.0 → 12); from here Python's own form is shorter
# (1e+16, 1e+308) and no digits are made up beyond the ~15 a spreadsheet keeps.
WHOLE_BELOW = 1e16


def is_xlsx(filename: str, data: bytes) -> bool:
    """XLSX by name or by its zip signature (a renamed file is still read right)."""
    return filename.lower().endswith(".xlsx") or data[:4] == XLSX_MAGIC


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


def unescaped(text: str) -> str:
    """A cell's text as a spreadsheet shows it: each _xHHHH_ the character (a UTF-16 pair one character)."""
    if "_x" not in text:
        return text
    text = ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    try:
        return text.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeDecodeError:
        return text  # a lone surrogate left: xlsx_rows refuses its cell (SURROGATE)


def _load(data: bytes) -> Any:
    """The workbook read-only, its shared strings as the file holds them (unescaped as a spreadsheet does, here)."""
    from openpyxl.cell.text import Text
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    class Reader(ExcelReader):
        """openpyxl's reader, but for its shared strings: its own drops every "x005F_"."""

        def read_strings(self) -> None:
            found = self.package.find(SHARED_STRINGS)
            if found is None:
                return
            tag = f"{{{SHEET_MAIN_NS}}}si"
            with self.archive.open(found.PartName[1:]) as source:
                for _event, node in iterparse(source):
                    if node.tag == tag:
                        self.shared_strings.append(Text.from_tree(node).content)
                        node.clear()

    # read_only streams the sheet: a 100,000-row workbook is never held whole. Not data_only: a formula must be
    # seen as one (data_only gives its cached value, or None without one).
    reader = Reader(io.BytesIO(data), read_only=True, data_only=False)
    reader.read()
    return reader.wb


def xlsx_rows(data: bytes, refused: Refused) -> Rows:
    """The first sheet's rows; a formula or error cell reads as REFUSED and is listed in `refused`
    as (line, column index, message)."""
    _check_zip(data)
    try:
        book = _load(data)
    except Exception as exc:  # openpyxl raises zipfile, KeyError or its own errors for a damaged file
        raise FileProblem(NOT_XLSX) from exc
    try:
        sheet = book.worksheets[0]
        if sheet.sheet_state != "visible":  # hidden or veryHidden: the clerk sees another sheet
            raise FileProblem(_l("the first sheet (%(sheet)s), the one imported, is hidden, so it would be imported "
                                 "unseen: unhide it, or move the sheet to import to the front", sheet=sheet.title))
        _refuse_long(sheet.max_row or 0, declared=True)
        _no_data_elsewhere(book.worksheets[1:])
        hidden = _hidden_columns(data, sheet._worksheet_path)
        clocks: dict[str, bool] = {}  # number format → whether it shows a clock time
        for number, cells in _sheet_rows(sheet):
            values = []
            for index, cell in enumerate(cells):
                kind = cell.data_type  # f formula, e error, b boolean, n number, d date, s text
                value = unescaped(cell.value) if kind == "s" and isinstance(cell.value, str) else cell.value
                if kind == "d":
                    values.append(_date_cell(cell, clocks))
                elif kind == "f":
                    refused.append((number, index, FORMULA))
                    values.append(REFUSED)
                elif kind == "e":
                    refused.append((number, index, _l("is an error (%(value)s)", value=str(cell.value))))
                    values.append(REFUSED)
                elif isinstance(value, str) and len(value) > CELL_CHARS:
                    refused.append((number, index, TOO_LONG))
                    values.append(REFUSED)
                elif isinstance(value, str) and LONE_SURROGATE.search(value):
                    refused.append((number, index, SURROGATE))
                    values.append(REFUSED)
                else:
                    values.append(_cell(value))
            if hidden:
                # Kept as read (a heading is still one), each value refused: only the table's rows are named.
                refused += [(number, index, HIDDEN_COLUMN) for index in hidden.intersection(range(len(values)))
                            if values[index] is not None and (not isinstance(values[index], str)
                                                              or values[index].strip())]
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


def _hidden_columns(data: bytes, path: str) -> set[int]:
    """The indexes (from 0) of a sheet's hidden columns, from its <cols>, which come before its rows."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(path) as sheet:
        head = b""
        while (piece := sheet.read(1 << 16)) and b"<sheetData" not in head and len(head) < 1 << 22:
            head += piece
    hidden: set[int] = set()
    for attrs in COL_TAG.findall(head.split(b"<sheetData", 1)[0]):
        if HIDDEN_ATTR.search(attrs) and (span := COL_SPAN.search(attrs)):
            low, high = (int(span.group(1)), int(span.group(2))) if span.group(1) else \
                (int(span.group(4)), int(span.group(3)))
            hidden.update(range(low - 1, min(high, 16_384)))  # XFD, the last column there is
    return hidden


def _merged_down(data: bytes, path: str, refused: Refused) -> None:
    """Each cell below the first row of a range merged over several rows goes to `refused`: a spreadsheet shows
    the range's value on every row, the file holds it in the first only (one source merged over a day's rows).
    So does each hidden row (by hand or by a filter), as a whole: the clerk does not see what it would import."""
    from openpyxl.utils import column_index_from_string

    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(path) as sheet:
        # The ranges follow the rows: read in pieces, each searched with the end of the one before.
        tail, ranges, hidden = b"", [], []
        while piece := sheet.read(1 << 20):
            text = tail + piece
            ranges += MERGE_REF.findall(text)
            if b"hidden" in text:  # most sheets hide nothing: no search of every row tag
                hidden += [int(m.group(1)) for attrs in HIDDEN_ROW.findall(text) if (m := ROW_NUMBER.search(attrs))]
            tail = text[-200:]
    refused += [(line, None, HIDDEN) for line in dict.fromkeys(hidden)]
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
    """A read-only sheet's numbered rows, every one it holds, refused (FileProblem) past cell_rules.MAX_LINES."""
    _refuse_long(sheet.max_row or 0, declared=True)
    # openpyxl stops at the rows and columns the sheet's <dimension> declares: a tool that wrote it too
    # small ("A1", or the size before rows were added) had the rows below it dropped without a word.
    sheet.reset_dimensions()
    for number, cells in enumerate(sheet.iter_rows(values_only=values_only), start=1):
        if number > cell_rules.MAX_LINES:
            _refuse_long(number, declared=False)
        yield number, cells


def _refuse_long(lines: int, declared: bool) -> None:
    """FileProblem when a sheet runs past cell_rules.MAX_LINES: by the length it declares (at once), or on the line
    where the reading passed the limit."""
    if lines <= cell_rules.MAX_LINES:
        return
    shown, limit = format(lines, ","), format(cell_rules.MAX_LINES, ",")  # 1,000,003: a count read at a glance
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
