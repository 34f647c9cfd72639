"""The write path's speed tricks, each in one place and named; measured by benches/ingest_profile.py.

A report is created through one path (services.create_report: forms, the API, an import's outage
updates and zero reports) with every rule kept; the tricks below only send its rows more cheaply.
docs/performance.md ("Ingest") has the figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.audit.models import AuditEntry
from incidents.audit.services import entity_name, snapshot
from incidents.db import now_utc
from incidents.reports.models import Disinfection, DisinfectionCount, Report


@dataclass(frozen=True)
class _Shape:
    """A kind's tables as Core INSERTs, and what its unset columns take (their scalar or callable default)."""

    base: sa.Insert
    base_columns: tuple[str, ...]
    own: sa.Insert
    own_columns: tuple[str, ...]
    # (attribute, default's function of no context or None, scalar default): for attributes left unset.
    defaults: tuple[tuple[str, Any, Any], ...]


_SHAPES: dict[type[Report], _Shape] = {}


def _table(mapper: Any) -> sa.Table:
    table = mapper.local_table
    assert isinstance(table, sa.Table)  # every model maps a table, not a select
    return table


def _shape(model: type[Report]) -> _Shape:
    """The kind's INSERTs and defaults, built once per process."""
    found = _SHAPES.get(model)
    if found is not None:
        return found
    mapper = sa.inspect(model)
    base, own = _table(mapper.base_mapper), _table(mapper)
    defaults: list[tuple[str, Any, Any]] = []
    for column in (*base.c, *own.c):
        # Attribute keys are the column names throughout reports/models.py: the values go by name.
        assert mapper.get_property_by_column(column).key == column.key, column
        if column.primary_key:
            continue
        default = column.default
        if default is None and column.server_default is None:
            defaults.append((column.key, None, None))
        elif isinstance(default, sa.ColumnDefault) and default.is_callable:
            defaults.append((column.key, default.arg, None))
        elif isinstance(default, sa.ColumnDefault) and default.is_scalar:
            defaults.append((column.key, None, default.arg))
        else:  # a sequence or SQL default would need the database's answer: not used by a report
            raise TypeError(f"{column} has a default this path cannot apply")
    found = _SHAPES[model] = _Shape(
        base=sa.insert(base), base_columns=tuple(c.key for c in base.c if not c.primary_key),
        own=sa.insert(own), own_columns=tuple(c.key for c in own.c), defaults=tuple(defaults))
    return found


_COUNTS = sa.insert(Report.metadata.tables[DisinfectionCount.__tablename__])
_AUDIT = sa.insert(Report.metadata.tables[AuditEntry.__tablename__])


def store_new(session: Session, report: Report) -> None:
    """CORE_INSERTS: a new report's rows (base, kind's, a disinfection's counts) sent as Core INSERTs.

    The object ends as the ORM's flush leaves it: persistent in the session with every column set
    (defaults applied as the flush applies them), its id known, nothing pending; a rollback of this
    transaction (or savepoint) takes it out of the session again. Why: the ORM's unit of work for
    these rows (and the audit row and key beside them) was 23% of a worker's time under load
    (py-spy, docs/performance.md, 2 December) and a third of a create in process (cProfile).
    """
    session.flush()  # anything the ORM holds goes first, in the order the flush would have sent it
    shape = _shape(type(report))
    values = report.__dict__
    for name, call, scalar in shape.defaults:
        if name not in values:
            setattr(report, name, call(None) if call is not None else scalar)
    connection = session.connection()
    result = connection.execute(shape.base, {name: values[name] for name in shape.base_columns})
    report_id = result.inserted_primary_key[0]  # type: ignore[index]  # one row inserted
    report.id = report_id
    connection.execute(shape.own, {name: values[name] for name in shape.own_columns})
    counts = report.counts if isinstance(report, Disinfection) else []
    for count in counts:
        count.report_id = report_id
    if counts:
        connection.execute(_COUNTS, [{"report_id": report_id, "category_code": c.category_code,
                                      "count": c.count, "count_lb": c.count_lb} for c in counts])
    session.add(report)  # pending, with its counts; made persistent below as a flush makes them
    session._register_persistent({sa.inspect(report), *(sa.inspect(c) for c in counts)})


def record_created(session: Session, user_id: int | None, report: Report) -> None:
    """CORE_AUDIT_ROW: a new report's "create" audit row as one Core INSERT; what audit.record writes.

    Its `after` is audit.snapshot() of the report, so the row is the one record() makes; the ORM's
    flush of an AuditEntry object was most of its 0.3 ms a create (docs/performance.md, 1 December).
    """
    session.flush()  # an audit row the ORM holds (an outage's restoration) keeps its place before this one
    session.connection().execute(_AUDIT, {
        "at": now_utc(), "user_id": user_id, "action": "create", "entity": entity_name(report),
        "entity_id": report.id, "before": None, "after": snapshot(report)})
