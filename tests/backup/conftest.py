"""The backup tests' databases: the demo on SQLite once for the package, and throwaway PostgreSQL databases.

The source is always a SQLite file and the other side always PostgreSQL, whichever database the
rest of the suite runs on: the point is the crossing. PostgreSQL is the server of TEST_DATABASE_URL /
DATABASE_URL when that names one, else 127.0.0.1:5432 as postgres; unreachable, the tests that
need it skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from incidents import create_app, demo, migrations
from incidents.auth.services import create_user
from incidents.backup import services
from incidents.briefs.compiling import publish
from incidents.briefs.once import compile_once
from incidents.db import Database
from incidents.models import Brief, Report
from incidents.reports.services import edit_report
from tests.conftest import PASSWORD

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def pg_server() -> sa.URL:
    """The PostgreSQL server to make throwaway databases on."""
    given = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
    if given.startswith(("postgres://", "postgresql")):
        return sa.make_url("postgresql+psycopg://" + given.split("://", 1)[1]).set(database="postgres")
    return sa.make_url(DEFAULT_PG)


def make_app(url: str, folder: Path) -> Flask:
    """An app on the given database URL, its instance in folder."""
    return create_app({"DATABASE_URL": url, "INSTANCE_PATH": str(folder), "SECRET_KEY": "backup-tests"})


@pytest.fixture(scope="package")
def pg_targets() -> Iterator[Callable[[], str]]:
    """Make empty PostgreSQL targets: one throwaway database, a schema each; skip if no server.

    Schemas, not a database each: DROP DATABASE forces a checkpoint of the whole (shared) server.
    """
    server = pg_server()
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except sa.exc.OperationalError as exc:
        admin.dispose()
        pytest.skip(f"PostgreSQL unreachable at {server.render_as_string(hide_password=True)}: {exc.orig}")
    name = f"backup_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    database = server.set(database=name)
    owner = sa.create_engine(database, isolation_level="AUTOCOMMIT")

    def make() -> str:
        schema = f"target_{uuid.uuid4().hex[:8]}"
        with owner.connect() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        return database.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)

    yield make
    owner.dispose()
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture(scope="package")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """SQLite with the demo replayed (its briefs), a viewer, one report edited and a brief recompiled and signed."""
    folder = tmp_path_factory.mktemp("source")
    app = make_app(f"sqlite:///{folder / 'source.sqlite3'}", folder)
    database: Database = app.extensions["incidents.db"]
    migrations.upgrade(database.engine)
    with database.transaction() as s:
        demo.load_reference(s)
        viewer = create_user(s, "viewer", PASSWORD, "viewer").id
        coordinator = create_user(s, "coord", PASSWORD, "coordinator").id
        demo.load_file(s, briefs=True)
    with database.transaction() as s:
        # A report with two versions, and a day with two revisions of its brief, one signed.
        report = s.scalars(sa.select(Report).order_by(Report.id)).first()
        assert report is not None
        edit_report(s, report, {"note": "更正：下午陆续恢复"}, coordinator)
        first = s.scalars(sa.select(Brief).order_by(Brief.id)).first()
        assert first is not None
        event_id, day = first.event_id, first.day
    result = compile_once(database, event_id, day, new_revision=True, compiled_by_id=coordinator,
                          compiled_at=datetime(2026, 11, 30, 2, 0, tzinfo=UTC))
    assert result.brief is not None and result.brief.revision == 2
    with database.transaction() as s:
        brief = s.get(Brief, result.brief.id)
        assert brief is not None
        publish(s, brief, coordinator, now=datetime(2026, 11, 30, 2, 5, tzinfo=UTC))
    app.config["TEST_VIEWER_ID"] = viewer
    yield app
    database.engine.dispose()


@pytest.fixture(scope="package")
def source_archive(source: Flask, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The source's backup, written once."""
    database: Database = source.extensions["incidents.db"]
    return services.backup(database, tmp_path_factory.mktemp("archive") / "source.zip").path


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Flask:
    """An empty database to restore into: a SQLite file, or a PostgreSQL schema (skipped without a server)."""
    if request.param == "sqlite":
        return make_app(f"sqlite:///{tmp_path / 'target.sqlite3'}", tmp_path)
    return make_app(request.getfixturevalue("pg_targets")(), tmp_path)
