"""Approximate times stored after their report (约21:00 told at 20:50, stored at 21:00 until 5 December) placed
as the rules now place them: by vague.representative, never after the moment the report was made.

Run once on a database by the migration e7a1c2d3f4b5, and by a restore on the rows of an archive written before
it: either way the same times move, with the same versions and audit rows.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.db import UTCDateTime, now_utc
from incidents.reports import restoration
from incidents.vague import APPROXIMATE_SPREAD, Precision

# The revision that placed them: an archive written before it may hold approximate times after their reports.
REVISION = "e7a1c2d3f4b5"

# (table, time column, its precision column, an end an edit may add later). A forecast (etr_at) lies ahead of
# its report by nature and is left; restored_at is the outages' mirror, set again from the rule below.
TIMES = [
    ("reports", "observed_at", "observed_precision", False),
    ("power_outages", "started_at", "started_precision", False),
    ("pumping_operations", "ended_at", "ended_precision", True),
    ("pumping_volumes", "period_start", "period_start_precision", False),
    ("pumping_volumes", "period_end", "period_end_precision", True),
    ("debris_clearances", "period_start", "period_start_precision", False),
    ("debris_clearances", "period_end", "period_end_precision", True),
]

# The columns read and written, as they stood at REVISION (a column added later must not be named here).
_reports = sa.table("reports", sa.column("id", sa.Integer), sa.column("reported_at", UTCDateTime()),
                    sa.column("created_at", UTCDateTime()), sa.column("updated_at", UTCDateTime()),
                    sa.column("version", sa.Integer))
_audit = sa.table("audit_entries", sa.column("id", sa.Integer), sa.column("at", UTCDateTime()),
                  sa.column("user_id", sa.Integer), sa.column("action", sa.String), sa.column("entity", sa.String),
                  sa.column("entity_id", sa.Integer), sa.column("before", sa.JSON), sa.column("after", sa.JSON))


def _placed(at: datetime, by: datetime) -> datetime:
    """vague.representative of an approximate time: its stored instant, never after `by` (nor before its window)."""
    return max(at - APPROXIMATE_SPREAD, by) if by < at else at


def _moves(conn: sa.Connection) -> dict[int, dict[str, tuple[datetime, datetime]]]:
    """{report id: {column: (stored, placed)}} of every approximate time stored after its report."""
    moves: dict[int, dict[str, tuple[datetime, datetime]]] = {}
    for table_name, column, precision, is_end in TIMES:
        table = sa.table(table_name, sa.column("id", sa.Integer), sa.column(column, UTCDateTime()),
                         sa.column(precision, sa.String))
        own = _reports.alias("own") if table_name == "reports" else _reports
        rows = conn.execute(
            sa.select(table.c.id, table.c[column], own.c.reported_at, own.c.created_at, own.c.updated_at)
            .join(own, own.c.id == table.c.id)
            .where(table.c[precision] == Precision.APPROXIMATE.value, table.c[column] > own.c.reported_at)
            .order_by(table.c.id)).all()
        for report_id, at, reported_at, created_at, updated_at in rows:
            # An end added by an edit was placed by that edit's moment: the last edit's is the latest it can be.
            by = reported_at if not is_end or updated_at is None or updated_at <= created_at else updated_at
            placed = _placed(at, by)
            if placed != at:
                moves.setdefault(report_id, {})[column] = (at, placed)
    return moves


def place_after_reported(conn: sa.Connection) -> list[str]:
    """Move each approximate time stored after its report to where the rules place it now; one note per report.

    Each moved report's version goes up (an edit sent against the version before is stale) and the system leaves
    an audit row, as an edit would; the outages' restoration mirrors are then set again from the timeline's rule.
    """
    moves = _moves(conn)
    notes = []
    for report_id, columns in sorted(moves.items()):
        for table_name, column, _precision, _end in TIMES:
            if column in columns:
                table = sa.table(table_name, sa.column("id", sa.Integer), sa.column(column, UTCDateTime()))
                conn.execute(table.update().where(table.c.id == report_id).values({column: columns[column][1]}))
        version = conn.scalar(sa.select(_reports.c.version).where(_reports.c.id == report_id)) or 1
        conn.execute(_reports.update().where(_reports.c.id == report_id).values(version=version + 1))
        last = conn.scalar(sa.select(_audit.c.after).where(_audit.c.entity == "reports",
                                                           _audit.c.entity_id == report_id)
                           .order_by(_audit.c.id.desc()).limit(1))
        before: dict[str, Any] = (json.loads(last) if isinstance(last, str) else dict(last)) if last else {}
        before |= {name: old.isoformat() for name, (old, _new) in columns.items()} | {"version": version}
        after = before | {name: new.isoformat() for name, (_old, new) in columns.items()} | {"version": version + 1}
        conn.execute(_audit.insert().values(at=now_utc(), user_id=None, action="update", entity="reports",
                                            entity_id=report_id, before=before, after=after))
        notes.append(f"report #{report_id}: " + ", ".join(
            f"{name} {old:%Y-%m-%d %H:%M} UTC placed at {new:%H:%M} (by its report's time)"
            for name, (old, new) in columns.items()))
    if moves:
        with Session(bind=conn) as session:
            restoration.resync(session)
    return notes
