"""The archive: no secrets in it, a tampered or foreign one refused, written from one snapshot."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from incidents import migrations
from incidents.areas.services import create_area, update_area
from incidents.auth.models import User
from incidents.auth.services import create_user
from incidents.backup import dump, services, tables
from incidents.backup.codec import encode
from incidents.db import Database
from incidents.models import Area, Report
from tests.backup.conftest import make_app
from tests.conftest import PASSWORD


def all_bytes(path: Path) -> bytes:
    """Every member of the archive, decompressed, end to end."""
    with zipfile.ZipFile(path) as z:
        return b"".join(z.read(n) for n in z.namelist())


def rewritten(path: Path, out: Path, member: str, change) -> Path:  # noqa: ANN001
    """A copy of the archive with one member's bytes changed and everything else as it was."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            dst.writestr(name, change(data) if name == member else data)
    return out


def empty_app(folder: Path) -> Flask:
    return make_app(f"sqlite:///{folder / 'target.sqlite3'}", folder)


def test_no_password_hash_or_token_is_in_the_archive(source: Flask, source_archive: Path) -> None:
    with source.extensions["incidents.db"].read_session() as s:
        hashes = [h for h in s.scalars(sa.select(User.password_hash)) if h]
    assert len(hashes) >= 2
    raw = all_bytes(source_archive)
    for digest in hashes:
        assert digest.encode() not in raw
    assert b"scrypt:" not in raw and b"pbkdf2:" not in raw
    with zipfile.ZipFile(source_archive) as z:
        users = [json.loads(line) for line in z.read("tables/users.jsonl").splitlines()]
        listed = {t["name"] for t in json.loads(z.read("manifest.json"))["tables"]}
    assert {u["username"] for u in users} >= {"viewer", "coord"}
    assert all(u["password_hash"] is None for u in users)
    assert not {"login_attempts", "compile_requests", "heartbeats"} & listed
    assert {"areas", "events", "reports", "audit_entries", "briefs", "users"} <= listed


