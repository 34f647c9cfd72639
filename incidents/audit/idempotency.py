"""One-time keys (a form's token, an Idempotency-Key header): a retry gets the first result, another body is refused.

The key row is inserted in the creating transaction: a concurrent duplicate waits on the unique
key, fails, and reads what the first request committed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents import on_cursor
from incidents.audit.models import IdempotencyKey
from incidents.db import Base, connection_of, nothing_written_yet, now_utc
from incidents.errors import Message, ValidationError

MAX_KEY_LENGTH = 100

# The keyword babel extracts: these land in the audit catalog.
_l = Message
KEY_LENGTH = _l("must be 1 to %(n)s characters", n=MAX_KEY_LENGTH)


def stored_key(user_id: int, token: str) -> str:
    """The stored key: namespaced by the user only, so a key reused for another kind of record is refused."""
    return f"user:{user_id}:{token}"


def digest(value: Any) -> str:
    """A SHA-256 of a submission as parsed: texts stripped, absent and empty fields alike, keys sorted."""

    def norm(item: Any) -> Any:
        if isinstance(item, str):
            return item.strip()
        if isinstance(item, dict):
            return {str(k): norm(v) for k, v in item.items()}
        if isinstance(item, list | tuple):
            return [norm(v) for v in item]
        if isinstance(item, datetime | date):
            return item.isoformat()
        return item if item is None or isinstance(item, bool | int | float) else str(item)

    # An absent field and an empty one are the same submission (a form sends "", a client omits it).
    fields = {str(k): norm(v) for k, v in value.items() if v not in (None, "", False, {}, [])} \
        if isinstance(value, dict) else norm(value)
    text = json.dumps(fields, sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class KeyReused(ValidationError):
    """The key already created something from another submission: nothing was saved."""

    def __init__(self, entity: str, entity_id: int) -> None:
        super().__init__({"idempotency_key": _l(
            "this key was already used for another submission (%(entity)s #%(id)s): nothing was saved",
            entity=entity, id=entity_id)})
        self.entity, self.entity_id = entity, entity_id


def check_key(token: str) -> None:
    """Refuse an empty or over-long key, naming the field."""
    if not token or len(token) > MAX_KEY_LENGTH:
        raise ValidationError({"idempotency_key": KEY_LENGTH})


# What a replay reads of a key: three columns, not the ORM object (its identity map, its load events,
# populate_existing to see what a twin committed). Built once; always read from the database.
_STORED = sa.select(IdempotencyKey.entity, IdempotencyKey.entity_id, IdempotencyKey.fingerprint) \
    .where(IdempotencyKey.key == sa.bindparam("key"))


def replay(session: Session, key: str, entity: str, fingerprint: str) -> int | None:
    """The id the key created, if this is the same submission; None if the key is new; KeyReused otherwise."""
    row = session.execute(_STORED, {"key": key}).first()
    if row is None:
        return None
    if row.entity != entity or (row.fingerprint is not None and row.fingerprint != fingerprint):
        raise KeyReused(row.entity, row.entity_id)
    return row.entity_id


# CORE_KEY_ROW: the key stored by one Core INSERT, not an IdempotencyKey object through the ORM's
# flush (its unit of work, a quarter of a create's time with the report's rows and audit row:
# docs/performance.md, "Ingest"); nothing reads the object back, a replay reads the row (_STORED).
# Sent on the cursor (on_cursor.SENT_ON_CURSOR), as a report's rows and audit row are.
_KEY_ROW = sa.insert(Base.metadata.tables[IdempotencyKey.__tablename__])


def _serialized(session: Session) -> bool:
    """Whether this transaction holds SQLite's write lock (BEGIN IMMEDIATE): writers run one at a time.

    Then a concurrent twin of the key cannot exist, and the SAVEPOINT that lets PostgreSQL recover
    from one is two statements of waste per create (benches/ingest_profile.py).
    """
    connection = connection_of(session)
    return connection.dialect.name == "sqlite" and bool(connection.get_execution_options().get("sqlite_immediate"))


def _identity(session: Session, made: Base) -> int:
    """The id of what a create made: flushed only if `create` did not.

    A report's audit row needs its id, so its create flushed: the key then goes out in the same flush
    as the audit row, one flush less per create (benches/ingest_profile.py).
    """
    identity = sa.inspect(made).identity
    if identity is None:
        session.flush()
        identity = sa.inspect(made).identity
    if identity is None:  # flushed just above: only an object never added has no identity
        raise ValueError(f"{type(made).__name__} was not added to the session")
    return int(identity[0])


def _make(session: Session, key: str, user_id: int, entity: str, fingerprint: str,
          create: Callable[[], Base | int]) -> int:
    """Run `create` and store the key beside what it made; the new id."""
    offer = {"key": key, "user_id": user_id, "entity": entity, "fingerprint": fingerprint}
    outer = session.info.get(_OFFERED)  # a create under a key inside another's (none today) finds its own
    session.info[_OFFERED] = offer
    try:
        made = create()
    finally:
        session.info[_OFFERED] = outer
    made_id = made if isinstance(made, int) else _identity(session, made)
    if offer.get(_TAKEN):  # the create sent it with its own rows (reports/speedups.store_created)
        return made_id
    session.flush()  # what `create` left pending goes first, as one flush with the key sent it
    on_cursor.send(connection_of(session), _KEY_ROW, {**offer, "entity_id": made_id, "created_at": now_utc()})
    return made_id


# While `create` runs, its key's row waits here; a create that sends its own rows takes it and sends it
# with them (reports/speedups.store_created: ONE_TRIP's one statement, PostgreSQL only; on SQLite no one takes it).
_OFFERED = "incidents.offered_key"
_TAKEN = "taken"


def take_offered(session: Session, entity: str) -> dict[str, Any] | None:
    """The one-time key's row guarding the create of an `entity` now running, taken to be sent with it; else None.

    The taker stores it (entity_id: the new row's id) in the same transaction, before `create` returns;
    the first create of that entity takes it (a create makes one record of its entity: none nests another).
    """
    row = session.info.get(_OFFERED)
    if row is None or row["entity"] != entity or row.get(_TAKEN):
        return None
    row[_TAKEN] = True
    return {"key": row["key"], "user_id": row["user_id"], "entity": entity, "fingerprint": row["fingerprint"],
            "created_at": now_utc()}


def once(session: Session, key: str, user_id: int, entity: str, fingerprint: str,
         create: Callable[[], Base | int]) -> tuple[int, bool]:
    """Run `create` under a one-time key: (id, True) the first time, (the first id, False) on a replay.

    `create` returns what it made (an object of the session) or the id of the row it stored.
    """
    if nothing_written_yet(session):
        return _key_first(session, key, user_id, entity, fingerprint, create)
    existing = replay(session, key, entity, fingerprint)
    if existing is not None:
        return existing, False
    if _serialized(session):
        # No other writer can add this key between replay() and the INSERT below.
        return _make(session, key, user_id, entity, fingerprint, create), True
    try:
        # The transaction wrote before: a twin's key is met inside a SAVEPOINT, keeping those writes.
        with session.begin_nested():
            made_id = _make(session, key, user_id, entity, fingerprint, create)
    except sa.exc.IntegrityError:
        existing = replay(session, key, entity, fingerprint)
        if existing is None:
            raise
        return existing, False
    return made_id, True


def _key_first(session: Session, key: str, user_id: int, entity: str, fingerprint: str,
               create: Callable[[], Base | int]) -> tuple[int, bool]:
    """KEY_FIRST: a transaction that has only read creates at once; the key is read only when something refused it.

    A key is nearly always new, so its lookup before the create was a statement (and ~5% of an API
    create's CPU: docs/performance.md, "Ingest") that found nothing. A twin is met at the key's
    primary key instead: the whole transaction, which wrote nothing else, is rolled back (no
    SAVEPOINT either, on SQLite as on PostgreSQL) and the key read. A refusal (a ValueError such as
    ValidationError: the body would fail today's checks, the event has ended since, a place was
    retired) consults the key before it is answered, so a replay still answers the first result
    and another body is refused as reused.
    """
    try:
        return _make(session, key, user_id, entity, fingerprint, create), True
    except sa.exc.IntegrityError:
        session.rollback()
        existing = replay(session, key, entity, fingerprint)
        if existing is None:
            raise
        return existing, False
    except ValueError:  # a ValidationError, or another refusal (a brief's compile refuses a day so)
        if not nothing_written_yet(session):  # refused after a write: read the key outside what it wrote
            session.rollback()
        existing = replay(session, key, entity, fingerprint)
        if existing is None:
            raise
        return existing, False
