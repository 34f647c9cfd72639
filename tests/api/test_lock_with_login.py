"""On PostgreSQL a create's login is read again in its arrival lock's statement, not its own (LOCK_WITH_LOGIN).

The login read again before the first write (request_db.hold_login) went alone, just after the event's arrival lock:
one round trip of each create's six. Now it rides in the lock's SELECT; a change made after the login read is still
caught before anything is written (tests/api/test_login_changed_before_the_write.py), and a create sends no
statement of its own for it.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from incidents.db import Held
from tests.api.conftest import TokenClient


def test_the_login_is_read_again_in_the_arrival_locks_statement(where, reporter_api: TokenClient, database,
                                                                 monkeypatch):
    if database.is_sqlite:
        pytest.skip("PostgreSQL's arrival lock; on SQLite the login is read again under the write lock")
    url, area = where
    alone: list[int] = []
    real = Held.check
    monkeypatch.setattr(Held, "check", lambda self, conn: (alone.append(1), real(self, conn))[1])
    sent: list[str] = []
    listen = lambda _c, _cur, statement, *_rest: sent.append(statement)  # noqa: E731
    event.listen(database.engine, "before_cursor_execute", listen)
    try:
        made = reporter_api.post(url, json={"kind": "activity", "area_id": area, "title": "巡查",
                                            "observed_at": "2021-07-30 14:30"}, headers={"Idempotency-Key": "lock-1"})
    finally:
        event.remove(database.engine, "before_cursor_execute", listen)
    assert made.status_code == 201, made.get_data(as_text=True)
    locks = [s for s in sent if "pg_advisory_xact_lock_shared" in s]
    assert len(locks) == 1 and "FROM users" in locks[0], sent
    assert alone == []  # no statement of its own
    with database.read_session() as s:
        assert s.scalar(sa.text("SELECT count(*) FROM reports WHERE id = :id"), {"id": made.json["id"]}) == 1
