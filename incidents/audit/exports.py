"""One record's audit trail as a Table: a row per changed field of each change (who, when, from, to)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.audit.services import as_given, history
from incidents.auth.models import User
from incidents.reports.parsing import tonnes
from incidents.tables import Column, Table

COLUMNS = [
    Column("entry", "记录号", "Entry"), Column("at", "时间", "When"), Column("user", "操作人", "Who"),
    Column("action", "操作", "Action"), Column("field", "字段", "Field"),
    Column("before", "修改前", "Before"), Column("after", "修改后", "After"),
]
# Bookkeeping every change touches: not what anyone changed.
QUIET = frozenset({"version", "updated_at"})


def _cell(value: Any) -> Any:
    """A stored value as a cell: numbers and text as they are, structures as JSON text."""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def trail_table(session: Session, entity: str, entity_id: int, tz: ZoneInfo,
                words: Callable[[Any], str], field_label: Callable[[str], str] = str) -> Table:
    """The history page's changes, oldest first; a creation lists the fields it set."""
    entries = history(session, entity, entity_id)
    users = {u.id: u.display_name for u in session.scalars(
        sa.select(User).where(User.id.in_({e.user_id for e in entries if e.user_id is not None})))}

    def rows() -> Iterator[list[Any]]:
        """A row per changed field of each audit entry."""
        for e in entries:
            before, after = as_given(e.before) or {}, as_given(e.after) or {}
            head = [e.id, e.at.astimezone(tz).isoformat(sep=" ", timespec="seconds"),
                    users.get(e.user_id) if e.user_id is not None else None, words(e.action)]
            keys = [k for k in dict.fromkeys([*after, *before]) if k not in QUIET
                    and before.get(k) != after.get(k) and (e.before is not None or after.get(k) is not None)]
            for key in keys:
                was, now = before.get(key), after.get(key)
                field = field_label(key)
                if key == "mass_kg":  # stored in kg, given in tonnes as the form, the page and imports give it
                    was, now = (tonnes(v) if isinstance(v, int) else v for v in (was, now))
                    field = "mass_t" if field == key else field
                yield [*head, field, _cell(was), _cell(now)]
            if not keys:
                yield [*head, None, None, None]

    return Table(COLUMNS, rows(), name="history")
