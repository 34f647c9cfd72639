"""Backup → restore, SQLite → PostgreSQL → SQLite: the same briefs, timelines, lists and pages (issue 13, item 8).

One demo load for the package (conftest.source); each restore is a module fixture reused by the
tests below it. Users come back without passwords, so each restored copy gets the viewer's
password through `incidents set-password`, as an operator would, before its pages are read.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml
from flask import Flask

from incidents.backup import services
from incidents.config import CATEGORIES_FILE
from incidents.db import Database
from incidents.models import Area, AuditEntry, Brief, Event, Report
from tests.backup.conftest import make_app
from tests.conftest import PASSWORD, Auth

# Per-response noise that differs between any two requests, restored or not; and the mark of what a phone keeps
# (data-kept: the database's count of event and area writes, which a copy starts afresh: its phones keep again).
NOISE = re.compile(rb'(name="csrf_token"[^>]*value="|nonce="|csrf-token" content="|data-kept=")[^"]*"')


def database_of(app: Flask) -> Database:
    return app.extensions["incidents.db"]


def members(path: Path) -> dict[str, bytes]:
    """Every table member of an archive, by name."""
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n.startswith("tables/")}


def views_of(app: Flask) -> dict[str, bytes]:
    """What a viewer reads: each brief as JSON and on screen, each event's timeline, lists and pages."""
    with database_of(app).read_session() as s:
        briefs = list(s.scalars(sa.select(Brief.id).order_by(Brief.id)))
        events = list(s.scalars(sa.select(Event.id).order_by(Event.id)))
        # The report the fixture edited: the last edit (the demo's pumping ends are edits too).
        edited = s.scalar(sa.select(AuditEntry.entity_id).where(AuditEntry.entity == "reports",
                                                                AuditEntry.action == "update")
                          .order_by(AuditEntry.id.desc()).limit(1))
    assert len(briefs) >= 15 and len(events) == 2 and edited is not None
    paths = [f"/briefs/{b}/export/json" for b in briefs] + [f"/briefs/{b}" for b in briefs]
    known = "?known=2026-11-30T00:00"  # the timeline says when it was read: the same moment for each copy
    for e in events:
        paths += [f"/events/{e}/timeline.json{known}", f"/events/{e}/timeline.csv{known}", f"/events/{e}/reports",
                  f"/events/{e}/briefs", f"/events/{e}", f"/events/{e}/timeline{known}"]
    paths += [f"/reports/{edited}"]
    client = app.test_client()
    assert Auth(client).login("viewer").status_code == 302
    out = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        out[path] = NOISE.sub(rb"\1-", response.get_data())
    return out


def give_password(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["incidents", "set-password", "viewer", "--password", PASSWORD])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def source_views(source: Flask) -> dict[str, bytes]:
    return views_of(source)


@pytest.fixture(scope="module")
def on_pg(source_archive: Path, pg_targets, tmp_path_factory: pytest.TempPathFactory) -> tuple[Flask, Path]:
    """The source archive restored into an empty PostgreSQL database, and that database's own backup."""
    app = make_app(pg_targets(), tmp_path_factory.mktemp("pg"))
    result = app.test_cli_runner().invoke(args=["incidents", "restore", str(source_archive)])
    assert result.exit_code == 0, result.output
    archive = services.backup(database_of(app), tmp_path_factory.mktemp("b") / "pg.zip").path
    give_password(app)
    return app, archive


@pytest.fixture(scope="module")
def back_on_sqlite(on_pg: tuple[Flask, Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[Flask, Path]:
    """The PostgreSQL backup restored into a new SQLite file, and that file's own backup."""
    folder = tmp_path_factory.mktemp("sqlite2")
    app = make_app(f"sqlite:///{folder / 'restored.sqlite3'}", folder)
    services.restore(database_of(app), on_pg[1])
    archive = services.backup(database_of(app), folder / "again.zip").path
    give_password(app)
    return app, archive


def test_sqlite_to_postgresql_gives_the_same_briefs_timelines_and_pages(on_pg, source_views) -> None:
    assert views_of(on_pg[0]) == source_views


def test_postgresql_back_to_sqlite_gives_the_same_briefs_timelines_and_pages(back_on_sqlite, source_views) -> None:
    assert views_of(back_on_sqlite[0]) == source_views


def test_the_archive_bytes_are_the_same_whichever_database_wrote_them(source_archive, on_pg, back_on_sqlite) -> None:
    written = members(source_archive)
    assert written["tables/briefs.jsonl"].count(b"\n") >= 15
    assert members(on_pg[1]) == written
    assert members(back_on_sqlite[1]) == written


def test_restored_postgresql_gives_new_rows_fresh_ids(on_pg) -> None:
    database = database_of(on_pg[0])
    with database.write_session() as s:
        top = s.scalar(sa.select(sa.func.max(Area.id)))
        area = Area(name="新建小区", level="site", parent_id=top, search_key="xjxq")
        s.add(area)
        s.flush()
        assert area.id == top + 1
        s.rollback()


def test_restore_into_a_database_with_data_is_refused_and_changes_nothing(on_pg, source_archive) -> None:
    app = on_pg[0]
    with database_of(app).read_session() as s:
        before = s.scalar(sa.select(sa.func.count()).select_from(Report))
    result = app.test_cli_runner().invoke(args=["incidents", "restore", str(source_archive)])
    assert result.exit_code != 0
    assert "database not empty: " in result.output and "rows in reports" in result.output
    with database_of(app).read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Report)) == before


def test_round_trip_on_the_same_kind_of_database(source_archive, source_views, tmp_path) -> None:
    app = make_app(f"sqlite:///{tmp_path / 'same.sqlite3'}", tmp_path)
    # As an operator would: `incidents upgrade` (schema and reference lists) first, which still counts as empty.
    upgraded = app.test_cli_runner().invoke(args=["incidents", "upgrade"])
    shipped = len(yaml.safe_load(CATEGORIES_FILE.read_text(encoding="utf-8")))  # the reference lists: categories
    assert upgraded.exit_code == 0 and f"{shipped} reference rows changed" in upgraded.output, upgraded.output
    summary = services.restore(database_of(app), source_archive)
    assert summary.rows["reports"] == 23 and summary.rows["users"] == 3
    give_password(app)
    assert views_of(app) == source_views
