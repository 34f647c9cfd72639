"""The write path's speed tricks, each in one place and named; measured by benches/ingest_profile.py.

A report is created through one path (services.create_report: forms, the API, an import's outage
updates and zero reports) with every rule kept; the tricks below only send its rows more cheaply.
docs/performance.md ("Ingest") has the figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from incidents import on_cursor
from incidents.audit import idempotency as keys
from incidents.audit.models import AuditEntry, IdempotencyKey
from incidents.audit.services import snapshot, snapshot_of
from incidents.db import Base, connection_of, json_text, now_utc
from incidents.reports.models import Disinfection, DisinfectionCount, OutageUpdate, Report, ReportKind


@dataclass(frozen=True)
class _Shape:
    """A kind's tables, columns and Core INSERTs, and what its unset columns take (scalar or callable default)."""

    model: type[Report]
    kind: ReportKind  # its polymorphic identity: the base row's `kind`
    base: sa.Table
    base_columns: tuple[str, ...]
    own: sa.Table
    own_columns: tuple[str, ...]
    base_insert: sa.Insert
    own_insert: sa.Insert
    # (attribute, default's function of no context or None, scalar default): for attributes left unset.
    defaults: tuple[tuple[str, Any, Any], ...]


_SHAPES: dict[type[Report], _Shape] = {}
_M = TypeVar("_M", bound=Base)


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
        model=model, kind=cast(ReportKind, mapper.polymorphic_identity), base=base,
        base_columns=tuple(c.key for c in base.c if not c.primary_key),
        own=own, own_columns=tuple(c.key for c in own.c),
        base_insert=sa.insert(base).returning(base.c.id), own_insert=sa.insert(own), defaults=tuple(defaults))
    return found


_COUNTS = Report.metadata.tables[DisinfectionCount.__tablename__]
_AUDIT = Report.metadata.tables[AuditEntry.__tablename__]
_KEYS = Report.metadata.tables[IdempotencyKey.__tablename__]
_AUDIT_COLUMNS = ("at", "user_id", "action", "entity", "entity_id", "before", "after")
_KEY_COLUMNS = ("key", "user_id", "entity", "entity_id", "created_at", "fingerprint")
_INSERT_COUNTS = sa.insert(_COUNTS)
_INSERT_AUDIT = sa.insert(_AUDIT)
_BASE_NAME = Report.__tablename__  # a report's audit name (audit.entity_name): its base table, whatever its kind


class Added:
    """A report just stored from plain values: every column as the ORM's flush would have set it, its counts."""

    __slots__ = ("model", "values", "counts")

    def __init__(self, model: type[Report], values: dict[str, Any],
                 counts: list[tuple[str, int, bool]] | None) -> None:
        self.model, self.values, self.counts = model, values, counts

    # What an answer or a caller reads of a stored report, named as a Report's attributes are.
    id = property(lambda self: self.values["id"])
    kind = property(lambda self: self.values["kind"])
    status = property(lambda self: self.values["status"])
    version = property(lambda self: self.values["version"])
    event_id = property(lambda self: self.values["event_id"])
    area_id = property(lambda self: self.values["area_id"])
    reported_at = property(lambda self: self.values["reported_at"])
    observed_at = property(lambda self: self.values.get("observed_at"))

    def after(self) -> dict[str, Any]:
        """Its audit row's `after`: audit.snapshot() of the report, made from the values."""
        return snapshot_of(self.model, self.values.__getitem__, self.counts)


def new_row(model: type[Report], given: dict[str, Any]) -> Added:
    """A new report's every column from the values `given` (clean fields, reporter, time, status), with defaults.

    The defaults as the flush applies them: a callable's (now_utc) called, a scalar's taken; the kind the
    model's. A disinfection's counts (`given["counts"]`: {code: (count, lower bound)}) kept beside the row.
    """
    shape = _shape(model)
    values = dict(given)
    counts = values.pop("counts", None)
    values["kind"] = shape.kind
    for name, call, scalar in shape.defaults:
        if name not in values:
            values[name] = call(None) if call is not None else scalar
    rows = None
    if issubclass(model, Disinfection):
        rows = [(code, count, lb) for code, (count, lb) in (counts or {}).items()]
    return Added(model, values, rows)


def store_row(session: Session, added: Added) -> None:
    """CORE_INSERTS: a new report's rows (base, kind's, a disinfection's counts) as Core INSERTs; its id set.

    No ORM object is made or registered (as_object makes one for a caller that wants it). Why: the ORM's
    unit of work for these rows (and the audit row and key beside them) was 23% of a worker's time under
    load (py-spy, docs/performance.md, 2 December) and a third of a create in process (cProfile); the
    object registered as the flush leaves it, and its snapshot read back through its attributes, another
    ~7% of an API create (docs/performance.md, "Ingest", 5 December).
    """
    session.flush()  # anything the ORM holds goes first, in the order the flush would have sent it
    shape = _shape(added.model)
    values = added.values
    connection = connection_of(session)
    report_id = values["id"] = on_cursor.send(connection, shape.base_insert,
                                              {name: values[name] for name in shape.base_columns})
    on_cursor.send(connection, shape.own_insert, {name: values[name] for name in shape.own_columns})
    if added.counts:
        connection.execute(_INSERT_COUNTS, [{"report_id": report_id, "category_code": code, "count": count,
                                             "count_lb": lb} for code, count, lb in added.counts])


