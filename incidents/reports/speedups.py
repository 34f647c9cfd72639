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

from incidents.audit import idempotency as keys
from incidents.audit.models import AuditEntry, IdempotencyKey
from incidents.audit.services import entity_name, snapshot
from incidents.db import json_text, now_utc
from incidents.reports.models import Disinfection, DisinfectionCount, OutageUpdate, Report


@dataclass(frozen=True)
class _Shape:
    """A kind's tables, columns and Core INSERTs, and what its unset columns take (scalar or callable default)."""

    model: type[Report]
    base: sa.Table
    base_columns: tuple[str, ...]
    own: sa.Table
    own_columns: tuple[str, ...]
    base_insert: sa.Insert
    own_insert: sa.Insert
    # (attribute, default's function of no context or None, scalar default): for attributes left unset.
    defaults: tuple[tuple[str, Any, Any], ...]


_SHAPES: dict[type[Report], _Shape] = {}


def _table(mapper: Any) -> sa.Table:
    table = mapper.local_table
    assert isinstance(table, sa.Table)  # every model maps a table, not a select
    return table


def _shape(model: type[Report]) -> _Shape:
    """The kind's tables and defaults, built once per process."""
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
        model=model, base=base, base_columns=tuple(c.key for c in base.c if not c.primary_key),
        own=own, own_columns=tuple(c.key for c in own.c),
        base_insert=sa.insert(base), own_insert=sa.insert(own), defaults=tuple(defaults))
    return found


_COUNTS = Report.metadata.tables[DisinfectionCount.__tablename__]
_AUDIT = Report.metadata.tables[AuditEntry.__tablename__]
_KEYS = Report.metadata.tables[IdempotencyKey.__tablename__]
_AUDIT_COLUMNS = ("at", "user_id", "action", "entity", "entity_id", "before", "after")
_KEY_COLUMNS = ("key", "user_id", "entity", "entity_id", "created_at", "fingerprint")
_INSERT_COUNTS = sa.insert(_COUNTS)
_INSERT_AUDIT = sa.insert(_AUDIT)


def _fill_defaults(shape: _Shape, report: Report) -> dict[str, Any]:
    values = report.__dict__
    for name, call, scalar in shape.defaults:
        if name not in values:
            setattr(report, name, call(None) if call is not None else scalar)
    return values


def _register(session: Session, report: Report, counts: list[DisinfectionCount]) -> None:
    session.add(report)  # pending, with its counts; made persistent below as a flush makes them
    session._register_persistent({sa.inspect(report), *(sa.inspect(c) for c in counts)})


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
    values = _fill_defaults(shape, report)
    connection = session.connection()
    result = connection.execute(shape.base_insert, {name: values[name] for name in shape.base_columns})
    report_id = result.inserted_primary_key[0]  # type: ignore[index]  # one row inserted
    report.id = report_id
    connection.execute(shape.own_insert, {name: values[name] for name in shape.own_columns})
    counts = report.counts if isinstance(report, Disinfection) else []
    for count in counts:
        count.report_id = report_id
    if counts:
        connection.execute(_INSERT_COUNTS, [{"report_id": report_id, "category_code": c.category_code,
                                             "count": c.count, "count_lb": c.count_lb} for c in counts])
    _register(session, report, counts)


def record_created(session: Session, user_id: int | None, report: Report) -> None:
    """CORE_AUDIT_ROW: a new report's "create" audit row as one Core INSERT; what audit.record writes.

    Its `after` is audit.snapshot() of the report, so the row is the one record() makes; the ORM's
    flush of an AuditEntry object was most of its 0.3 ms a create (docs/performance.md, 1 December).
    """
    session.flush()  # an audit row the ORM holds (an outage's restoration) keeps its place before this one
    session.connection().execute(_INSERT_AUDIT, {
        "at": now_utc(), "user_id": user_id, "action": "create", "entity": entity_name(report),
        "entity_id": report.id, "before": None, "after": snapshot(report)})


def store_created(session: Session, user_id: int | None, report: Report) -> None:
    """A new report's rows and its "create" audit row; on PostgreSQL with the key offered for it (ONE_TRIP).

    PostgreSQL: one statement, but for a disinfection's counts. SQLite: one INSERT after the other,
    in the order the ORM's flush sent them, the key left to audit/idempotency._make. An outage
    update is not created here: its restoration mirror goes between its rows and its audit row
    (services.create_report).
    """
    assert not isinstance(report, OutageUpdate)
    if session.connection().dialect.name == "postgresql" and not (isinstance(report, Disinfection) and report.counts):
        _one_trip(session, user_id, report)
        return
    store_new(session, report)
    record_created(session, user_id, report)


