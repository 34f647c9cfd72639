"""Statements sent on the DBAPI cursor (incidents/on_cursor.py) read and write values as SQLAlchemy's execute does."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from incidents import on_cursor
from incidents.audit.models import AuditEntry
from incidents.auth.models import User
from incidents.db import Database

_AUDIT = AuditEntry.__table__
_INSERT = sa.insert(_AUDIT).returning(_AUDIT.c.id)


def _row(moment: datetime, after: dict[str, object]) -> dict[str, object]:
    return {"at": moment, "user_id": None, "action": "create", "entity": "reports", "entity_id": 7,
            "before": None, "after": after}


def test_an_insert_on_the_cursor_stores_what_core_stores(database: Database) -> None:
    """An aware instant, a JSON value (Chinese, nested) and a JSON null: the same row as Core's execute writes."""
    moment = datetime(2021, 7, 24, 7, 30, 15, 123456, tzinfo=UTC)
    after = {"note": "北大街街道积水", "counts": {"户": [120, True]}}
    with database.transaction() as s:
        sent_id = on_cursor.send(s.connection(), _INSERT, _row(moment, after))
        core_id = s.connection().execute(_INSERT, _row(moment, after)).scalar_one()
    with database.read_session() as s:
        rows = {r.id: r for r in s.execute(sa.select(_AUDIT).where(_AUDIT.c.id.in_([sent_id, core_id])))}
        raw = dict(s.execute(sa.select(_AUDIT.c.id, sa.cast(_AUDIT.c.after, sa.Text))
                             .where(_AUDIT.c.id.in_([sent_id, core_id]))).all())
    assert isinstance(sent_id, int) and sent_id != core_id
    sent, core = rows[sent_id], rows[core_id]
    assert (sent.at, sent.after, sent.before) == (core.at, core.after, core.before) == (moment, after, None)
    assert raw[sent_id] == raw[core_id]  # the stored JSON text itself, not only what it reads back as


def test_a_row_read_on_the_cursor_has_its_types(database: Database, make_user) -> None:
    """Enum, boolean and instant columns come back as the model's types, as a Core row's do."""
    make_user("reader", "viewer")
    query = sa.select(User.__table__.c.role, User.__table__.c.active, User.__table__.c.created_at) \
        .where(User.__table__.c.username == sa.bindparam("name"))
    with database.read_session() as s:
        sent = on_cursor.first_row(s.connection(), query, {"name": "reader"})
        core = tuple(s.connection().execute(query, {"name": "reader"}).one())
        missing = on_cursor.first_row(s.connection(), query, {"name": "nobody"})
    assert sent == core and missing is None
    assert type(sent[0]) is type(core[0]) and sent[1] is True


def test_a_refused_insert_is_sqlalchemys_error_and_listeners_see_each_statement(database: Database) -> None:
    """A NOT NULL refused is sa.exc.IntegrityError (what the callers catch); the statement counters see it sent."""
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        seen.append(statement.split()[0])

    sa.event.listen(database.engine, "before_cursor_execute", note)
    try:
        with pytest.raises(sa.exc.IntegrityError), database.transaction() as s:
            on_cursor.send(s.connection(), _INSERT, {**_row(datetime.now(UTC), {}), "action": None})
    finally:
        sa.event.remove(database.engine, "before_cursor_execute", note)
    assert "INSERT" in seen


def test_sql_logged_through_pythons_logging_shows_what_is_sent_on_the_cursor(database: Database, caplog) -> None:
    """An operator who logs SQL by logging's settings (sqlalchemy.engine at INFO, SQLAlchemy's documented way, the
    DB_ECHO option off) sees a statement sent on the cursor as they see Core's."""
    moment = datetime(2021, 7, 24, 7, 30, tzinfo=UTC)
    caplog.set_level("INFO", logger="sqlalchemy.engine")
    with database.transaction() as s:
        s.connection().execute(_INSERT, _row(moment, {"note": "by Core"}))
        on_cursor.send(s.connection(), _INSERT, _row(moment, {"note": "sent past Core"}))
    logged = caplog.text
    assert "by Core" in logged
    assert "sent past Core" in logged  # failed before: logged only under the echo option


def test_a_driver_error_in_a_listener_is_sqlalchemys_and_other_errors_go_as_they_are(database: Database) -> None:
    """As in Core's execute: the login read again before the first write (a listener) meeting a connection the
    server closed raises the driver's error, told as SQLAlchemy's (a 503, not a 500; tests/faults/test_pg_restart.py);
    the listener's own refusal (LoginChanged) is not wrapped."""
    from incidents.db import LoginChanged

    driver_error = database.engine.dialect.loaded_dbapi.OperationalError

    def lost(*_args) -> None:  # noqa: ANN002
        raise driver_error("server closed the connection unexpectedly")

    def changed(*_args) -> None:  # noqa: ANN002
        raise LoginChanged

    for listener, expected in ((lost, sa.exc.OperationalError), (changed, LoginChanged)):
        sa.event.listen(database.engine, "before_cursor_execute", listener)
        try:
            with pytest.raises(expected), database.transaction() as s:
                on_cursor.send(s.connection(), _INSERT, _row(datetime.now(UTC), {}))
        finally:
            sa.event.remove(database.engine, "before_cursor_execute", listener)
