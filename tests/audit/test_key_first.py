"""KEY_FIRST (audit/idempotency._key_first): a key is not read before its create; whatever refuses the create
(a ValidationError or any ValueError, as a brief's compile refuses a day) is answered only after the key is
consulted, so a spent key's replay answers its first result and another submission is refused as reused."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from incidents.audit import idempotency as keys
from incidents.audit.models import AuditEntry
from incidents.db import nothing_written_yet, now_utc


def _adding(session, user_id: int) -> Callable[[], AuditEntry]:  # noqa: ANN001
    def add() -> AuditEntry:
        row = AuditEntry(at=now_utc(), user_id=user_id, action="test", entity="tests", entity_id=1)
        session.add(row)
        return row
    return add


def _refusing() -> AuditEntry:
    raise ValueError("day: refused today")


def test_a_refusal_consults_the_key_before_it_is_answered(database, make_user):  # noqa: ANN001
    user_id = make_user("li", "reporter")
    with database.late_write_session() as s:
        made, created = keys.once(s, "k:first", user_id, "audit_entries", "fp", _adding(s, user_id))
        s.commit()
    assert created
    with database.late_write_session() as s:
        assert nothing_written_yet(s)  # the path under test: a transaction that has only read
        assert keys.once(s, "k:first", user_id, "audit_entries", "fp", _refusing) == (made, False)
        with pytest.raises(keys.KeyReused):
            keys.once(s, "k:first", user_id, "audit_entries", "another", _refusing)
        with pytest.raises(ValueError, match="refused today"):  # a new key: the refusal itself
            keys.once(s, "k:new", user_id, "audit_entries", "fp", _refusing)


def test_a_twin_meets_the_key_and_answers_the_first(database, make_user):  # noqa: ANN001
    user_id = make_user("li", "reporter")
    with database.late_write_session() as s:
        made, _ = keys.once(s, "k:twin", user_id, "audit_entries", "fp", _adding(s, user_id))
        s.commit()
    with database.late_write_session() as s:
        before = s.query(AuditEntry).count()
        assert keys.once(s, "k:twin", user_id, "audit_entries", "fp", _adding(s, user_id)) == (made, False)
        s.commit()
        assert s.query(AuditEntry).count() == before  # the twin's row went with its rolled-back transaction
        with pytest.raises(keys.KeyReused):
            keys.once(s, "k:twin", user_id, "audit_entries", "another", _adding(s, user_id))
