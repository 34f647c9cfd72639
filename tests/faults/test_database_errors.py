"""A lost database answers 503 and a full disk 507, each with a message (a page, or JSON under /api/); any
other database error stays a 500. The quick checks, through the test client; tests/faults/test_pg_restart.py
and test_disk_full.py show the same under gunicorn with a real restart and a real full disk."""

from __future__ import annotations

import socket

import pytest
import sqlalchemy as sa

from incidents.db import Database
from incidents.models import Report
from incidents.web import database_trouble

from .support import arrange, debris


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens there once the socket closes


def _csrf(client) -> str:
    from tests.conftest import csrf_from

    return csrf_from(client.get("/").get_data(as_text=True))


def test_an_unreachable_database_answers_503_with_a_message_as_a_page_and_as_json(app, database, client, auth):
    arranged = arrange(database)
    assert auth.login(arranged.username).status_code == 302
    token = _csrf(client)
    # The database goes away under the logged-in user (as when PostgreSQL restarts).
    app.extensions["incidents.db"] = Database(f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/gone")
    page = client.get("/")
    assert page.status_code == 503 and page.headers["Retry-After"] == "5"
    assert "暂时无法连接数据库：所提交内容未保存。请稍后重试。" in page.get_data(as_text=True)
    api = client.post(f"/api/v1/events/{arranged.event_id}/reports", json=debris(arranged, 1),
                      headers={"X-CSRFToken": token, "Idempotency-Key": "while-down"})
    assert api.status_code == 503 and api.json["detail"] == "暂时无法连接数据库：所提交内容未保存。请稍后重试。"
    app.extensions["incidents.db"] = database
    assert client.get("/").status_code == 200  # back: the same client, the same login


def test_a_full_sqlite_database_answers_507_and_saves_nothing(app, database, client, auth):
    if not database.is_sqlite:
        pytest.skip("SQLite's own limit stands in for a full disk here; PostgreSQL's disk_full is the unit case below")
    arranged = arrange(database)
    auth.login(arranged.username)
    token = _csrf(client)
    with database.read_session() as s:
        before = s.scalar(sa.select(sa.func.count()).select_from(Report))

    # SQLITE_FULL, the error a full disk gives: no connection may grow the file past its size now
    # (after VACUUM: the pages earlier tests freed would otherwise take the write).
    import sqlite3

    database.engine.dispose()
    with sqlite3.connect(database.engine.url.database) as raw:
        raw.execute("VACUUM")

    @sa.event.listens_for(database.engine, "connect")
    def _cap(dbapi_conn, _record) -> None:  # noqa: ANN001
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    database.engine.dispose()
    response = client.post(f"/api/v1/events/{arranged.event_id}/reports", json=debris(arranged, 1, "泥" * 4000),
                           headers={"X-CSRFToken": token, "Idempotency-Key": "full-1"})
    assert response.status_code == 507, response.get_data(as_text=True)
    assert response.json["detail"] == "服务器磁盘已满：所提交内容未保存。请告知系统管理员。"
    sa.event.remove(database.engine, "connect", _cap)
    database.engine.dispose()
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Report)) == before
    retried = client.post(f"/api/v1/events/{arranged.event_id}/reports", json=debris(arranged, 1, "泥" * 4000),
                          headers={"X-CSRFToken": token, "Idempotency-Key": "full-1"})
    assert retried.status_code == 201  # the key was not spent on the refused write


class _Orig(Exception):
    def __init__(self, text: str, sqlstate: str | None = None) -> None:
        super().__init__(text)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(("exc", "status"), [
    (sa.exc.OperationalError("SELECT 1", {}, _Orig("connection refused")), 503),
    (sa.exc.OperationalError("COMMIT", {}, _Orig("database or disk is full")), 507),
    (sa.exc.OperationalError("INSERT", {}, _Orig("could not extend file", sqlstate="53100")), 507),
    (sa.exc.InterfaceError("SELECT 1", {}, _Orig("connection already closed"), connection_invalidated=True), 503),
    (sa.exc.IntegrityError("INSERT", {}, _Orig("UNIQUE constraint failed")), None),
    (sa.exc.ProgrammingError("SELECT", {}, _Orig("syntax error")), None),
    (ValueError("not a database error"), None),
])
def test_which_database_errors_are_an_outage(exc, status):
    assert database_trouble(exc) == status
