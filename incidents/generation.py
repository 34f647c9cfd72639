"""GENERATION_SHELF: events and area walks kept per process, valid for one generation of those tables.

`cache_generation` holds one number that database triggers raise on every write to `events` or `areas`
(the migration 20261204_b8c9d0e1f2a3; on PostgreSQL once per transaction, at its commit). A request reads
the number with its login (a scalar subquery in the login's own SELECT: no round trip of its own, `note`).
While a transaction has written nothing (`db.has_written`), what it reads of an event or of an area's
ancestry is taken from this process's shelf for that number, or read and shelved there; when the number
read differs, the shelf is emptied. Every process sees another's edit at its next request, as the number
moves with the edit's commit. Shelved are plain column values, never a session's object: each use builds
an object of its own in the asking session (`attach`), as if loaded. The phone's kept forms carry the number
too (`offline/services.kept_mark`): an event ended since they were kept has them kept again.

Why: the event's read and the area walk were two of an API create's nine statements; kept here, a create
sends seven, and its CPU fell from 3.07–3.11x to 2.59–2.80x the bare insert's on SQLite, 3.23–3.32x to
2.61–2.74x on PostgreSQL (docs/performance.md, "4 December, GENERATION_SHELF").
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

import sqlalchemy as sa
from sqlalchemy.orm import Mapper, Session, configure_mappers
from sqlalchemy.orm.attributes import instance_state

from incidents.db import GENERATION_CARRIED, GENERATION_NOTED, SHELF, Base, connection_of, has_written

B = TypeVar("B", bound=Base)

CACHE_GENERATION = sa.Table(
    "cache_generation", Base.metadata,
    sa.Column("n", sa.BigInteger, nullable=False,
              comment="raised by triggers on every write to events and areas (incidents/generation.py)"),
    comment="one row: the generation of what processes keep of events and areas",
)
# The login's extra column (signins.signed_in_user, tokens._BY_HASH): NULL when the row is missing, and
# then nothing is shelved.
NOW = sa.select(CACHE_GENERATION.c.n).limit(1).scalar_subquery().label("cache_generation")
# Where a session keeps the generation its login read, for the transaction that read it (on SQLite, the write
# transaction that follows the login's own reads the number again once it holds the write lock: db.hold_at_begin).
NOTED = GENERATION_NOTED
CARRIED = GENERATION_CARRIED
# Where the Database's shelf (db.SHELF) holds (generation, {key: value}).
CURRENT = "current"
# Per model, for attach: its mapper, its primary key's attribute keys and its column attributes' keys.
_PLANS: dict[type[Base], tuple[Mapper[Any], tuple[str, ...], frozenset[str]]] = {}


def shelved(session: Session, generation: int, key: Any) -> Any:
    """The value shelved under key for this generation by the session's Database, or None."""
    shelf = session.info.get(SHELF)
    current = shelf.get(CURRENT) if shelf is not None else None
    if current is None or current[0] != generation:
        return None
    return current[1].get(key)


def shelve(session: Session, generation: int, key: Any, value: Any) -> None:
    """Shelve a value read at (or after) this generation; the other generations' values go."""
    shelf = session.info.get(SHELF)
    if shelf is None:
        return
    current = shelf.get(CURRENT)
    if current is None or current[0] != generation:
        # A new (generation, values) pair swapped in whole: a thread still holding the old pair writes
        # into that one, never a value of its generation under another's number.
        current = shelf[CURRENT] = (generation, {})
    current[1][key] = value


def note(session: Session, generation: int | None) -> None:
    """Remember the generation the login read, for the session's current (or next) transaction."""
    if generation is not None:
        session.info[NOTED] = generation


def current(session: Session) -> int | None:
    """The generation now: the one the login read (no query), else read; None when the row is missing."""
    noted: int | None = session.info.get(NOTED)
    return noted if noted is not None else session.scalar(sa.select(CACHE_GENERATION.c.n).limit(1))


def usable(session: Session) -> int | None:
    """The generation this transaction may use the shelf for: noted by its login, and nothing written yet."""
    if CARRIED in session.info:
        # A SQLite write whose login was read before its transaction: begun now, it reads the number again under
        # the write lock (db.hold_at_begin), before the shelf is looked at.
        connection_of(session)
    generation: int | None = session.info.get(NOTED)
    if generation is None or has_written(session):
        return None
    return generation


def values_of(obj: Base) -> dict[str, Any]:
    """An object's loaded column values, to shelve (its relationships are not)."""
    mapper = sa.inspect(type(obj))
    loaded = obj.__dict__
    return {prop.key: loaded[prop.key] for prop in mapper.column_attrs if prop.key in loaded}


def attach(session: Session, model: type[B], values: dict[str, Any]) -> B:
    """An object of the session built from column values (shelved, or the login's row), as a load would leave it.

    The session's own object when it holds that row already. ATTACH_AS_LOADED: the object is registered as
    session.add registers a detached one (`Session._update_impl`: the attach events, the identity map) without
    add's walk of every relationship's cascade, which finds nothing here (column values only), nor
    `make_transient_to_detached`'s reset of a state that is new; a column not given is expired, read when used,
    as that reset left it. Five calls an API create, ~30 → ~10 µs each; CPU per create x2.77-2.84 → x2.62-2.67 the
    bare insert's on SQLite, x2.49-2.57 → x2.39-2.48 on PostgreSQL (docs/performance.md, "5 December:
    ATTACH_AS_LOADED").
    """
    plan = _PLANS.get(model)
    if plan is None:
        mapper = sa.inspect(model)
        if not mapper.configured:  # as a query would: an object built before any query needs its attributes set up
            configure_mappers()
        plan = _PLANS[model] = (mapper, tuple(str(c.key) for c in mapper.primary_key),
                                frozenset(prop.key for prop in mapper.column_attrs))
    mapper, primary_key, columns = plan
    key = mapper.identity_key_from_primary_key(tuple(values[name] for name in primary_key))
    held = session.identity_map.get(key)
    if held is not None:
        return cast(B, held)
    obj = mapper.class_manager.new_instance()
    state = instance_state(obj)
    state.dict.update(values)
    state.key = key
    missing = columns.difference(values)
    if missing:
        state._expire_attributes(state.dict, missing)
    session._update_impl(state)
    return cast(B, obj)


@sa.event.listens_for(Session, "after_transaction_end")
def _forget_at_end(session: Session, transaction: sa.orm.SessionTransaction) -> None:
    # The number read belongs to the transaction that read it: a later one (after this request's own
    # commit, which may have changed an event) reads the database.
    if transaction.parent is None:
        session.info.pop(NOTED, None)
