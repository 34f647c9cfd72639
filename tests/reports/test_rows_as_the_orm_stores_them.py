"""A report created through the API (its rows sent by reports/speedups.py: Core INSERTs, and on PostgreSQL
ONE_TRIP's one statement) stores exactly the bytes the ORM's flush stores for the same report: the base
row, its kind's row (and a disinfection's counts), its audit row (`after` as JSON text) and its key row.

Compared raw (no type processing on the way back): an instant is SQLite's text as SQLAlchemy writes
it (microseconds always: "06:30:00.000000", which sqlite3's own adapter would write "06:30:00"), an
enum its value, a JSON column its text."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.audit import services as audit
from incidents.audit.models import AuditEntry, IdempotencyKey
from incidents.db import nothing_written_yet
from incidents.models import Report
from incidents.reports import services as reports
from incidents.reports.models import Disinfection, DisinfectionCount
from tests.audit.conftest import area_named, people, rainstorm  # noqa: F401  (people: a fixture)
from tests.reports.test_json_fields import VALID, api, valid  # noqa: F401  (fixtures)

TZ = ZoneInfo("Asia/Shanghai")

def _raw(session: Session, table: str, where: str, value: Any) -> list[dict[str, Any]]:
    """The stored rows as the driver returns them; JSON columns also as their text."""
    extra, only = "", ""
    if table == "audit_entries":
        extra = ', CAST("before" AS TEXT) AS before_text, CAST("after" AS TEXT) AS after_text'
        only = " AND entity = 'reports'"
    elif table == "idempotency_keys":
        only = " AND entity = 'reports'"
    rows = session.execute(sa.text(f"SELECT *{extra} FROM {table} WHERE {where} = :v{only} ORDER BY 1"),
                           {"v": value})
    return [dict(row) for row in rows.mappings()]


def _orm_copy(session: Session, made: Report) -> Report:
    """The same report stored by the ORM's flush, with the API's own clock values; its audit row and key too."""
    mapper = sa.inspect(type(made))
    copy = type(made)(**{a.key: getattr(made, a.key) for a in mapper.column_attrs if a.key != "id"})
    if isinstance(made, Disinfection):
        assert isinstance(copy, Disinfection)
        copy.counts = [DisinfectionCount(category_code=c.category_code, count=c.count, count_lb=c.count_lb)
                       for c in made.counts]
    session.add(copy)
    session.flush()
    entry = audit.record(session, made.reporter_id, "create", copy, None)
    stored = session.scalars(sa.select(AuditEntry).where(AuditEntry.entity == "reports",
                                                         AuditEntry.entity_id == made.id)).one()
    entry.at = stored.at
    key = session.scalars(sa.select(IdempotencyKey).where(IdempotencyKey.entity_id == made.id,
                                                          IdempotencyKey.entity == "reports")).one()
    session.add(IdempotencyKey(key=key.key + "-orm", user_id=key.user_id, entity="reports", entity_id=copy.id,
                               created_at=key.created_at, fingerprint=key.fingerprint))
    session.flush()
    return copy


def _without(row: dict[str, Any], *names: str) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in names}


@pytest.mark.parametrize("kind", list(VALID))
def test_the_api_stores_the_bytes_the_orm_stores(api, valid, database, kind):  # noqa: F811
    key = str(uuid.uuid4())
    response = api(valid(kind), key=key)
    assert response.status_code == 201, response.json
    made_id = response.json["id"]
    with database.write_session() as s:
        made = s.get(Report, made_id)
        assert made is not None
        copy = _orm_copy(s, made)
        tables = [sa.inspect(type(made)).base_mapper.local_table.name, sa.inspect(type(made)).local_table.name]
        for table in dict.fromkeys(tables):
            ours, theirs = _raw(s, table, "id", made.id), _raw(s, table, "id", copy.id)
            assert [_without(r, "id") for r in ours] == [_without(r, "id") for r in theirs], table
        if isinstance(made, Disinfection):
            ours, theirs = (_raw(s, "disinfection_counts", "report_id", i) for i in (made.id, copy.id))
            assert ours and [_without(r, "id", "report_id") for r in ours] == \
                [_without(r, "id", "report_id") for r in theirs]
        ours, theirs = _raw(s, "audit_entries", "entity_id", made.id), _raw(s, "audit_entries", "entity_id", copy.id)
        assert len(ours) == 1 and len(theirs) == 1
        assert _without(ours[0], "id", "entity_id", "after", "after_text") == \
            _without(theirs[0], "id", "entity_id", "after", "after_text")
        # `after` names the report's id: the same text once each names its own.
        assert ours[0]["after_text"] == theirs[0]["after_text"].replace(f'"id":{copy.id},', f'"id":{made.id},', 1)
        assert f'"id":{made.id},' in ours[0]["after_text"]
        ours, theirs = (_raw(s, "idempotency_keys", "entity_id", i) for i in (made.id, copy.id))
        assert [_without(r, "key", "entity_id") for r in ours] == [_without(r, "key", "entity_id") for r in theirs]
        s.rollback()


def test_a_create_is_a_write_its_transaction_knows_of(database, seeded, people):  # noqa: F811
    # PostgreSQL sends the rows as one `WITH r AS (INSERT ...) SELECT ...`: a write, though it reads like a
    # SELECT; a later one-time key in the same transaction must keep its SAVEPOINT (audit/idempotency.py).
    with database.late_write_session() as s:
        data = {"event_id": rainstorm(s).id, "area_id": area_named(s, "西钟楼巷").id,
                "observed_at": datetime(2021, 7, 24, 9, 0, tzinfo=TZ), "title": "巡查积水"}
        assert nothing_written_yet(s)
        reports.create_report(s, "activity", data, people.reporter)
        assert not nothing_written_yet(s)
        s.rollback()


def test_a_replay_meets_the_key_and_leaves_nothing_of_its_own(database, seeded, people):  # noqa: F811
    # A key is inserted without a lookup (KEY_FIRST); on PostgreSQL with the report's rows in one statement,
    # so the twin's whole statement fails: no report, kind's row or audit row of it stays.
    def create(title: str) -> tuple[int, bool]:
        with database.late_write_session() as s:
            data = {"event_id": rainstorm(s).id, "area_id": area_named(s, "西钟楼巷").id,
                    "observed_at": datetime(2021, 7, 24, 9, 0, tzinfo=TZ), "title": title}
            report, created = reports.create_report_once(s, "activity", data, people.reporter, "twin-1")
            s.commit()
            return report.id, created

    def counts() -> tuple[int, ...]:
        with database.read_session() as s:
            return tuple(s.scalar(sa.text(f"SELECT count(*) FROM {table}"))
                         for table in ("reports", "activity_entries", "audit_entries", "idempotency_keys"))

    first, created = create("巡查积水")
    assert created
    before = counts()
    assert create("巡查积水") == (first, False)
    with pytest.raises(reports.KeyReused):
        create("抽排")
    assert counts() == before
