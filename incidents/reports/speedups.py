"""The write path's speed tricks, each in one place and named; measured by benches/ingest_profile.py.

A report is created through one path (services.create_report: forms, the API, an import's outage
updates and zero reports) with every rule kept; the tricks below only send its rows more cheaply.
docs/performance.md ("Ingest") has the figures.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler

from incidents.audit import idempotency as keys
from incidents.audit.models import AuditEntry, IdempotencyKey
from incidents.audit.services import entity_name, snapshot
from incidents.db import json_text, now_utc
from incidents.reports.models import Disinfection, DisinfectionCount, OutageUpdate, Report


@dataclass(frozen=True)
class _Shape:
    """A kind's tables, their columns, and what its unset columns take (their scalar or callable default)."""

    model: type[Report]
    base: sa.Table
    base_columns: tuple[str, ...]
    own: sa.Table
    own_columns: tuple[str, ...]
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
        own=own, own_columns=tuple(c.key for c in own.c), defaults=tuple(defaults))
    return found


_COUNTS = Report.metadata.tables[DisinfectionCount.__tablename__]
_AUDIT = Report.metadata.tables[AuditEntry.__tablename__]
_KEYS = Report.metadata.tables[IdempotencyKey.__tablename__]
_AUDIT_COLUMNS = ("at", "user_id", "action", "entity", "entity_id", "before", "after")
_KEY_COLUMNS = ("key", "user_id", "entity", "entity_id", "created_at", "fingerprint")


@dataclass(frozen=True)
class _Sent:
    """DRIVER_SQL: a statement compiled once for a dialect, its parameters' names and the types' bind processors.

    Sent by `exec_driver_sql`: the engine's events (the write lock at the first write, the
    statement counts) see it as any statement; the values go through the very processors
    SQLAlchemy's own execution applies (an instant as SQLite's text, an enum's value, JSON by
    json_text), so the stored bytes are the same. Why: a Core INSERT's execution (its cache key,
    compiled-cache lookup, execution context, parameter processing by name) was ~31 µs of CPU on
    SQLite and ~95 µs on PostgreSQL, the driver's statement ~15 and ~65: ~55 µs of a 2.2 ms create on
    SQLite (docs/performance.md, "Ingest", 4 December). The DB-API cursor alone would skip the events.
    """

    sql: str
    names: tuple[str, ...]
    processors: tuple[Callable[[Any], Any] | None, ...]
    positional: bool

    def send(self, connection: sa.Connection, values: Mapping[str, Any]) -> sa.CursorResult[Any]:
        """Execute with `values` (by name), each through its bind processor."""
        if self.positional:
            given = [values[name] for name in self.names]
            params: Any = tuple(value if process is None else process(value)
                                for process, value in zip(self.processors, given, strict=True))
        else:
            params = {name: values[name] if process is None else process(values[name])
                      for name, process in zip(self.names, self.processors, strict=True)}
        return connection.exec_driver_sql(self.sql, params)


def _compiled(dialect: sa.Dialect, statement: sa.ClauseElement, names: tuple[str, ...] | None = None) -> _Sent:
    compiled = statement.compile(dialect=dialect, column_keys=list(names) if names is not None else None)
    assert isinstance(compiled, SQLCompiler)
    assert not compiled.escaped_bind_names  # plain names only: the parameters are built by name
    order = tuple(compiled.positiontup) if compiled.positional and compiled.positiontup else tuple(compiled.binds)
    processors = tuple(compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect) for name in order)
    return _Sent(str(compiled), order, processors, bool(compiled.positional))


# Per dialect (an engine's), per statement: compiled at a create's first use in the process.
_COMPILED: weakref.WeakKeyDictionary[sa.Dialect, dict[Any, _Sent]] = weakref.WeakKeyDictionary()


_Build = Callable[[], tuple[sa.ClauseElement, tuple[str, ...] | None]]


def _sent(dialect: sa.Dialect, name: Any, build: _Build) -> _Sent:
    mine = _COMPILED.setdefault(dialect, {})
    found = mine.get(name)
    if found is None:
        found = mine[name] = _compiled(dialect, *build())
    return found


