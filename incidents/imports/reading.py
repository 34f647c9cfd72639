"""An uploaded file as a table: title, header (Chinese or English) and totals rows told apart from the data.

Each format's reading of rows is its own module: csv_reading.py and xlsx_reading.py; what they share, cells.py.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from incidents.errors import Message
from incidents.imports import downloads
from incidents.imports.cells import REFUSED, FileProblem, Refused, Rows
from incidents.imports.csv_reading import csv_rows
from incidents.imports.xlsx_reading import HIDDEN_COLUMN, is_xlsx, xlsx_rows

_l = Message

# Rows above the header that are a sheet's title ("文峰区7月24日报表", one cell, often merged): skipped,
# at most this many, so that a file of unknown one-column headings is still refused by its first line.
TITLE_ROWS = 3
# What a sheet's totals row begins with (合计, "Grand total:"), as header_key reads it: not a report, and
# often sums by formula; read past, its line told, never refused or imported.
TOTALS_WORDS = frozenset({"合计", "总计", "小计", "共计", "total", "totals", "subtotal", "grandtotal", "sum"})

EMPTY = _l("the file is empty: the first row must name the columns")


@dataclass
class Table:
    """A file's header (canonical names, in order) and its data rows as (line number, cells).

    `refused`: the XLSX cells that hold no value to import (a formula, an error) as (line, column,
    message), each read as None in `rows`; any refuses the file, whose other rows are checked all the same
    (checks.check_reports takes each as its row's error).
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


def _rows(filename: str, data: bytes, refused: Refused) -> Rows:
    """The file's numbered rows, blank ones left out; an XLSX file's formula and error cells go to `refused`."""
    if not is_xlsx(filename, data):
        # CSV_BLANKS_ONCE: csv_rows reads past blank rows itself (a row whose joined cells strip to nothing is one
        # whose every cell does): the test below, a generator over every cell, again for each of its rows was
        # part of 17.4 → 16.6 µs a row of the import bench's check (4 December).
        yield from csv_rows(data)
        return
    rows = xlsx_rows(data, refused)
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

    # A hidden column's heading is read: its values below are what is refused (xlsx_reading.HIDDEN_COLUMN).
    bad = [(at, get_column_letter(index + 1), message) for at, index, message in refused
           if at == line and index is not None and message is not HIDDEN_COLUMN]
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
            if index is None:  # the row as a whole (hidden): no column of it
                table.refused.append((line, "", message))
                continue
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
    heading, 停电\n户数), no format characters, lower case."""
    key = "".join(unicodedata.normalize("NFKC", text).split()).lower()
    # A second byte-order mark, a zero-width space pasted with a heading: "unknown column area", the cause unseen.
    return "".join(c for c in key if unicodedata.category(c) != "Cf") if not key.isascii() else key


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
    # The report list's download, before any of its columns is told unknown: refused by its id or version column.
    downloaded = downloads.report_list_column([_heading(c) for c in cells], headers, header_key)
    if downloaded is not None:
        raise FileProblem(downloads.refusal(downloaded), column=downloaded)
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
