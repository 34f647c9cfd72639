"""What a new report's form can start with, from the reports already given."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.reports.models import LIVE, PumpingOperation, PumpingVolume
from incidents.vague import Precision


def volume_starts(session: Session, operation_ids: list[int]) -> dict[int, tuple[datetime, Precision]]:
    """Where each operation's next volume begins: its latest live volume's end, else the operation's start."""
    if not operation_ids:
        return {}
    starts: dict[int, tuple[datetime, Precision]] = {
        op_id: (at, precision) for op_id, at, precision in session.execute(
            sa.select(PumpingOperation.id, PumpingOperation.observed_at, PumpingOperation.observed_precision)
            .where(PumpingOperation.id.in_(operation_ids)))}
    ends = session.execute(
        sa.select(PumpingVolume.operation_id, PumpingVolume.period_end, PumpingVolume.period_end_precision)
        .where(PumpingVolume.operation_id.in_(operation_ids), PumpingVolume.status.in_(LIVE))
        .order_by(PumpingVolume.operation_id, PumpingVolume.period_end.desc(), PumpingVolume.id.desc()))
    seen: set[int] = set()
    for op_id, end, precision in ends:
        if op_id not in seen:  # the latest end of each operation comes first
            seen.add(op_id)
            starts[op_id] = (end, precision)
    return starts


def own_last_team(session: Session, event_id: int, reporter_id: int) -> tuple[str, str | None] | None:
    """The team (and its English name) of the reporter's latest live pumping operation in the event."""
    row = session.execute(
        sa.select(PumpingOperation.team, PumpingOperation.team_en)
        .where(PumpingOperation.event_id == event_id, PumpingOperation.reporter_id == reporter_id,
               PumpingOperation.status.in_(LIVE))
        .order_by(PumpingOperation.id.desc()).limit(1)).first()
    return (row.team, row.team_en) if row is not None else None


def recent_teams(session: Session, event_id: int, area_ids: sa.Select | None, limit: int = 12) -> list[str]:
    """The teams of the event's live pumping operations (within area_ids, None: all), the latest first."""
    query = (sa.select(PumpingOperation.team)
             .where(PumpingOperation.event_id == event_id, PumpingOperation.status.in_(LIVE))
             .group_by(PumpingOperation.team).order_by(sa.func.max(PumpingOperation.id).desc()).limit(limit))
    if area_ids is not None:
        query = query.where(PumpingOperation.area_id.in_(area_ids))
    return list(session.scalars(query))
