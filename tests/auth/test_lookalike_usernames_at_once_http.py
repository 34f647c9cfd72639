"""Two administrators creating `wangwei` and `WangWei` at once through the account page store one (PostgreSQL).

tests/auth/test_lookalikes_at_once.py holds the rule through the services; this is the page's whole path: the form,
the login read again before the write, the unique index, the refusal said on the form. No sleep decides the order:
the first request stops just after its INSERT (its transaction open), the second is let go and is seen waiting on the
index's lock in pg_stat_activity, and only then does the first commit.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
import sqlalchemy as sa

from incidents.auth import services
from incidents.auth.models import User
from tests.conftest import Auth, csrf_from

PASSWORD = "Qx7-river-bank9"


def _waiting_on_a_lock(database: Any) -> bool:
    with database.engine.connect() as conn:
        return bool(conn.execute(sa.text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )).scalar())


def test_two_lookalike_usernames_posted_at_once_store_one_and_name_the_field(app, database, make_user, monkeypatch):
    if database.is_sqlite:
        pytest.skip("SQLite runs one writer at a time: the second request's check sees the first's row")
    make_user("root-a", "admin")
    make_user("root-b", "admin")
    clients = {}
    for name in ("root-a", "root-b"):
        clients[name] = app.test_client()
        Auth(clients[name]).login(name)
    inserted, release = threading.Event(), threading.Event()
    real = services.add_or_recheck

    def first_holds(session: Any, row: Any, check: Any) -> None:
        real(session, row, check)
        if getattr(row, "username", None) == "wangwei":
            inserted.set()
            release.wait(10)  # the first request's transaction stays open, its row not yet committed

    monkeypatch.setattr(services, "add_or_recheck", first_holds)
    answers: dict[str, Any] = {}

    def create(admin: str, username: str) -> None:
        client = clients[admin]
        page = client.get("/admin/users/new").get_data(as_text=True)
        answers[username] = client.post("/admin/users/new", data={
            "csrf_token": csrf_from(page), "username": username, "display_name": username, "role": "reporter",
            "scope_area_id": "", "password": PASSWORD, "password_confirm": PASSWORD})

    first = threading.Thread(target=create, args=("root-a", "wangwei"))
    first.start()
    assert inserted.wait(10)
    second = threading.Thread(target=create, args=("root-b", "WangWei"))
    second.start()
    deadline = time.monotonic() + 10
    while not _waiting_on_a_lock(database):  # the second's INSERT waits on the index for the first's
        assert time.monotonic() < deadline and second.is_alive(), answers
        time.sleep(0.01)
    release.set()
    first.join(10)
    second.join(10)
    assert answers["wangwei"].status_code == 302, answers["wangwei"].get_data(as_text=True)[:2000]
    refused = answers["WangWei"]
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400, refused.status_code
    assert 'id="username-error"' in page and "wangwei" in page, page[:3000]
    with database.read_session() as s:
        assert list(s.scalars(sa.select(User.username).where(User.username.in_(["wangwei", "WangWei"])))) == [
            "wangwei"]
