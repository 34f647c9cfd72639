"""A token made while the account is being deactivated does not survive it (PostgreSQL).

Found (sessions audit, 4 December): creating a token checked the owner's active flag as the request had
read it. Made while an administrator's deactivation was still in its transaction, the token was not among
the tokens the deactivation revoked, and the account came back from a reactivation with it working — the
token a stolen session could be making right then. Now creating a token locks the owner's row and reads
the flag again: it waits for the deactivation and is refused. SQLite runs one writer at a time.
"""

from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa

from incidents.auth import services, tokens
from incidents.auth.models import User
from incidents.errors import ValidationError


def test_a_token_made_during_a_deactivation_is_refused(database, make_user):
    if database.is_sqlite:
        pytest.skip("SQLite runs one writer at a time: a creation cannot overlap a deactivation")
    admin, alice = make_user("root", "admin"), make_user("alice", "reporter")
    outcome: dict[str, object] = {}
    read = threading.Event()

    def alice_makes_a_token() -> None:
        try:
            with database.transaction() as s:
                user = s.get(User, alice)  # read before the deactivation commits: still active
                read.set()
                tokens.create_token(s, user, "made from a stolen session")
            outcome["alice"] = "made"
        except ValidationError as exc:
            outcome["alice"] = sorted(exc.errors)

    with database.transaction() as s:
        services.update_user(s, s.get(User, alice), {"active": False}, admin)
        second = threading.Thread(target=alice_makes_a_token)
        second.start()
        read.wait(5)
        time.sleep(0.5)  # alice's creation runs while the deactivation is not yet committed
    second.join(timeout=10)
    assert outcome == {"alice": ["user"]}
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(tokens.ApiToken)
                        .where(tokens.ApiToken.revoked_at.is_(None))) == 0


def test_a_token_made_by_a_session_a_reset_is_ending_is_refused(database, make_user):
    """An administrator's reset revokes the tokens it sees; one made by the session it ends must not slip past."""
    if database.is_sqlite:
        pytest.skip("SQLite runs one writer at a time: a creation cannot overlap a reset")
    admin, alice = make_user("root", "admin"), make_user("alice", "reporter")
    outcome: dict[str, object] = {}
    read = threading.Event()

    def the_stolen_session_makes_a_token() -> None:
        try:
            with database.transaction() as s:
                user = s.get(User, alice)  # the session as its cookie proved it, before the reset commits
                version = user.session_version
                read.set()
                tokens.create_token(s, user, "made from a stolen session", session_version=version)
            outcome["alice"] = "made"
        except ValidationError as exc:
            outcome["alice"] = sorted(exc.errors)

    with database.transaction() as s:
        services.set_password(s, s.get(User, alice), "taken back for good", admin)
        second = threading.Thread(target=the_stolen_session_makes_a_token)
        second.start()
        read.wait(5)
        time.sleep(0.5)
    second.join(timeout=10)
    assert outcome == {"alice": ["user"]}


def test_a_session_ended_before_the_token_is_made_makes_none(database, make_user):
    alice = make_user("alice", "reporter")
    with database.transaction() as s:
        stale = s.get(User, alice).session_version
        services.end_sessions(s, alice)
    with pytest.raises(ValidationError) as refused, database.transaction() as s:
        tokens.create_token(s, s.get(User, alice), "late", session_version=stale)
    assert list(refused.value.errors) == ["user"]
