"""A created report's rows (sent as Core INSERTs, reports/speedups.py) are what the ORM's flush stored:
every kind's row, its audit row (`after` is the report as stored), its key; the object the create
returns is the ORM's persistent object, and a rollback takes it out of the session."""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from incidents.audit import services as audit
from incidents.audit.models import AuditEntry, IdempotencyKey
from incidents.db import json_text
from incidents.models import Report
from incidents.reports import services as reports
from tests.audit.conftest import area_named, people, rainstorm  # noqa: F401  (people: a fixture)
from tests.reports.test_json_fields import VALID, api, valid  # noqa: F401  (fixtures)

TZ = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize("kind", list(VALID))
def test_each_kind_stores_its_rows_and_the_audit_row_says_what_is_stored(api, valid, database, kind):  # noqa: F811
    key = str(uuid.uuid4())
    response = api(valid(kind), key=key)
    assert response.status_code == 201, response.json
    answer = response.json
    with database.read_session() as s:
        report = s.get(Report, answer["id"])
        assert report is not None and report.kind.value == kind
        assert (answer["version"], answer["status"], answer["event_id"], answer["area_id"]) == \
            (report.version, report.status.value, report.event_id, report.area_id)
        rows = s.scalars(sa.select(AuditEntry).where(AuditEntry.entity == "reports",
                                                     AuditEntry.entity_id == report.id,
                                                     AuditEntry.action == "create")).all()
        assert len(rows) == 1
        assert rows[0].before is None and rows[0].after == audit.snapshot(report)
        stored = s.get(IdempotencyKey, f"user:{rows[0].user_id}:{key}")
        assert stored is not None and (stored.entity, stored.entity_id) == ("reports", report.id)
        assert stored.fingerprint is not None and stored.created_at is not None
        if kind == "disinfection":
            assert [(c.category_code, c.count) for c in report.counts] == [("street", 1)]
        # The JSON columns' text as the ORM wrote it: `before` a JSON null, `after` the snapshot's text.
        raw = s.execute(sa.text("SELECT before, after FROM audit_entries WHERE id = :id"),
                        {"id": rows[0].id}).one()
        assert raw.before in ("null", None) and json_text(rows[0].after) == json_text(audit.snapshot(report))
    again = api(valid(kind), key=key)
    assert again.status_code == 200 and again.json["id"] == answer["id"]
    assert again.headers["Location"] == response.headers["Location"]


def test_the_returned_report_is_persistent_complete_and_gone_after_a_rollback(database, seeded, people):  # noqa: ANN001, F811
    statements: list[str] = []
    sa.event.listen(database.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    with database.write_session() as s:
        data = {"event_id": rainstorm(s).id, "area_id": area_named(s, "西钟楼巷").id,
                "observed_at": datetime(2021, 7, 24, 9, 0, tzinfo=TZ), "title": "巡查积水"}
        report = reports.create_report(s, "activity", data, people.reporter)
        state = sa.inspect(report)
        assert state.persistent and not s.new and not s.dirty
        assert s.get(Report, report.id) is report
        statements.clear()
        assert audit.snapshot(report)["title"] == "巡查积水"  # every column set: no SELECT to read one
        assert report.version == 1 and report.created_at is not None and report.updated_at is not None
        assert statements == []
        report_id = report.id
        s.rollback()
        assert state.transient or state.detached
        assert s.get(Report, report_id) is None
