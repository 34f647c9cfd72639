"""Storing checked rows in bulk: the base table, the kind's table, audit rows and row keys, as plain tuples."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from operator import itemgetter
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from incidents.audit.models import AuditEntry, IdempotencyKey
from incidents.audit.services import snapshot_rows, special_columns
from incidents.imports.rows import Row
from incidents.imports.speedups import insert_rows, storing
from incidents.reports.models import DisinfectionCount, Report, ReportKind, ReportStatus
from incidents.reports.services import MODELS

Progress = Callable[[int, int], None]
# BATCH: rows per round of INSERTs (benches/import_bench.py: 1,000 to 20,000 stored at the same
# speed within the machine's noise); small enough for the progress bar to move every few seconds.
CHUNK = 5000


def table_of(model: type[Any]) -> sa.Table:
    """The table a model maps (its own: a kind's table for a joined subclass)."""
    table = model.__table__
    assert isinstance(table, sa.Table)  # every model maps a table, not a select
    return table


def blank(*tables: sa.Table) -> dict[str, Any]:
    """Every column of the tables, each with the value stored when a row has none (its scalar default, else None)."""
    return {c.name: c.default.arg if isinstance(c.default, sa.ColumnDefault) and c.default.is_scalar else None
            for table in tables for c in table.c}


def bulk_load(session: Session, kind: ReportKind, rows: list[Row], keys: list[str], user_id: int,
              now: datetime, progress: Progress | None = None) -> list[int]:
    """Insert validated rows of one kind in bulk, with an audit row and a row key each; the ids, in order.

    Ids are taken up front (`allocate_ids`), so each round is four bulk statements (reports, the
    kind's table, audit rows, row keys), not four per report, and nothing needs RETURNING. Each
    row's values are one dict holding every column (the audit row's `after`, as snapshot() lists a
    report), read into each table's tuples by an itemgetter.
    """
    empty = blank(table_of(Report), table_of(MODELS[kind]))
    fixed = {"kind": kind, "reporter_id": user_id, "status": ReportStatus.SUBMITTED, "created_at": now,
             "updated_at": now, "version": 1}
    memo: dict[Any, Any] = {}  # snapshot_rows' conversions, shared by the batches
    ids: list[int] = []
    with storing(session):
        for start in range(0, len(rows), CHUNK):
            batch = rows[start:start + CHUNK]
            new_ids = allocate_ids(session, len(batch))
            records: list[dict[str, Any]] = []
            counts: list[dict[str, tuple[int, bool]]] = []
            for report_id, row in zip(new_ids, batch, strict=True):
                values: dict[str, Any] = {**empty, **row.data, **fixed, "id": report_id,
                                          "reported_at": row.reported_at or now}
                counts.append(values.pop("counts", None) or {})
                records.append(values)
            insert_reports(session, records)
            insert_kind_rows(session, kind, records, counts)
            insert_audit(session, kind, records, counts, user_id, now, memo)
            store_keys(session, keys[start:start + CHUNK], new_ids, user_id, now)
            ids += new_ids
            if progress is not None:
                progress(start + len(batch), len(rows))
    return ids


def insert_reports(session: Session, records: list[dict[str, Any]]) -> None:
    """The `reports` rows of a batch."""
    _insert_columns(session, table_of(Report), records)


def insert_kind_rows(session: Session, kind: ReportKind, records: list[dict[str, Any]],
                     counts: list[dict[str, tuple[int, bool]]]) -> None:
    """The kind's own rows of a batch, and a disinfection file's counts per category."""
    _insert_columns(session, table_of(MODELS[kind]), records)
    if kind is ReportKind.DISINFECTION:
        insert_rows(session, table_of(DisinfectionCount), ["report_id", "category_code", "count", "count_lb"],
                    [(values["id"], code, n, lb) for values, by_code in zip(records, counts, strict=True)
                     for code, (n, lb) in by_code.items()])


def _insert_columns(session: Session, table: sa.Table, records: list[dict[str, Any]]) -> None:
    """Every column of a table from records that hold them all."""
    names = list(table.c.keys())
    insert_rows(session, table, names, map(itemgetter(*names), records))


def insert_audit(session: Session, kind: ReportKind, records: list[dict[str, Any]],
                 counts: list[dict[str, tuple[int, bool]]], user_id: int, now: datetime,
                 memo: dict[Any, Any]) -> None:
    """One audit row per report (action "import", `after` as snapshot() writes it), in one bulk statement.

    Each record becomes its `after`: called once the batch's rows are stored.
    """
    rows = []
    special = special_columns(table_of(Report), table_of(MODELS[kind]))
    # The records are stored already: each becomes its audit row's `after` (snapshot_rows' IN_PLACE).
    for by_code, after in zip(counts, snapshot_rows(records, memo, special, in_place=True), strict=True):
        if kind is ReportKind.DISINFECTION:
            after["counts"] = {code: [n, lb] for code, (n, lb) in sorted(by_code.items())}
        rows.append((now, user_id, "import", "reports", after["id"], None, after))
    insert_rows(session, table_of(AuditEntry), ["at", "user_id", "action", "entity", "entity_id", "before", "after"],
                rows)


def allocate_ids(session: Session, n: int) -> list[int]:
    """n new report ids, taken before the INSERT so that executemany needs no RETURNING.

    Why: SQLite cannot promise RETURNING rows in parameter order, so SQLAlchemy falls back to one
    INSERT per row when asked for ordered ids (20,000 statements for 20,000 rows: 3,000 rows/s in
    benches/import_bench.py). PostgreSQL draws them from the column's own sequence, safe beside
    concurrent writers; SQLite takes max(id) + 1.., safe because a write transaction holds the
    database's write lock (BEGIN IMMEDIATE, db.py) until it commits.
    """
    if n == 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        # The sequence's name looked up once, not per id: pg_get_serial_sequence in the select list
        # ran for every row, 27 ms of a 5,000-id batch against 9 ms (PostgreSQL 15, 2026-12-01).
        name = session.scalar(sa.select(sa.func.pg_get_serial_sequence("reports", "id")))
        sequence = sa.cast(sa.literal(name), postgresql.REGCLASS)
        return list(session.scalars(sa.select(sa.func.nextval(sequence))
                                    .select_from(sa.func.generate_series(1, n))))
    top = session.scalar(sa.select(sa.func.max(Report.id))) or 0
    return list(range(top + 1, top + n + 1))


def store_keys(session: Session, keys: list[str], ids: list[int], user_id: int, now: datetime) -> None:
    """One idempotency key per imported row: the same row imported again is recognised and skipped."""
    insert_rows(session, table_of(IdempotencyKey),
                ["key", "user_id", "entity", "entity_id", "created_at", "fingerprint"],
                ((key, user_id, "reports", i, now, key.rsplit(":", 2)[1]) for key, i in zip(keys, ids, strict=True)))