def _returning(dialect: sa.Dialect, table: sa.Table) -> bool:
    # PostgreSQL names the new id with RETURNING; SQLite's cursor knows it (lastrowid), as SQLAlchemy reads it.
    return dialect.name != "sqlite" and "id" in table.c


def _insert(dialect: sa.Dialect, table: sa.Table, names: tuple[str, ...]) -> _Sent:
    def build() -> tuple[sa.ClauseElement, tuple[str, ...]]:
        statement = sa.insert(table)
        return (statement.returning(table.c.id) if _returning(dialect, table) else statement), names
    return _sent(dialect, (table.name, names), build)


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
    """CORE_INSERTS: a new report's rows (base, kind's, a disinfection's counts) sent as INSERTs (DRIVER_SQL).

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
    dialect = connection.dialect
    result = _insert(dialect, shape.base, shape.base_columns).send(connection, values)
    report_id = result.lastrowid if dialect.name == "sqlite" else result.scalar_one()
    report.id = report_id
    _insert(dialect, shape.own, shape.own_columns).send(connection, values)
    counts = report.counts if isinstance(report, Disinfection) else []
    for count in counts:
        count.report_id = report_id
    if counts:
        sent = _insert(dialect, _COUNTS, ("report_id", "category_code", "count", "count_lb"))
        for count in counts:
            sent.send(connection, count.__dict__)
    _register(session, report, counts)


def _audit_row(user_id: int | None, report: Report) -> dict[str, Any]:
    return {"at": now_utc(), "user_id": user_id, "action": "create", "entity": entity_name(report),
            "entity_id": report.id, "before": None, "after": snapshot(report)}


def record_created(session: Session, user_id: int | None, report: Report) -> None:
    """CORE_AUDIT_ROW: a new report's "create" audit row as one INSERT (DRIVER_SQL); what audit.record writes.

    Its `after` is audit.snapshot() of the report, so the row is the one record() makes; the ORM's
    flush of an AuditEntry object was most of its 0.3 ms a create (docs/performance.md, 1 December).
    """
    session.flush()  # an audit row the ORM holds (an outage's restoration) keeps its place before this one
    connection = session.connection()
    sent = _sent(connection.dialect, "audit", lambda: (sa.insert(_AUDIT), _AUDIT_COLUMNS))
    sent.send(connection, _audit_row(user_id, report))


def store_created(session: Session, user_id: int | None, report: Report) -> None:
    """A new report's rows, its "create" audit row and the one-time key offered for it (keys.take_offered).

    PostgreSQL: one statement (ONE_TRIP), but for a disinfection's counts. SQLite: one after the
    other, in the order the ORM's flush sent them (DRIVER_SQL). An outage update is not created
    here: its restoration mirror goes between its rows and its audit row (services.create_report).
    """
    assert not isinstance(report, OutageUpdate)
    connection = session.connection()
    if connection.dialect.name == "postgresql" and not (isinstance(report, Disinfection) and report.counts):
        _one_trip(session, user_id, report)
        return
    store_new(session, report)
    record_created(session, user_id, report)
    key = keys.take_offered(session, "reports")
    if key is not None:
        sent = _sent(connection.dialect, "key", lambda: (sa.insert(_KEYS), _KEY_COLUMNS))
        sent.send(connection, {**key, "entity_id": report.id})


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
    The object ends as store_new leaves it. Why: 9 statements a create → 6, and its CPU 3.2–3.3x →
    2.7–2.85x the bare insert's in process (docs/performance.md, "Ingest", 4 December).
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
    connection = session.connection()
    sent = _sent(connection.dialect, (shape.model, "one trip", key is not None),
                 lambda: (_one_trip_statement(shape, key is not None), None))
    report.id = sent.send(connection, params).scalar_one()
    _register(session, report, [])


def _one_trip_statement(shape: _Shape, with_key: bool) -> sa.ClauseElement:
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
