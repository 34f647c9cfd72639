"""Audit trail: one row per change, written in the caller's transaction."""

from __future__ import annotations

import enum
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.audit.models import AuditEntry
from incidents.db import Base


def _jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def entity_name(obj: Base) -> str:
    """The audit name of a record: its base table (a power outage is a `reports` row)."""
    return sa.inspect(obj).mapper.base_mapper.local_table.name


def snapshot(obj: Base) -> dict[str, Any]:
    """Every mapped column of a record (all tables of a joined subclass) as JSON-able values."""
    mapper = sa.inspect(obj).mapper
    data = {attr.key: _jsonable(getattr(obj, attr.key)) for attr in mapper.column_attrs}
    counts = getattr(obj, "counts", None)
    if counts is not None:
        data["counts"] = {c.category_code: [c.count, c.count_lb] for c in counts}
    return data


def record(session: Session, user_id: int | None, action: str, obj: Base,
           before: dict[str, Any] | None, after: dict[str, Any] | None = None) -> AuditEntry:
    """Add an audit row for obj; flushed with the change so both commit or neither."""
    session.flush()
    entity_id = sa.inspect(obj).identity[0]
    entry = AuditEntry(
        user_id=user_id, action=action, entity=entity_name(obj), entity_id=entity_id,
        before=before, after=after if after is not None else snapshot(obj),
    )
    session.add(entry)
    return entry


def history(session: Session, entity: str, entity_id: int) -> list[AuditEntry]:
    """Every audit row of one record, oldest first."""
    return list(session.scalars(
        sa.select(AuditEntry).where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .order_by(AuditEntry.id)
    ))
