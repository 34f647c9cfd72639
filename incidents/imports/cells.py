"""What the CSV and XLSX readers share: the problem a file is refused with, a cell's limits, the rows."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from incidents.errors import Message

# An import file may be far larger than a form post (100,000 rows of CSV are about 8 MB): the most an
# upload may carry (views.py).
MAX_BYTES = 64 * 1024 * 1024
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
