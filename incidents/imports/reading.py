"""Reading an uploaded CSV or XLSX file into numbered rows of cells, headers in Chinese or English."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from incidents.errors import Message

_l = Message

XLSX_MAGIC = b"PK\x03\x04"


class FileProblem(ValueError):
    """The file as a whole cannot be read: not CSV/XLSX, no header, unknown or repeated columns."""

    def __init__(self, message: Message, column: str = "", line: int = 1) -> None:
        super().__init__(str(message))
        self.message, self.column, self.line = message, column, line


@dataclass
class Table:
    """A file's header (canonical names, in order) and its data rows as (line number, cells)."""

    columns: list[str]
    rows: list[tuple[int, list[Any]]]


def is_xlsx(filename: str, data: bytes) -> bool:
    """XLSX by name or by its zip signature (a renamed file is still read right)."""
    return filename.lower().endswith(".xlsx") or data[:4] == XLSX_MAGIC


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM); GB18030 when a Chinese spreadsheet saved it in the local code page."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            raise FileProblem(_l("cannot read the file: save it as UTF-8 CSV or as XLSX")) from None


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    reader = csv.reader(io.StringIO(_decode(data), newline=""))
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:  # a cell over the csv module's 128 KB, a NUL byte: the line is named
            raise FileProblem(_l("line %(line)s cannot be read as CSV (a cell too long, or a stray quote)",
                                 line=start), line=start) from None
        # The line a spreadsheet shows: where the row began (a quoted cell may span lines).
        yield start, cells
        start = reader.line_num + 1


def _cell(value: Any) -> Any:
    """An XLSX cell as the reader passes it on: text stripped, numbers and dates as they are."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime | date | time | int | float) or value is None:
        return value
    return str(value)


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    try:
        # read_only streams the sheet: a 100,000-row workbook is never held as cell objects.
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError or its own errors for a damaged file
        raise FileProblem(_l("cannot read the file: it is not a valid XLSX workbook")) from exc
    try:
        sheet = book.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell(v) for v in values]
    finally:
        book.close()


def read_table(filename: str, data: bytes, headers: dict[str, str]) -> Table:
    """The file's rows under canonical column names; FileProblem for an unknown or repeated header.

    `headers` maps every accepted header (lower case, Chinese or English) to its canonical name.
    Blank rows are skipped; their line numbers are kept, so errors name the line a spreadsheet shows.
    """
    rows = _xlsx_rows(data) if is_xlsx(filename, data) else _csv_rows(data)
    header: list[str] | None = None
    body: list[tuple[int, list[Any]]] = []
    for line, cells in rows:
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        if header is None:
            header = _header(cells, headers)
            continue
        body.append((line, cells))
    if header is None:
        raise FileProblem(_l("the file is empty: the first row must name the columns"))
    return Table(header, body)


def _header(cells: list[Any], headers: dict[str, str]) -> list[str]:
    names: list[str] = []
    for cell in cells:
        text = "" if cell is None else str(cell).strip().lstrip("'")
        if not text:
            names.append("")  # an unnamed column must be empty in every row (checked per row)
            continue
        name = headers.get(text.lower())
        if name is None:
            raise FileProblem(_l("unknown column %(name)s", name=text), column=text)
        if name in names:
            raise FileProblem(_l("column %(name)s appears twice", name=text), column=text)
        names.append(name)
    return names
