"""SENT_ON_CURSOR: a Core statement compiled once per process and sent on the DBAPI cursor of a Connection.

For the statements every API create sends (BEGIN, the token's login, the report's rows, its audit row,
its key, PostgreSQL's arrival lock): SQLAlchemy's execution of a cached statement (the execution
context, the parameters' set-up, the result) was ~50 µs of a ~1,800 µs create each; sent here, a
create's CPU fell from x2.42 to x2.06–2.10 the bare insert's in process on SQLite (docs/performance.md,
"7 December, afternoon: the create's statements on the cursor"). What SQLAlchemy's execution does that
matters is kept: the types' bind and result processors, the `before_cursor_execute` and
`after_cursor_execute` listeners (the write lock taken at the first write, db.py; the tests' statement
counters), the SQL log (echo, or logging's level), and its handling of an error (wrapped as sa.exc's; a lost
connection and the pool invalidated). One row a statement: no executemany.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Mapping
from typing import Any, NamedTuple

import sqlalchemy as sa


class _Plan(NamedTuple):
    """A statement as compiled for one dialect: its SQL, its bind names in order and each one's processor."""

    sql: str
    names: tuple[str, ...]
    processors: tuple[Any, ...]  # a callable, or None where the value goes as it is
    positional: bool
    results: tuple[Any, ...]  # a SELECT's: each column's result processor, or None
    fixed: dict[str, Any]  # binds with a value of their own (a LIMIT's), not given by the caller


_PLANS: dict[tuple[Any, type[sa.Dialect], tuple[str, ...]], _Plan] = {}


def _plan(dialect: sa.Dialect, statement: sa.Executable, keys: tuple[str, ...]) -> _Plan:
    """The statement compiled for the dialect with these parameter names (an INSERT's columns), once per process."""
    found = _PLANS.get((statement, type(dialect), keys))
    if found is not None:
        return found
    compiled = statement.compile(dialect=dialect, column_keys=list(keys))  # type: ignore[attr-defined]
    names = tuple(compiled.positiontup or ()) if compiled.positional else tuple(compiled.binds)
    fixed = {name: compiled.binds[name].value for name in set(names).difference(keys)}
    unset = [name for name in fixed if compiled.binds[name].required or compiled.binds[name].callable]
    if unset:
        raise ValueError(f"no value given for {sorted(unset)}")
    processors = tuple(compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names)
    selected = getattr(statement, "selected_columns", None)
    results = tuple(column.type.dialect_impl(dialect).result_processor(dialect, None) for column in selected) \
        if isinstance(statement, sa.Select) and selected is not None else ()
    found = _PLANS[statement, type(dialect), keys] = _Plan(str(compiled), names, processors, compiled.positional,
                                                          results, fixed)
    return found


def send(connection: sa.Connection, statement: sa.Executable, params: Mapping[str, Any]) -> Any:
    """Send `statement` with `params` (one row) on the connection's DBAPI cursor; its RETURNING's one value, or None.

    The value as the driver gives it (an id): no result processing.
    """
    row = _sent(connection, _plan(connection.dialect, statement, tuple(params)), params)
    return None if row is None else row[0]


def first_row(connection: sa.Connection, statement: sa.Select[Any],
              params: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """A SELECT's first row, each value read by its column's type (as a Core execute's row), or None."""
    plan = _plan(connection.dialect, statement, tuple(params))
    row = _sent(connection, plan, params)
    if row is None:
        return None
    return tuple(value if process is None or value is None else process(value)
                 for value, process in zip(row, plan.results, strict=True))


def send_text(connection: sa.Connection, sql: str) -> None:
    """Send a statement of no parameters (BEGIN) on the connection's DBAPI cursor, as send() does."""
    _executed(connection, sql, ())


def first_row_sql(connection: sa.Connection, sql: str, params: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """The first row of the driver's own SQL (its paramstyle, positional values), sent as send() does, or None."""
    row = _executed(connection, sql, params)
    return None if row is None else tuple(row)


def _sent(connection: sa.Connection, plan: _Plan, params: Mapping[str, Any]) -> Any:
    """The plan's statement with `params` made the driver's values (bind processors), executed by _executed."""
    if plan.fixed:
        params = {**plan.fixed, **params}
    values = [params[name] if process is None else process(params[name])
              for name, process in zip(plan.names, plan.processors, strict=True)]
    sent: tuple[Any, ...] | dict[str, Any] = (tuple(values) if plan.positional
                                              else dict(zip(plan.names, values, strict=True)))
    return _executed(connection, plan.sql, sent)


def _executed(connection: sa.Connection, sql: str, sent: tuple[Any, ...] | dict[str, Any]) -> Any:
    """Execute on a new DBAPI cursor, the listeners told; the first row as the driver gives it, or None.

    An error is SQLAlchemy's to handle, as its own execute would (wrapped as sa.exc's, a lost connection and
    the pool's others invalidated, handle_error listeners): Connection._handle_dbapi_exception, the one
    private call here, since no public one takes a statement sent past the execution context.
    """
    dbapi_connection = connection.connection.dbapi_connection
    assert dbapi_connection is not None  # a Connection in use holds one
    dbapi_error = connection.dialect.loaded_dbapi.Error
    cursor = None
    try:
        # As Core's execute: the cursor's making and the listeners inside the handler too. A connection the server
        # closed fails at the cursor, and the login read again before the first write (a listener, db.py) sends
        # on the driver's connection: their driver errors are SQLAlchemy's (a 503 and the pool invalidated), where
        # raw they were a 500 (tests/faults/test_pg_restart.py). Anything else (LoginChanged) goes as it is.
        cursor = dbapi_connection.cursor()
        dispatch = connection.dispatch
        for listener in dispatch.before_cursor_execute:
            listener(connection, cursor, sql, sent, None, False)
        logger = connection.engine.logger
        # As Core decides it (Engine._should_log_info): the echo option, or logging's own level for
        # sqlalchemy.engine (SQLAlchemy's documented way); echo alone hid these statements from the latter.
        if logger.isEnabledFor(logging.INFO):
            logger.info("%s [on the cursor] %r", sql, sent)
        cursor.execute(sql, sent)
        row = cursor.fetchone() if cursor.description is not None else None
        for listener in dispatch.after_cursor_execute:
            listener(connection, cursor, sql, sent, None, False)
    except dbapi_error as exc:
        connection._handle_dbapi_exception(exc, sql, sent, cursor, None)
    finally:
        if cursor is not None:
            with contextlib.suppress(dbapi_error):  # a connection closed under it: the error above is the one told
                cursor.close()
    return row
