"""What every query of a brief shares: the counted-and-known filter, the subdistrict map, flags and read-back.

Every query filters on the event, live statuses and `reported_at <= cutoff` (only what the office
knew by then), groups in SQL and returns a few rows per subdistrict.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from incidents.areas.services import subdistrict_of
from incidents.db import UTCDateTime
from incidents.reports.models import COUNTED

_UTC = UTCDateTime()

def flag(cond: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    return sa.func.max(sa.case((cond, 1), else_=0))


def known(model: Any, event_id: int, cutoff: datetime) -> list[sa.ColumnElement[bool]]:
    """Counted reports of the event known by the cut-off (the kind named too, so the indexes serve).

    A report sent back (returned) counts nowhere until it is resubmitted, like a retracted one.
    """
    conds = [model.event_id == event_id, model.status.in_(COUNTED), model.reported_at <= cutoff]
    identity = sa.inspect(model).mapper.polymorphic_identity
    if identity is not None:
        conds.append(model.kind == identity)
    return conds


def subdistricts() -> sa.Subquery:
    """area_id → subdistrict_id for every area at or below a subdistrict."""
    return subdistrict_of().subquery("sub_of")

def num(value: Any) -> int | None:
    return None if value is None else int(value)

def enum_code(value: Any) -> str | None:
    return None if value is None else getattr(value, "value", value)

def as_utc(value: Any) -> datetime | None:
    """A timestamp read back through an aggregate (SQLite gives text; PostgreSQL may give naive)."""
    if value is None or (isinstance(value, datetime) and value.tzinfo is not None):
        return value
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return _UTC.process_result_value(value, None)
