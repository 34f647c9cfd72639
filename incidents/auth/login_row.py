"""A login's user read as one Core row beside its credential's columns: the token's login and the cookie's."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents import generation, on_cursor
from incidents.auth.models import User
from incidents.db import connection_of, first_read

# LOGIN_ROW: the user's columns, the credential's and the generation of events and areas (GENERATION_SHELF: no round
# trip of its own) as one Core row, sent on the cursor (on_cursor.py) as the first read of the request's session
# (db.first_read's retry kept); the user is then built as a load would leave it (generation.attach, no SQL). Loaded
# as an ORM entity it cost the ORM's statement set-up and row loading on every request: the token's login 150–164 →
# 128–147 µs of CPU (docs/performance.md, "The token's owner from plain columns", 4 December); the cookie's, which
# every page and form of a person logs in by, in "7 December, late: the cookie's login as one row".
_USER = dict(sa.inspect(User).columns.items())  # attribute key -> column (no mapper configuration at import)
_WIDTH = len(_USER)


def select(*extra: Any) -> sa.Select[Any]:
    """SELECT the user's columns, then `extra` (the credential's), then the generation; the caller adds FROM, WHERE."""
    return sa.select(*_USER.values(), *extra, generation.NOW)


def read(session: Session, statement: sa.Select[Any], params: dict[str, Any]
         ) -> tuple[dict[str, Any], tuple[Any, ...]] | None:
    """The user's column values and the `extra` values of `statement`'s first row (the generation noted), or None."""
    row = first_read(session, lambda: on_cursor.first_row(connection_of(session), statement, params))
    if row is None:
        return None
    generation.note(session, row[-1])
    return dict(zip(_USER, row[:_WIDTH], strict=True)), row[_WIDTH:-1]


def user(session: Session, values: dict[str, Any]) -> User:
    """The user of `values` (read()'s) as an object of the session, as a load leaves it (no SQL)."""
    return generation.attach(session, User, values)
