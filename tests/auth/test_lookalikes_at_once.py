"""Two requests at once cannot store lookalike twins of an event code or a username (events.twin_key, users.twin_key).

Both rules were a SELECT before the INSERT (events/services._code_twin, auth/services._check_username): on
PostgreSQL two requests both read before either wrote, both passed and both stored (FX2026 beside fx2026, wangwei
beside WangWei). Now the second one's INSERT meets a unique index over the name's skeleton and is answered as the
check answers it, naming the field and the one already there; nothing of it is saved. tests/areas/test_twins_at_once.py
is the areas' own.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from incidents.auth import services as accounts
from incidents.auth.models import User
from incidents.errors import ValidationError
from incidents.events import services as events
from incidents.events.models import Event


def _at_once(database: Any, first: Callable[[Any], Any], second: Callable[[Any], Any]) -> dict[str, Any]:
    """Session A writes and holds its transaction open; B checks meanwhile (seeing nothing on PostgreSQL), writes,
    waits for A at the index and meets A's row once A commits. SQLite's writers take turns: B's check sees A."""
    outcome: dict[str, Any] = {}
    with database.transaction() as a:
        first(a)

        def other() -> None:
            try:
                with database.transaction() as b:
                    second(b)
                outcome["stored"] = True
            except (ValidationError, accounts.AccountError) as exc:
                outcome["errors"] = exc.errors

        thread = threading.Thread(target=other)
        thread.start()
        time.sleep(0.5)  # B has read (PostgreSQL) or waits for the write lock (SQLite)
    thread.join(10)
    assert not thread.is_alive()
    return outcome


def _event(code: str) -> Callable[[Any], Any]:
    return lambda s: events.create_event(s, code=code, name=f"暴雨 {code}", kind="rainstorm",
                                         starts_at=datetime(2026, 7, 1, tzinfo=UTC))


def test_two_lookalike_event_codes_at_once_store_one(database):
    outcome = _at_once(database, _event("FX2026"), _event("fx2026"))
    with database.read_session() as s:
        assert list(s.scalars(sa.select(Event.code).where(Event.code.in_(["FX2026", "fx2026"])))) == ["FX2026"]
    errors = outcome.get("errors")
    assert isinstance(errors, dict) and set(errors) == {"code"}, outcome
    assert "FX2026" in str(errors["code"]) and "暴雨 FX2026" in str(errors["code"]), errors


def test_two_lookalike_usernames_at_once_store_one(database):
    outcome = _at_once(database, lambda s: accounts.create_user(s, "wangwei", None, "reporter"),
                       lambda s: accounts.create_user(s, "WangWei", None, "reporter"))
    with database.read_session() as s:
        assert list(s.scalars(sa.select(User.username).where(User.username.in_(["wangwei", "WangWei"])))) == [
            "wangwei"]
    errors = outcome.get("errors")
    assert isinstance(errors, dict) and set(errors) == {"username"}, outcome
    assert "wangwei" in str(errors["username"]), errors


def test_a_code_changed_into_a_twin_the_check_did_not_see_is_refused_unsaved(database, monkeypatch):
    """A rename meets the index as a create does (the check monkeypatched to read before the other committed)."""
    with database.transaction() as s:
        _event("FX2027")(s)
        other = _event("DX2027")(s)
        other_id, version = other.id, other.version
    real = events._code_twin
    calls = {"n": 0}

    def read_before_the_other_committed(*args: Any, **kw: Any) -> Any:
        calls["n"] += 1
        return None if calls["n"] == 1 else real(*args, **kw)

    monkeypatch.setattr(events, "_code_twin", read_before_the_other_committed)
    try:
        with database.transaction() as s:
            events.update_event(s, s.get(Event, other_id), {"code": "fx2027"}, None, version)
        raise AssertionError("stored")
    except ValidationError as exc:
        assert set(exc.errors) == {"code"} and "FX2027" in str(exc.errors["code"]), exc.errors
    with database.read_session() as s:
        assert (s.get(Event, other_id).code, s.get(Event, other_id).version) == ("DX2027", version)