def as_object(session: Session, added: Added) -> Report:
    """The stored report as an object of the session, as the flush of a new one leaves it (no SQL).

    Persistent, every column set, made in this transaction: a rollback of it (or of its savepoint)
    takes the object out of the session again, as it takes the rows.
    """
    report = _built(added.model, added.values)
    counts = None
    if added.counts is not None:
        counts = [_built(DisinfectionCount, {"report_id": added.id, "category_code": code, "count": count,
                                             "count_lb": lb}) for code, count, lb in added.counts]
        set_committed_value(report, "counts", counts)
    session.add(report)  # pending, with its counts; made persistent below as a flush makes them
    session._register_persistent({sa.inspect(report), *(sa.inspect(c) for c in counts or ())})
    return report


def _built(model: type[_M], values: dict[str, Any]) -> _M:
    """An object of `model` holding `values` as if loaded (no change history to flush)."""
    obj = sa.inspect(model).class_manager.new_instance()
    obj.__dict__.update(values)
    return cast(_M, obj)


def record_created(session: Session, user_id: int | None, report: Report | Added) -> None:
    """CORE_AUDIT_ROW: a new report's "create" audit row as one Core INSERT; what audit.record writes.

    Its `after` is audit.snapshot() of the report, so the row is the one record() makes; the ORM's
    flush of an AuditEntry object was most of its 0.3 ms a create (docs/performance.md, 1 December).
    """
    session.flush()  # an audit row the ORM holds (an outage's restoration) keeps its place before this one
    after = report.after() if isinstance(report, Added) else snapshot(report)
    on_cursor.send(connection_of(session), _INSERT_AUDIT, {
        "at": now_utc(), "user_id": user_id, "action": "create", "entity": _BASE_NAME,
        "entity_id": report.id, "before": None, "after": after})


def store_created(session: Session, user_id: int | None, added: Added) -> None:
    """A new report's rows and its "create" audit row; on PostgreSQL with the key offered for it (ONE_TRIP).

    PostgreSQL: one statement, but for a disinfection's counts. SQLite: one INSERT after the other,
    in the order the ORM's flush sent them, the key left to audit/idempotency._make. An outage
    update is not created here: its restoration mirror goes between its rows and its audit row
    (services.create_report).
    """
    assert added.model is not OutageUpdate
    if connection_of(session).dialect.name == "postgresql" and not added.counts:
        _one_trip(session, user_id, added)
        return
    store_row(session, added)
    record_created(session, user_id, added)


# What the report's id is in its snapshot's JSON while the statement is built: replaced by the id it gets.
_PLACEHOLDER = -918273645


def _one_trip(session: Session, user_id: int | None, added: Added) -> None:
    """ONE_TRIP (PostgreSQL): the report's rows, its audit row and its key in one statement of data-modifying CTEs.

    `WITH r AS (INSERT INTO reports ... RETURNING id), o AS (INSERT INTO <kind's table> ... FROM r),
    a AS (INSERT INTO audit_entries ... FROM r), k AS (INSERT INTO idempotency_keys ... FROM r)
    SELECT r.id FROM r`: one round trip, one execution on each side, where four were. The audit
    row's `after` is the JSON text audit.record stores (json_text of the snapshot), its id
    written in by the database between the text before and after it (the column is `json`:
    stored as sent). A twin's key fails the whole statement (IntegrityError): nothing is stored.
    Its id is set in `added`, as store_row sets it. Why: 9 statements a create → 6, and its CPU 3.1–3.35x →
    2.8–2.95x the bare insert's in process (docs/performance.md, "Ingest", 4 December).
    """
    session.flush()
    shape = _shape(added.model)
    values = added.values
    values["id"] = _PLACEHOLDER
    after = json_text(added.after())
    marker = f'"id":{_PLACEHOLDER}'
    head, found, tail = after.partition(marker)
    if not found or marker in tail:  # cannot happen (one top-level id); then not taken: idempotency sends the key
        store_row(session, added)  # sends no id: the placeholder is replaced by the stored one
        record_created(session, user_id, added)
        return
    key = keys.take_offered(session, "reports")
    params: dict[str, Any] = {f"r_{name}": values[name] for name in shape.base_columns}
    params.update({f"o_{name}": values[name] for name in shape.own_columns if name != "id"})
    params.update(a_at=now_utc(), a_user_id=user_id, a_action="create", a_entity=_BASE_NAME,
                  a_before=None, a_head=head + '"id":', a_tail=tail)
    if key is not None:
        params.update({f"k_{name}": key[name] for name in _KEY_COLUMNS if name != "entity_id"})
    statement = _ONE_TRIPS.get((shape.model, key is not None))
    if statement is None:
        statement = _ONE_TRIPS[shape.model, key is not None] = _one_trip_statement(shape, key is not None)
    values["id"] = on_cursor.send(connection_of(session), statement, params)


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
