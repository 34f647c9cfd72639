"""A list as a table, and the one writer per format: CSV, XLSX and JSON.

Every list export builds a Table (columns with Chinese and English headers, rows of plain values:
text, numbers, flags, None) with the page's filters applied, and picks a format. CSV goes through
incidents.csvfile (formula-safe). XLSX cells are typed: text that looks like a formula
(= + - @, tab, carriage return) is written as a string with Excel's quote prefix, never as a
formula; numbers stay numbers. JSON keeps numbers and flags as JSON numbers and booleans, and
leaves out a row's empty values.
Rows may be a generator: CSV and JSON stream, XLSX uses openpyxl's write-only mode.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from incidents.csvfile import flag_word, formula_like, iter_csv

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
YES_NO = {"zh": ("是", "否"), "en": ("yes", "no")}
# What XML 1.0 cannot hold (its Char production), so neither an XLSX cell nor a DOCX run: the C0 controls but tab,
# line feed and carriage return, lone surrogates, and the noncharacters U+FFFE and U+FFFF. lxml refuses such text
# with an error: one "排水\ufffe作业" stored made every workbook and brief holding it a 500 (7 December).
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# The underscore that starts an OOXML escape (_xHHHH_): ECMA-376 (ST_Xstring) has a spreadsheet show "_x0041_" as A,
# and "_x005F_" as the underscore that keeps a typed one. openpyxl writes text as it is (7 December).
XLSX_ESCAPE_START = re.compile("_(?=x[0-9A-Fa-f]{4}_)")


def xml_text(text: str) -> str:
    """Text as an XLSX cell or a DOCX run can hold it: what XML forbids left out (stored before its input rule)."""
    return XML_FORBIDDEN.sub("", text)


def xlsx_text(text: str) -> str:
    """Text as an XLSX cell holds it for a spreadsheet to show it as typed: xml_text, a typed escape escaped."""
    text = xml_text(text)
    return XLSX_ESCAPE_START.sub("_x005F_", text) if "_x" in text else text  # nearly every cell: no search


@dataclass(frozen=True)
class Column:
    """A column: its stable key (JSON), and its header in each language."""

    key: str
    zh: str
    en: str

    def header(self, lang: str) -> str:
        """The header in the reader's language."""
        return self.en if lang == "en" else self.zh


@dataclass
class Table:
    """Columns, rows of plain values in column order, and optional extra header rows (HXL hashtags)."""

    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    name: str = "export"
    tag_row: Sequence[str] | None = None

    def headers(self, lang: str) -> list[str]:
        """The header row in the reader's language."""
        return [c.header(lang) for c in self.columns]


def to_csv(table: Table, lang: str = "zh") -> Iterator[str]:
    """The table as CSV pieces: the header row, the HXL tag row if any, then the rows."""
    rows: Iterable[Sequence[Any]] = table.rows
    if table.tag_row is not None:
        rows = _prepend(list(table.tag_row), table.rows)
    return iter_csv(table.headers(lang), rows, YES_NO.get(lang, YES_NO["zh"]))


def _prepend(first: list[Any], rows: Iterable[Sequence[Any]]) -> Iterator[Sequence[Any]]:
    """The tag row, then the table's rows."""
    yield first
    yield from rows


def to_xlsx(table: Table, lang: str = "zh") -> bytes:
    """The table as an .xlsx workbook of one sheet (write-only: rows never all held as cells)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=(table.name or "export")[:31])
    yes_no = YES_NO.get(lang, YES_NO["zh"])

    def cell(value: Any) -> Any:
        """One value as an XLSX cell: flags as words, numbers as numbers, formula-like text a string cell."""
        if value is None:
            return None
        if isinstance(value, bool):
            return flag_word(value, yes_no)
        if isinstance(value, int | float | Decimal):
            return value
        text = xlsx_text(str(value))
        if not formula_like(text):
            return text
        # openpyxl would store "=…" as a formula and "#N/A" (a clerk's "not applicable") as an error value: a
        # typed string cell, shown as the text typed, never evaluated.
        out = WriteOnlyCell(sheet, value=text)
        out.data_type = "s"
        out.quotePrefix = True
        return out

    sheet.append([cell(h) for h in table.headers(lang)])
    if table.tag_row is not None:
        sheet.append([cell(t) for t in table.tag_row])
    for row in table.rows:
        sheet.append([cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _json_value(value: Any) -> Any:
    """A Decimal as a JSON number; anything else as it is."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def to_json(table: Table, lang: str = "zh", meta: dict[str, Any] | None = None) -> Iterator[str]:
    """The table as JSON pieces: {"columns": [{key, zh, en}], "rows": [{key: value}], "count": n}, nulls left out."""
    keys = [c.key for c in table.columns]
    head = {**(meta or {}), "columns": [{"key": c.key, "zh": c.zh, "en": c.en} for c in table.columns]}
    if table.tag_row is not None:
        head["hxl"] = dict(zip(keys, table.tag_row, strict=True))
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "rows": ['
    count = 0
    for row in table.rows:
        # A key left out is a value not reported: a wide, sparse list (every report kind's
        # fields) would otherwise be mostly nulls.
        item = {k: _json_value(v) for k, v in zip(keys, row, strict=True) if v is not None}
        yield ("," if count else "") + json.dumps(item, ensure_ascii=False, default=str)
        count += 1
    yield f'], "count": {count}}}'


def write(table: Table, fmt: str, lang: str = "zh", meta: dict[str, Any] | None = None) -> Iterable[str] | bytes:
    """The table in a format of FORMATS: CSV and JSON as pieces of text, XLSX as bytes."""
    if fmt == "csv":
        return to_csv(table, lang)
    if fmt == "xlsx":
        return to_xlsx(table, lang)
    if fmt == "json":
        return to_json(table, lang, meta)
    raise ValueError(f"format: unknown format {fmt!r}")
