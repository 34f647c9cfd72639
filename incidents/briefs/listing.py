"""An event's briefs list as a Table: every brief and revision, newest day first."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from incidents.briefs.models import Brief
from incidents.events.models import Event
from incidents.tables import Column, Table

COLUMNS = [
    Column("id", "编号", "ID"), Column("day", "日期", "Day"), Column("number", "期数", "Number"),
    Column("revision", "修订", "Revision"), Column("status", "状态", "Status"),
    Column("cutoff", "截止时间", "Cut-off"), Column("compiled_at", "编制时间", "Compiled at"),
    Column("compiled_by", "编制人", "Compiled by"), Column("published_at", "签发时间", "Signed off at"),
    Column("published_by", "签发人", "Signed off by"),
]


def _local(value: datetime | None, tz: ZoneInfo) -> str | None:
    """An instant in the event's zone with its offset."""
    return value.astimezone(tz).isoformat(sep=" ", timespec="seconds") if value else None


def briefs_table(session: Session, event: Event, words: Callable[[Any], str], status: str | None = None) -> Table:
    """The event's briefs as its briefs page lists them (newest day, newest revision first)."""
    query = (sa.select(Brief).where(Brief.event_id == event.id)
             .options(selectinload(Brief.compiled_by), selectinload(Brief.published_by))
             .order_by(Brief.day.desc(), Brief.revision.desc()))
    if status:
        query = query.where(Brief.status == status)
    tz = event.tz

    def rows() -> Iterator[list[Any]]:
        """One row per brief revision."""
        for b in session.scalars(query):
            yield [b.id, b.day.isoformat(), b.number, b.revision, words(b.status), _local(b.cutoff, tz),
                   _local(b.compiled_at, tz), b.compiled_by.display_name if b.compiled_by else None,
                   _local(b.published_at, tz), b.published_by.display_name if b.published_by else None]

    return Table(COLUMNS, rows(), name="briefs")
