"""The migration that folds event codes stored before folding (ＦＸ２０２１ -> FX2021), on SQLite and PostgreSQL.

Found (5 December): the form and the API fold a typed code by NFKC (593d2e7), but codes stored before stayed
full-width, beside a half-width twin at times ("ＯＬＤ１" and "OLD1"). The migration folds them; a fold that
meets a code already taken takes -2 (the code already folded never moves), a fold the code rules refuse
("ａ／ｂ" would be a/b) leaves the code as stored; each is printed, and nothing fails on data.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from incidents import migrations
from incidents.audit.models import AuditEntry
from incidents.events.models import Event, EventKind
from tests.foundation.migration_db import at_revision

BEFORE = "b8c9d0e1f2a3"  # the revision before the fold
STORED = ["OLD1", "ＯＬＤ１", "ＦＸ２０２１", "ａ／ｂ", "ＯＬＤ１－２", "　"]


@pytest.fixture
def before_folding(db_url: str, tmp_path: Path) -> Iterator[sa.Engine]:
    """A database of its own at the revision before the fold: a SQLite file, or a schema beside the suite's."""
    with at_revision(db_url, tmp_path, BEFORE, "fold") as engine:
        yield engine


def test_stored_codes_are_folded_and_a_collision_renamed(before_folding: sa.Engine, capsys) -> None:  # noqa: ANN001
    start = datetime(2021, 7, 1, tzinfo=UTC)
    with before_folding.begin() as conn:
        conn.execute(Event.__table__.insert(), [
            {"code": code, "name": f"事件{n}", "kind": EventKind.RAINSTORM, "timezone": "Asia/Shanghai",
             "starts_at": start, "created_at": start, "version": 1} for n, code in enumerate(STORED, 1)])
        # The full-width event's trail as create_event leaves it: the fold's row starts from that snapshot.
        conn.execute(AuditEntry.__table__.insert().values(
            at=start, user_id=None, action="create", entity="events", entity_id=3, before=None,
            after={"code": "ＦＸ２０２１", "name": "事件3", "version": 1}))
    migrations.upgrade(before_folding)
    assert migrations.current(before_folding) == migrations.head()
    with before_folding.connect() as conn:
        rows = conn.execute(sa.select(Event.id, Event.code, Event.version).order_by(Event.id)).all()
        trail = conn.execute(sa.select(AuditEntry.action, AuditEntry.user_id, AuditEntry.before, AuditEntry.after)
                             .where(AuditEntry.entity == "events", AuditEntry.entity_id == 3)
                             .order_by(AuditEntry.id)).all()
    # OLD1 was first and folded: it keeps its code; its full-width twin takes -2, and a later fold to OLD1-2 -2-2.
    assert [(code, version) for _id, code, version in rows] == [
        ("OLD1", 1), ("OLD1-2", 2), ("FX2021", 2), ("ａ／ｂ", 1), ("OLD1-2-2", 2), ("　", 1)]
    assert [a for a, *_ in trail] == ["create", "update"] and trail[1].user_id is None
    assert trail[1].before == {"code": "ＦＸ２０２１", "name": "事件3", "version": 1}
    assert trail[1].after == {"code": "FX2021", "name": "事件3", "version": 2}
    printed = capsys.readouterr().out
    assert "event #2: code 'ＯＬＤ１' is now 'OLD1-2': 'OLD1' is another event's code" in printed
    assert "event #5: code 'ＯＬＤ１－２' is now 'OLD1-2-2'" in printed
    assert "event #4: code 'ａ／ｂ' left as stored: folded 'a/b' may not contain / or \\" in printed
    assert "event #6: code '\\u3000' left as stored: folded it is empty" in printed
    assert "event #3" not in printed  # a plain fold is no news