def test_a_token_table_or_secret_column_added_later_is_kept_out_by_its_name() -> None:
    metadata = sa.MetaData()
    sa.Table("api_tokens", metadata, sa.Column("id", sa.Integer, primary_key=True), sa.Column("digest", sa.String))
    sa.Table("device_secrets", metadata, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table("api_keys", metadata, sa.Column("id", sa.Integer, primary_key=True))
    widgets = sa.Table("widgets", metadata, sa.Column("id", sa.Integer, primary_key=True),
                       sa.Column("name", sa.String), sa.Column("token_hash", sa.String, nullable=True),
                       sa.Column("key_hash", sa.String, nullable=True))
    assert [t.name for t in tables.backed_up(metadata)] == ["widgets"]
    assert tables.secret_columns(widgets) == ["token_hash", "key_hash"]
    # A secret-named key inside a JSON value (an audit row's before/after) is dropped too.
    audit = sa.Table("audit_entries", sa.MetaData(), sa.Column("after", sa.JSON))
    after = {"name": "x", "nested": {"api_token": "t0k"}, "password": "p"}
    assert encode(audit.c.after, after) == {"name": "x", "nested": {}}


def test_a_secret_column_that_cannot_be_blanked_stops_the_backup() -> None:
    metadata = sa.MetaData()
    sa.Table("keys", metadata, sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("secret", sa.String, nullable=False))
    with pytest.raises(RuntimeError, match="keys.secret holds a secret"):
        list(tables.backed_up(metadata))


def test_check_accepts_an_intact_archive(source: Flask, source_archive: Path) -> None:
    result = source.test_cli_runner().invoke(args=["incidents", "restore", "--check", str(source_archive)])
    assert result.exit_code == 0, result.output
    assert "intact" in result.output and "from sqlite" in result.output


def test_a_tampered_archive_is_refused_by_its_checksum_and_writes_nothing(source_archive: Path,
                                                                         tmp_path: Path) -> None:
    bad = rewritten(source_archive, tmp_path / "bad.zip", "tables/reports.jsonl",
                    lambda data: data.replace(b'"version":1', b'"version":7', 1))
    app = empty_app(tmp_path)
    runner = app.test_cli_runner()
    checked = runner.invoke(args=["incidents", "restore", "--check", str(bad)])
    assert checked.exit_code != 0
    assert "tables/reports.jsonl does not match its checksum" in checked.output
    restored = runner.invoke(args=["incidents", "restore", str(bad)])
    assert restored.exit_code != 0 and "checksum" in restored.output
    assert sa.inspect(app.extensions["incidents.db"].engine).get_table_names() == []


def test_an_archive_from_a_newer_schema_is_refused(source_archive: Path, tmp_path: Path) -> None:
    def newer(data: bytes) -> bytes:
        manifest = json.loads(data)
        manifest["revision"] = "f00dfacef00d"
        return json.dumps(manifest).encode()

    bad = rewritten(source_archive, tmp_path / "newer.zip", "manifest.json", newer)
    result = empty_app(tmp_path).test_cli_runner().invoke(args=["incidents", "restore", str(bad)])
    assert result.exit_code != 0
    assert "f00dfacef00d is newer than this version" in result.output and "upgrade the application" in result.output


def test_a_file_that_is_not_a_backup_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "notes.zip"
    junk.write_bytes(b"not a zip at all")
    result = empty_app(tmp_path).test_cli_runner().invoke(args=["incidents", "restore", str(junk)])
    assert result.exit_code != 0 and "not a readable backup archive" in result.output


def test_a_backup_reads_one_snapshot_and_never_blocks_a_writer(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    app = empty_app(tmp_path)
    database: Database = app.extensions["incidents.db"]
    migrations.upgrade(database.engine)
    with database.transaction() as s:
        create_user(s, "early", PASSWORD, "viewer")
    rows = dump._rows
    wrote: list[str] = []

    def write_meanwhile(conn, table, columns):  # noqa: ANN001, ANN202
        if not wrote:
            # Mid-backup, inside its read transaction, another connection writes: it must commit
            # at once (a second's patience, not the backup's length), and the backup must not see it.
            other = sqlite3.connect(tmp_path / "target.sqlite3", timeout=1)
            other.execute("INSERT INTO users (username, display_name, role, active, created_at, version, "
                          "session_version) VALUES ('late', 'late', 'viewer', 1, '2026-11-30 00:00:00', 1, 1)")
            other.commit()
            other.close()
            wrote.append("late")
        return rows(conn, table, columns)

    monkeypatch.setattr(dump, "_rows", write_meanwhile)
    done = services.backup(database, tmp_path / "b.zip")
    assert wrote == ["late"]
    with zipfile.ZipFile(done.path) as z:
        names = [json.loads(line)["username"] for line in z.read("tables/users.jsonl").splitlines()]
    assert names == ["early"]  # the snapshot: what was committed when the backup began
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(User)) == 2
        assert s.scalar(sa.select(sa.func.count()).select_from(Report)) == 0


def test_an_area_moved_under_a_newer_one_restores_on_postgresql(tmp_path: Path, pg_targets) -> None:  # noqa: ANN001
    app = empty_app(tmp_path)
    database: Database = app.extensions["incidents.db"]
    migrations.upgrade(database.engine)
    with database.transaction() as s:
        district = create_area(s, name="文峰区", level="district")
        community = create_area(s, name="安彩社区", level="community", parent=district)
        subdistrict = create_area(s, name="北大街街道", level="subdistrict", parent=district)
        # The community now hangs under an area created after it: its parent has the higher id.
        update_area(s, community, {"parent_id": subdistrict.id}, None)
        assert community.id < subdistrict.id
    archive = services.backup(database, tmp_path / "moved.zip").path
    target = make_app(pg_targets(), tmp_path / "pg")
    summary = services.restore(target.extensions["incidents.db"], archive)
    assert summary.rows["areas"] == 3
    with target.extensions["incidents.db"].read_session() as s:
        moved = s.scalar(sa.select(Area).where(Area.name == "安彩社区"))
        assert moved is not None and moved.parent is not None and moved.parent.name == "北大街街道"


def test_an_archive_whose_rows_contradict_each_other_restores_nothing(source_archive: Path, tmp_path: Path) -> None:
    # Checksums made to match, but the events are gone: every report points at a missing event.
    def no_events(data: bytes) -> bytes:
        manifest = json.loads(data)
        for entry in manifest["tables"]:
            if entry["name"] == "events":
                entry["rows"], entry["sha256"] = 0, hashlib.sha256(b"").hexdigest()
        return json.dumps(manifest).encode()

    half = rewritten(source_archive, tmp_path / "half.zip", "tables/events.jsonl", lambda _data: b"")
    bad = rewritten(half, tmp_path / "contradict.zip", "manifest.json", no_events)
    app = empty_app(tmp_path)
    result = app.test_cli_runner().invoke(args=["incidents", "restore", str(bad)])
    assert result.exit_code != 0 and "nothing was restored" in result.output, result.output
    with app.extensions["incidents.db"].read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Area)) == 0


def test_a_refused_restore_leaves_an_older_schema_as_it_was(source_archive: Path, tmp_path: Path) -> None:
    app = empty_app(tmp_path)
    engine = app.extensions["incidents.db"].engine
    migrations.upgrade(engine, "e4eefb501655")  # the first schema, with one account in it
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO users (username, display_name, role, active, created_at, version) "
                             "VALUES ('old', 'old', 'admin', 1, '2026-01-01 00:00:00', 1)"))
    result = app.test_cli_runner().invoke(args=["incidents", "restore", str(source_archive)])
    assert result.exit_code != 0 and "database not empty: 1 row in users" in result.output, result.output
    assert migrations.current(engine) == "e4eefb501655"
