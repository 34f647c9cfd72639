"""An archive written before event codes were folded ends, restored, as upgrading its database would leave it.

Found (5 December): the migration d0e1f2a3b4c5 folds codes stored full-width (ＦＸ２０２１ -> FX2021), but a
restore brings an older archive into the newest schema without running it, so its codes stayed full-width,
beside a half-width twin at times. The restore now runs the same fold (events/folding.py) on the rows of an
archive written before that revision, in its transaction, and says what it renamed or kept as the upgrade does.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask

from incidents import migrations
from incidents.audit.models import AuditEntry
from incidents.backup import services
from incidents.db import Database
from incidents.events.models import Event, EventKind
from tests.backup.conftest import make_app

BEFORE = "b8c9d0e1f2a3"  # the revision before the fold
STORED = ["OLD1", "ＯＬＤ１", "ＦＸ２０２１", "ａ／ｂ"]
START = datetime(2021, 7, 1, tzinfo=UTC)


def _source(folder: Path, revision: str) -> Database:
    """A SQLite database at revision holding the events of STORED, the full-width FX2021 with its create row."""
    database: Database = make_app(f"sqlite:///{folder / 'old.sqlite3'}", folder).extensions["incidents.db"]
    migrations.upgrade(database.engine, revision)
    with database.engine.begin() as conn:
        conn.execute(Event.__table__.insert(), [
            {"code": code, "name": f"事件{n}", "kind": EventKind.RAINSTORM, "timezone": "Asia/Shanghai",
             "starts_at": START, "created_at": START, "version": 1} for n, code in enumerate(STORED, 1)])
        conn.execute(AuditEntry.__table__.insert().values(
            at=START, user_id=None, action="create", entity="events", entity_id=3, before=None,
            after={"code": "ＦＸ２０２１", "name": "事件3", "version": 1}))
    return database


def _state(engine: sa.Engine) -> tuple[list[Any], list[Any]]:
    """Every event's code and version, and the events' trail (the time of a row aside)."""
    with engine.connect() as conn:
        events = conn.execute(sa.select(Event.id, Event.code, Event.version).order_by(Event.id)).all()
        trail = conn.execute(sa.select(AuditEntry.entity_id, AuditEntry.action, AuditEntry.user_id,
                                       AuditEntry.before, AuditEntry.after)
                             .where(AuditEntry.entity == "events").order_by(AuditEntry.id)).all()
    return [tuple(r) for r in events], [tuple(r) for r in trail]


def test_an_archive_from_before_the_fold_is_restored_folded(target: Flask, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    source = _source(tmp_path, BEFORE)
    archive = services.backup(source, tmp_path / "old.zip").path
    migrations.upgrade(source.engine)  # what upgrading the database that wrote it leaves
    upgraded = _state(source.engine)
    printed = capsys.readouterr().out

    result = target.test_cli_runner().invoke(args=["incidents", "restore", str(archive)])
    assert result.exit_code == 0, result.output
    restored = target.extensions["incidents.db"]
    assert _state(restored.engine) == upgraded
    assert upgraded[0] == [(1, "OLD1", 1), (2, "OLD1-2", 2), (3, "FX2021", 2), (4, "ａ／ｂ", 1)]
    # The restore says what the upgrade said: a rename, and a code kept as stored.
    for line in ("event #2: code 'ＯＬＤ１' is now 'OLD1-2': 'OLD1' is another event's code",
                 "event #4: code 'ａ／ｂ' left as stored: folded 'a/b' may not contain / or \\"):
        assert line in printed and line in result.output
    with restored.transaction() as s:  # the fold's audit rows took ids of their own after the restored ones
        s.add(AuditEntry(action="create", entity="events", entity_id=1, before=None, after={}))


def test_an_archive_from_after_the_fold_is_restored_as_it_is(target: Flask, tmp_path: Path) -> None:
    # A code no form writes any more, in an archive that has been through the fold: nothing to fold again.
    source = _source(tmp_path, migrations.head() or "head")
    archive = services.backup(source, tmp_path / "new.zip").path

    services.restore(target.extensions["incidents.db"], archive)
    assert _state(target.extensions["incidents.db"].engine) == _state(source.engine)
