"""The speed tricks change nothing stored: the driver's bulk path writes what a Core INSERT writes, the audit
rows say what snapshot() says, and SQLite's cache setting is given back."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.audit.models import AuditEntry
from incidents.audit.services import snapshot
from incidents.imports.speedups import insert_rows, storing
from incidents.models import Report
from incidents.reports.models import ReportKind, ReportStatus
from incidents.vague import Precision
from tests.imports.conftest import csv_bytes


def test_the_driver_path_stores_what_a_core_insert_stores(app, event, database, make_user):
    user_id = make_user("co", "coordinator")
    at = datetime(2021, 7, 24, 21, 30, 15, 123456, tzinfo=UTC)
    with database.read_session() as s:
        area_id = s.scalar(sa.select(Area.id).order_by(Area.id))
    values = {"kind": ReportKind.ACTIVITY, "event_id": event.id, "area_id": area_id, "observed_at": at,
              "observed_precision": Precision.APPROXIMATE, "reported_at": at, "reporter_id": user_id,
              "source": "测试", "note": None, "status": ReportStatus.SUBMITTED, "created_at": at,
              "updated_at": at, "version": 1}
    table = Report.__table__
    with database.transaction() as s:
        top = s.scalar(sa.select(sa.func.max(Report.id))) or 0
        s.execute(table.insert(), [{"id": top + 1, **values}])
        insert_rows(s, table, ["id", *values], [(top + 2, *values.values())])
    with database.engine.connect() as conn:  # the stored values as the database holds them, unconverted
        names = ", ".join(values)
        core, driver = conn.exec_driver_sql(f"SELECT {names} FROM reports WHERE id IN ({top + 1}, {top + 2}) "
                                            "ORDER BY id").all()
    assert core == driver


def test_a_bulk_stores_database_error_is_raised_as_sqlalchemy_raises_it(app, event, database, make_user):
    """A constraint broken (or a full disk) under the driver's bulk path is SQLAlchemy's DBAPIError on both
    databases: web.py answers a full disk with 507 and a lost database with 503 by it (COPY's went out raw: a 500)."""
    user_id = make_user("co", "coordinator")
    at = datetime(2021, 7, 24, 21, 30, tzinfo=UTC)
    names = ["id", "kind", "event_id", "area_id", "observed_at", "observed_precision", "reported_at", "reporter_id",
             "status", "created_at", "updated_at", "version"]
    with database.read_session() as s:
        taken, area_id = s.execute(sa.select(Report.id, Report.area_id).order_by(Report.id).limit(1)).one()
        before = s.scalar(sa.select(sa.func.count()).select_from(Report))
    row = (taken, ReportKind.ACTIVITY, event.id, area_id, at, Precision.EXACT, at, user_id, ReportStatus.SUBMITTED,
           at, at, 1)
    with pytest.raises(sa.exc.IntegrityError), database.transaction() as s:  # an id already taken
        insert_rows(s, Report.__table__, names, [row])
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Report)) == before


def test_an_imported_report_is_audited_as_snapshot_lists_it(app, event, make_user, run, database):
    make_user("co", "coordinator")
    data = csv_bytes([["地点", "起始时间", "截止时间", "清运量(吨)", "车次"],
                      ["文峰区/北大街街道", "2021-07-24 08:00", "2021-07-24 evening", "30余", "4"]])
    assert run(data, "co", event).created == 1
    with database.read_session() as s:
        report = s.scalar(sa.select(Report).where(Report.kind == ReportKind.DEBRIS).order_by(Report.id.desc()))
        entry = s.scalar(sa.select(AuditEntry).where(AuditEntry.entity_id == report.id,
                                                     AuditEntry.action == "import"))
        assert entry.after == snapshot(report)
        assert entry.after["mass_kg"] == 30_000 and entry.after["mass_kg_lb"] is True


def test_sqlite_cache_is_given_back_after_a_store(database):
    with database.transaction() as s:
        conn = s.connection()
        if conn.dialect.name != "sqlite":
            pytest.skip("a SQLite setting; PostgreSQL's are not touched")
        before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        with storing(s):
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() != before
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == before
