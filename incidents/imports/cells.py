"""What the CSV and XLSX readers share: the problem a file is refused with, a cell's limits, the rows."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from incidents.errors import Message

# An import file may be far larger than a form post (100,000 rows of CSV are about 8 MB): the most an
# upload may carry (views.py).
MAX_BYTES = 64 * 1024 * 1024
# The most lines of a file an import reads (a sheet's, blank ones included, or a CSV's): twice the 100,000 rows it
# is built for. A preview checks about 10,000 rows a second: a CSV of a million short rows (55 MB, under MAX_BYTES)
# held a worker past gunicorn's 60 s, the clerk given no answer.
MAX_LINES = 200_000
# The longest cell read, in characters: the csv module's own limit (its default field_size_limit), by
# which the CSV reader refuses a longer cell; the XLSX reader refuses one by the same rule.
CELL_CHARS = 131_072


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


# Read on the sheet in place of a refused cell: not blank, so its row is kept and named.
REFUSED = object()
# A file's numbered rows of cells, and the cells read as REFUSED: (line, column index, message).
Rows = Generator[tuple[int, list[Any]], None, None]
Refused = list[tuple[int, int | None, Message]]  # index None: the row as a whole (hidden)
