"""Reading a CSV file: its encoding, its separator, binary files refused, rows as a spreadsheet numbers them."""

from __future__ import annotations

import csv
import io
import itertools
import re

from incidents.csvfile import formula_like
from incidents.errors import Message
from incidents.imports import cells
from incidents.imports.cells import FileProblem, Rows

_l = Message
# Characters of the Private Use Area: none in a spreadsheet's GBK text (_decode).
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")

# The compound-file signature of .xls (Excel 97-2003) and .et (WPS) workbooks, which are not read.
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
# Separators a CSV may use besides the comma: Excel's "Unicode text" and "Text (tab delimited)" use tabs,
# a spreadsheet in a comma-decimal locale semicolons. Told from the header line (see _delimiter).
OTHER_DELIMITERS = ("\t", ";")
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
    """UTF-8 (with or without BOM); UTF-16 with its BOM (Excel's and WPS's "Unicode text"), UTF-32 with its;
    GB18030 when a Chinese spreadsheet saved it in the local code page. A binary file is refused as not text."""
    # UTF-32's little-endian BOM starts with UTF-16's: read as UTF-16, every character came with a NUL.
    wide = "utf-32" if data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff") else \
        "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else None
    if wide is not None:
        try:
            text = data.decode(wide)
        except UnicodeDecodeError:
            raise FileProblem(_l("cannot read the file: save it as UTF-8 CSV or as XLSX")) from None
        if "\x00" in text:  # no text holds a NUL, in any encoding (a UTF-8 file's is refused below)
            raise FileProblem(_l("the file is not a text (CSV) file: it holds binary data (%(what)s); save the "
                                 "sheet as CSV (UTF-8) or XLSX", what=NUL_BYTES))
        return text
    if data[:4] == OLE_MAGIC:
        raise FileProblem(_l("an Excel 97-2003 (.xls) or WPS (.et) workbook: save it as XLSX or CSV"))
    if (what := _binary(data)) is not None:
        raise FileProblem(_l("the file is not a text (CSV) file: it holds binary data (%(what)s); save the sheet as "
                             "CSV (UTF-8) or XLSX", what=what))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise FileProblem(_l("cannot read the file: save it as UTF-8 CSV or as XLSX")) from None
        # GB18030 decodes nearly any bytes: another code page (Big5) comes out partly as Private Use Area
        # characters, which no spreadsheet's GBK text holds. Said as unreadable, not as "unknown column 噆翴".
        if PRIVATE_USE.search(text):
            raise FileProblem(_l("cannot read the file: save it as UTF-8 CSV or as XLSX")) from None
        return text


def _delimiter(text: str) -> str:
    """The CSV's separator, from its first line: a comma unless the line has none and has a tab or semicolon."""
    end = text.find("\n")
    first = text[:end] if end >= 0 else text
    if "," in first:
        return ","
    return next((d for d in OTHER_DELIMITERS if d in first), ",")


def csv_rows(data: bytes) -> Rows:
    text = _decode(data)
    delimiter = _delimiter(text)
    text = _last_row_on(text, delimiter)
    _refuse_long(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = spanning = 1
    try:
        for cells in reader:
            spanning = start if reader.line_num > start else 0
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
        raise FileProblem(_unreadable(start), line=start) from None
    if spanning:
        _closed(text, delimiter, spanning)


def _unreadable(line: int) -> Message:
    """The refusal of a line the csv module cannot read."""
    return _l("line %(line)s cannot be read as CSV (a cell too long, or a stray quote)", line=line)


def _closed(text: str, delimiter: str, line: int) -> None:
    """FileProblem naming `line` when the last row, which begins there and runs over several lines, is a quote never
    closed: the csv module then takes every line after it into that cell without a word (four rows read as two)."""
    tail = "".join(itertools.islice(io.StringIO(text, newline=""), line - 1, None))
    try:
        for _cells in csv.reader(io.StringIO(tail, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error:  # "unexpected end of data": strict, as the csv module is not by default
        raise FileProblem(_unreadable(line), line=line) from None


def _refuse_long(text: str) -> None:
    """FileProblem, before a row is read, when the file runs past cells.MAX_LINES lines (counted at C speed)."""
    lines = text.count("\n") + (not text.endswith("\n"))
    if lines > cells.MAX_LINES:
        raise FileProblem(_l("the file runs to line %(lines)s, over the %(limit)s lines an import reads: split it "
                             "into smaller files", lines=format(lines, ","), limit=format(cells.MAX_LINES, ",")))


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