# What the report's id is in its snapshot's JSON while the statement is built: replaced by the id it gets.
_PLACEHOLDER = -918273645


def _one_trip(session: Session, user_id: int | None, report: Report) -> None:
    """ONE_TRIP (PostgreSQL): the report's rows, its audit row and its key in one statement of data-modifying CTEs.

    `WITH r AS (INSERT INTO reports ... RETURNING id), o AS (INSERT INTO <kind's table> ... FROM r),
    a AS (INSERT INTO audit_entries ... FROM r), k AS (INSERT INTO idempotency_keys ... FROM r)
    SELECT r.id FROM r`: one round trip, one execution on each side, where four were. The audit
    row's `after` is the JSON text audit.record stores (json_text of the snapshot), its id
    written in by the database between the text before and after it (the column is `json`:
    stored as sent). A twin's key fails the whole statement (IntegrityError): nothing is stored.
    The object ends as store_new leaves it. Why: 9 statements a create → 6, and its CPU 3.1–3.35x →
    2.8–2.95x the bare insert's in process (docs/performance.md, "Ingest", 4 December).
    """
    session.flush()
    shape = _shape(type(report))
    values = _fill_defaults(shape, report)
    report.id = _PLACEHOLDER
    after = json_text(snapshot(report))
    marker = f'"id":{_PLACEHOLDER}'
    head, found, tail = after.partition(marker)
    if not found or marker in tail:  # cannot happen (one top-level id); then not taken: idempotency sends the key
        store_new(session, report)  # sends no id: the placeholder is replaced by the stored one
        record_created(session, user_id, report)
        return
    key = keys.take_offered(session, "reports")
    params: dict[str, Any] = {f"r_{name}": values[name] for name in shape.base_columns}
    params.update({f"o_{name}": values[name] for name in shape.own_columns if name != "id"})
    params.update(a_at=now_utc(), a_user_id=user_id, a_action="create", a_entity=entity_name(report),
                  a_before=None, a_head=head + '"id":', a_tail=tail)
    if key is not None:
        params.update({f"k_{name}": key[name] for name in _KEY_COLUMNS if name != "entity_id"})
    statement = _ONE_TRIPS.get((shape.model, key is not None))
    if statement is None:
        statement = _ONE_TRIPS[shape.model, key is not None] = _one_trip_statement(shape, key is not None)
    report.id = session.connection().execute(statement, params).scalar_one()
    _register(session, report, [])


# ONE_TRIP's statement per (kind, with a key or not), built once per process; SQLAlchemy caches its compiled form.
_ONE_TRIPS: dict[tuple[type[Report], bool], sa.Select[Any]] = {}


def _one_trip_statement(shape: _Shape, with_key: bool) -> sa.Select[Any]:
    def bound(prefix: str, column: sa.Column[Any]) -> Any:
        return sa.bindparam(f"{prefix}_{column.key}", type_=column.type)

    base = shape.base
    made = sa.insert(base).values({base.c[name]: bound("r", base.c[name]) for name in shape.base_columns}) \
        .returning(base.c.id).cte("r")
    own = [name for name in shape.own_columns if name != "id"]
    ctes = [sa.insert(shape.own).from_select(["id", *own], sa.select(
        made.c.id, *(bound("o", shape.own.c[name]) for name in own))).cte("o")]
    text = sa.String()
    after = sa.cast(sa.bindparam("a_head", type_=text) + sa.cast(made.c.id, text) + sa.bindparam("a_tail", type_=text),
                    _AUDIT.c.after.type)
    ctes.append(sa.insert(_AUDIT).from_select(list(_AUDIT_COLUMNS), sa.select(
        *(bound("a", _AUDIT.c[name]) for name in _AUDIT_COLUMNS[:4]), made.c.id, bound("a", _AUDIT.c.before),
        after)).cte("a"))
    if with_key:
        ctes.append(sa.insert(_KEYS).from_select(list(_KEY_COLUMNS), sa.select(
            *(bound("k", _KEYS.c[name]) for name in _KEY_COLUMNS[:3]), made.c.id,
            *(bound("k", _KEYS.c[name]) for name in _KEY_COLUMNS[4:]))).cte("k"))
    return sa.select(made.c.id).add_cte(*ctes)
