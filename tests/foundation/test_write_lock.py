"""SQLite has one write lock: a POST takes it at its view's first query, never while logging the user in."""

from __future__ import annotations

import sqlite3

import pytest

from tests.conftest import Auth


def test_a_logged_in_post_refused_before_its_view_never_waits_for_another_writer(app, database, make_user):
    if not database.is_sqlite:
        pytest.skip("SQLite's single write lock")
    make_user("field1", "reporter")
    client = app.test_client()
    assert Auth(client).login("field1").status_code == 302
    other = sqlite3.connect(database.engine.url.database, isolation_level=None, timeout=1)
    other.execute("BEGIN IMMEDIATE")  # another request is writing, and keeps writing
    try:
        # A form without its CSRF token is refused before the view. Loading the user for the error
        # page used to open the POST's write transaction, queueing behind the writer for the 30 s
        # busy timeout and then failing with a 500.
        response = client.post("/logout", data={})
        assert response.status_code == 400
        assert "CSRF" in response.get_data(as_text=True) or "csrf" in response.get_data(as_text=True).lower()
    finally:
        other.rollback()
        other.close()
    assert client.get("/account").status_code == 200  # still logged in: the refused logout did nothing


def test_a_token_post_refused_before_its_view_never_waits_for_another_writer(app, database):
    if not database.is_sqlite:
        pytest.skip("SQLite's single write lock")
    from incidents.auth import tokens
    from incidents.auth.services import create_user

    with database.transaction() as s:
        _row, plaintext = tokens.create_token(s, create_user(s, "watcher", None, "viewer"), "t")
        s.flush()
    client = app.test_client(use_cookies=False)
    headers = {"Authorization": f"Bearer {plaintext}"}
    assert client.get("/api/v1/events", headers=headers).status_code == 200  # last_used_at written now
    other = sqlite3.connect(database.engine.url.database, isolation_level=None, timeout=1)
    other.execute("BEGIN IMMEDIATE")
    try:
        # The token and its owner are read in a read transaction; a viewer may not report (403),
        # answered without ever asking for the write lock another request holds.
        response = client.post("/api/v1/events/1/reports", json={"kind": "activity"}, headers=headers)
        assert response.status_code == 403
    finally:
        other.rollback()
        other.close()


def _writers_lock_free(database) -> bool:
    """Whether another process could take the writers' queue lock now."""
    import fcntl
    import os

    from incidents import writer_queue

    fd = os.open(writer_queue.lock_path(database.engine.url.database), os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)  # closing drops a lock taken here
    return True


def test_writers_queue_only_while_they_write(database):
    if not database.is_sqlite:
        pytest.skip("SQLite's writers queue (incidents/writer_queue.py)")
    import sqlalchemy as sa

    with database.read_session() as s:
        s.execute(sa.text("SELECT 1"))
        assert _writers_lock_free(database)  # a reader never queues
    with database.transaction() as s:
        s.execute(sa.text("SELECT 1"))
        assert not _writers_lock_free(database)  # a writer holds its turn until it commits
    assert _writers_lock_free(database)
    s = database.write_session()
    s.execute(sa.text("SELECT 1"))
    s.rollback()
    assert _writers_lock_free(database)  # a refused write gives its turn up
    s.execute(sa.text("SELECT 1"))
    s.close()  # a session closed without commit or rollback
    assert _writers_lock_free(database)


def test_a_writer_waits_its_turn_and_then_writes(database):
    if not database.is_sqlite:
        pytest.skip("SQLite's writers queue (incidents/writer_queue.py)")
    import threading

    import sqlalchemy as sa

    order: list[str] = []
    holding = threading.Event()

    def second() -> None:
        holding.wait()
        with database.transaction() as s:
            s.execute(sa.text("SELECT 1"))
            order.append("second wrote")

    thread = threading.Thread(target=second)
    thread.start()
    with database.transaction() as s:
        s.execute(sa.text("SELECT 1"))
        holding.set()
        thread.join(0.3)
        assert thread.is_alive()  # queued behind the first writer, not failed
        order.append("first committed")
    thread.join(10)
    assert order == ["first committed", "second wrote"]
