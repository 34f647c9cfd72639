"""generation.attach builds an object of the session as a load leaves it, without session.add's cascade walk.

ATTACH_AS_LOADED: the login's owner and the shelf's events and areas are built from plain column values, five a
create. Each test compares what attach leaves with what a SELECT of the same row leaves in another session. Both
databases.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Mapper, Session

from incidents import generation
from incidents.areas.models import Area
from incidents.auth.models import User
from incidents.db import Database
from incidents.events.models import Event


def _columns(session: Session, model: type, ident: int) -> dict[str, Any]:
    """The row's column values by attribute key, read as a Core row (as the login and the shelf hold them)."""
    columns = dict(sa.inspect(model).columns.items())
    row = session.execute(sa.select(*columns.values()).where(columns["id"] == ident)).one()
    return dict(zip(columns, row, strict=True))


def _state(obj: object) -> tuple[Any, ...]:
    """What a load leaves of an object's state and its columns (an event's place, loaded with it, is not shelved)."""
    state = sa.inspect(obj)
    columns = {prop.key for prop in state.mapper.column_attrs}
    return (state.key, state.persistent, state.modified, dict(state.committed_state), set(state.expired_attributes),
            set(state.unloaded) & columns, {k: v for k, v in state.dict.items() if k in columns})


@pytest.fixture
def scoped(seeded, make_user, database: Database) -> int:  # noqa: ANN001
    return make_user("attach-scoped", "reporter", scope="文峰区/北大街街道")


@pytest.fixture
def no_cascade_walk(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def refused(*_args: object, **_kw: object) -> Iterator[object]:
        raise AssertionError("attach walked the cascades (session.add)")

    monkeypatch.setattr(Mapper, "cascade_iterator", refused)
    yield


@pytest.mark.parametrize("model", [User, Area, Event])
def test_an_attached_object_is_the_loaded_one(model, scoped: int, database: Database, no_cascade_walk) -> None:  # noqa: ANN001
    with database.read_session() as reading:
        ident = {User: scoped, Area: reading.scalar(sa.select(Area.id).where(Area.name == "北大街街道")),
                 Event: reading.scalar(sa.select(sa.func.min(Event.id)))}[model]
        values = _columns(reading, model, ident)
    with database.read_session() as loading:
        loaded = loading.scalars(sa.select(model).where(sa.inspect(model).columns["id"] == ident)
                                 .execution_options(populate_existing=True)).one()
        expected = _state(loaded)
    with database.read_session() as session:
        session.connection()  # in a transaction, as the login's and the shelf's sessions are
        obj = generation.attach(session, model, values)
        assert _state(obj) == expected
        assert obj in session and session.identity_map[sa.inspect(obj).key] is obj
        assert not session.new and not session.dirty
        assert generation.attach(session, model, dict(values)) is obj  # the session's own object, once
        session.flush()  # nothing to write
    if model is User:
        with database.read_session() as session:
            user = generation.attach(session, User, values)
            assert user.scope_area is not None and user.scope_area.name == "北大街街道"  # lazy loads as loaded


def test_a_column_not_given_is_read_when_used(scoped: int, database: Database, no_cascade_walk) -> None:  # noqa: ANN001
    with database.read_session() as reading:
        values = _columns(reading, User, scoped)
    shown = values.pop("display_name")
    with database.read_session() as session:
        user = generation.attach(session, User, values)
        assert "display_name" in sa.inspect(user).expired_attributes
        assert user.display_name == shown  # read from the database on first use, as make_transient_to_detached did
        assert "display_name" in user.__dict__ and not session.dirty


def test_a_change_to_an_attached_object_is_written(scoped: int, database: Database) -> None:
    with database.read_session() as reading:
        values = _columns(reading, User, scoped)
    with database.transaction() as session:
        user = generation.attach(session, User, values)
        user.locale = "en"
        assert list(session.dirty) == [user]
    with database.read_session() as session:
        assert session.scalar(sa.select(User.locale).where(User.id == scoped)) == "en"
