"""The one CSV writer every export uses: spreadsheet-safe text, numbers kept as numbers.

A cell that begins with = + - @ (or a tab or carriage return, or their full-width forms, which
East Asian spreadsheets also read as formula signs) is taken for a formula by Excel, LibreOffice
and Google Sheets: `=HYPERLINK("http://evil.example","x")` in an activity's title would land live
in a coordinator's spreadsheet. As OWASP advises (CSV Injection), such text gets a leading single
quote, which spreadsheets show as text; so does text that spells an error value (a clerk's "#N/A"),
which they would read as that error. Numbers are written as numbers, a negative one too.
UTF-8 with a byte-order mark, so spreadsheet programs read Chinese right.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from itertools import islice
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠", "﹦", "﹢", "﹣", "﹫")
# Characters that show as nothing, Unicode's "format" characters (zero-width spaces and joiners,
# direction marks, the BOM, the soft hyphen, tags): "\u200b=1+1" looks like a formula to a reader,
# and some spreadsheet or import step may drop them. Stripped before looking for a formula's start.
INVISIBLE = "".join(c for c in map(chr, [*range(0x10000), *range(0xE0000, 0xE0080)])
                    if unicodedata.category(c) == "Cf")
# Text that is just a number ("-3", "+2.5") is read as that number, never as a formula.
PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
BOM = "\ufeff"


# A spreadsheet's error values: text that spells one (a clerk's "#N/A" for "not applicable", any case) is read
# as that error, not as the text, by Excel and LibreOffice opening a CSV and by openpyxl writing a cell.
ERROR_VALUES = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
                          "#SPILL!", "#CALC!"})


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would take this text for a formula or an error value (a plain number it would not)."""
    stripped = text.lstrip(INVISIBLE)
    return ((stripped.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(text))
            or (stripped[:1] == "#" and stripped.strip().upper() in ERROR_VALUES))


def standalone(text: str) -> str:
    """A word standing alone as a value (a cell, a badge, a code's name): a capital first; Chinese as it is."""
    # Inside a sentence the same msgid stays lower case ("of 24 buildings at the peak"): the capital is the
    # place's, not the word's, so the catalogues keep one msgid for both.
    return text[:1].upper() + text[1:]


def flag_word(value: bool, yes_no: tuple[str, str]) -> str:
    """A flag as a spreadsheet's word, alone in its cell as the code labels beside it: Yes/No, 是/否."""
    return standalone(yes_no[0] if value else yes_no[1])


def safe_cell(value: Any, yes_no: tuple[str, str] = ("true", "false")) -> str | int | float | Decimal:
    """A value as a CSV cell: None empty, flags as yes/no words, numbers as is, formula-like text quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return flag_word(value, yes_no)
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    if formula_like(text):
        return "'" + text
    return text


def iter_csv(header: Sequence[Any], rows: Iterable[Sequence[Any]], yes_no: tuple[str, str] = ("true", "false"),
             bom: bool = True, chunk: int = 2000) -> Iterator[str]:
    """The CSV file in pieces of `chunk` lines, for a download that streams (a list of 100,000 reports)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(c, yes_no) for c in header])
    # Fast path for what most cells are (a curve has tens of thousands of lines, a wide report list
    # mostly empty cells): empty, whole numbers, and text that cannot start a formula pass as they
    # are; everything else through safe_cell.
    starts, text, whole = frozenset(FORMULA_START) | frozenset(INVISIBLE) | {"#"}, str, int
    lines = (["" if c is None else c if c.__class__ is whole or (c.__class__ is text and c[:1] not in starts)
              else safe_cell(c, yes_no) for c in row] for row in rows)
    first = True
    for batch in iter(lambda: list(islice(lines, chunk)), []):
        writer.writerows(batch)
        yield ((BOM if bom and first else "") + out.getvalue())
        out.seek(0)
        out.truncate()
        first = False
    if first:
        yield (BOM if bom else "") + out.getvalue()


def to_csv(header: Sequence[Any], rows: Iterable[Sequence[Any]], yes_no: tuple[str, str] = ("true", "false"),
           bom: bool = True) -> str:
    """A whole CSV file (CRLF lines, as RFC 4180 and spreadsheets expect) from a header and rows."""
    return "".join(iter_csv(header, rows, yes_no, bom))
