"""An archive written before approximate times were placed by their report ends, restored, as upgrading would.

Found (5 December): the migration e7a1c2d3f4b5 moves 约21:00 told at 20:50 (stored at 21:00, after its report,
until then) to 20:50; a restore brings an older archive into the newest schema without running migrations, so
it would keep them after their reports. The restore runs the same move (reports/approximate.py, load.REPLAYED)
on the rows of an archive written before that revision, and says what it moved as the upgrade does.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from incidents import migrations
from incidents.audit.models import AuditEntry
from incidents.backup import services
from incidents.db import Database
from tests.backup.conftest import make_app
from tests.foundation.test_migration_approximate_times import BEFORE, PLACED, seed, stored


def _trail(engine: sa.Engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            sa.select(AuditEntry.entity_id, AuditEntry.action, AuditEntry.user_id, AuditEntry.before,
                      AuditEntry.after).where(AuditEntry.entity == "reports").order_by(AuditEntry.id))]


def test_an_archive_from_before_the_move_is_restored_placed(target: Flask, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    source: Database = make_app(f"sqlite:///{tmp_path / 'old.sqlite3'}", tmp_path).extensions["incidents.db"]
    migrations.upgrade(source.engine, BEFORE)
    seed(source.engine)
    archive = services.backup(source, tmp_path / "old.zip").path
    migrations.upgrade(source.engine)  # what upgrading the database that wrote it leaves
    assert stored(source.engine) == PLACED
    capsys.readouterr()

    result = target.test_cli_runner().invoke(args=["incidents", "restore", str(archive)])
    assert result.exit_code == 0, result.output
    restored = target.extensions["incidents.db"].engine
    assert stored(restored) == PLACED
    assert _trail(restored) == _trail(source.engine)
    assert "report #1: observed_at 2021-07-24 13:00 UTC placed at 12:50" in result.output
