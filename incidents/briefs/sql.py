"""What every query of a brief shares: the counted-and-known filter, the subdistrict map, flags and read-back.

Every query filters on the event, live statuses and `reported_at <= cutoff` (only what the office
knew by then), groups in SQL and returns a few rows per subdistrict.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from incidents.areas.tree import subdistrict_of
from incidents.db import UTCDateTime
from incidents.reports.models import COUNTED, Report, ReportKind, news_of_counted

_UTC = UTCDateTime()
# UTCDateTime's read-back ignores the dialect; any will do.
_DIALECT = sa.engine.default.DefaultDialect()

def flag(cond: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    return sa.func.max(sa.case((cond, 1), else_=0))


def known(model: Any, event_id: int | sa.BindParameter[int] | Sequence[int],
          cutoff: datetime | sa.BindParameter[datetime] | None) -> list[sa.ColumnElement[bool]]:
    """Counted reports of the event (or events) known by the cut-off (None: known now), the kind named
    too, so the indexes serve. The event and cut-off may be named values (a statement built once).

    A report sent back (returned) counts nowhere until it is resubmitted, like a retracted one; a
    pumped volume only while its operation counts, an outage update while its outage does.
    """
    counted, *owned = _counted(model)
    one = isinstance(event_id, int | sa.BindParameter)
    events = model.event_id == event_id if one else model.event_id.in_(event_id)
    return [events, counted, *([] if cutoff is None else [model.reported_at <= cutoff]), *owned]


@functools.lru_cache(maxsize=64)
def _counted(model: Any) -> tuple[sa.ColumnElement[bool], ...]:
    """The conditions of `known` that name neither the event nor the cut-off (its status first), built once per model:
    its aliases and EXISTS took ~7 ms of Python a call for Report, ~2 ms for a pumped volume, and a
    brief calls `known` ~25 times (2026-12-03, benches/brief_bench.py at 8,500 reports)."""
    conds = [model.status.in_(COUNTED)]
    identity = sa.inspect(model).mapper.polymorphic_identity
    if identity is not None:
        conds.append(model.kind == identity)
    owner = sa.orm.aliased(Report)  # the operation or outage a report is news of
    if identity == ReportKind.PUMPING_VOLUME:
        conds.append(sa.exists().where(owner.id == model.operation_id, owner.status.in_(COUNTED)))
    elif identity is None:
        # Any kind: the news of a withdrawn operation or outage is left out, as the figures leave it.
        conds += news_of_counted(model)
    return tuple(conds)


@functools.cache
def subdistricts() -> sa.Subquery:
    """area_id → subdistrict_id for every area at or below a subdistrict (one object, like its select)."""
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
    return _UTC.process_result_value(value, _DIALECT)


class MissingValue(ValueError):
    """A column that is never NULL (a kind, a precision, a report's time) read back as NULL."""


def code_of(value: Any) -> str:
    """enum_code of a NOT NULL column."""
    code = enum_code(value)
    if code is None:
        raise MissingValue("a NOT NULL code read back as NULL")
    return code


def utc_of(value: Any) -> datetime:
    """as_utc of a NOT NULL timestamp."""
    at = as_utc(value)
    if at is None:
        raise MissingValue("a NOT NULL timestamp read back as NULL")
    return at
