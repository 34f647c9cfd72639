"""The demo scenario's rows, and its briefs, made once per test worker and copied into each later test.

760 of the suite's tests start from the seed; loading it through demo.load_file (every report through
the services, about 450 statements) cost 0.2 s a test on SQLite and 0.3-0.6 s on PostgreSQL: 3-4
minutes of CI. Compiling the seed's nine briefs as the scheduler's catch-up does cost 5.6 s (SQLite,
quiet machine, 2 December), in about twenty tests. The first test of a worker makes them for real;
later tests get the very rows that made stored (explicit ids, sequences moved past them), but only when
their database is as that one's was before (the same rows, by primary key, in every table), and only when
the making only added rows: otherwise they make them for real too. Each state before is kept apart: a test
that makes its users before the seed (login_as first) gets its own copy, not a real load every time.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from incidents import demo
from incidents.briefs import services as briefs
from incidents.db import Database
from incidents.models import Base


@dataclass
class Copy:
    """What one making added: its new rows per table, and its result."""

    rows: dict[str, list[dict[str, Any]]]
    result: Any


# By (database, what, the state before); None: that making changed rows it found, so it is made each time.
_COPIES: dict[tuple[str, str, tuple[Any, ...]], Copy | None] = {}
# By database: its state as empty_tables leaves it (every table empty but cache_generation's one row, the
# sequences restarted), read once; what each later test's reference copy is keyed by without counting again.
_EMPTIED: dict[str, tuple[Any, ...]] = {}
_UNSEEN = object()


def _counts(conn: sa.Connection) -> tuple[int, ...]:
    """Every table's row count, in one statement."""
    tables = Base.metadata.sorted_tables
    return tuple(conn.execute(sa.select(*(sa.select(sa.func.count()).select_from(t).scalar_subquery()
                                          for t in tables))).one())


def _state(conn: sa.Connection) -> tuple[Any, ...]:
    """The tables' rows by primary key: what a making's ids depend on (empty_tables restarts the sequences)."""
    # Not the rows' values: a user made before has its own salt and time, but takes the same ids.
    counts = _counts(conn)
    return counts, tuple(tuple(conn.execute(sa.select(*t.primary_key).order_by(*t.primary_key)).all())
                         for t, n in zip(Base.metadata.sorted_tables, counts, strict=True)
                         if n and t.name != "cache_generation")


def _rows(conn: sa.Connection) -> dict[str, dict[tuple[Any, ...], dict[str, Any]]]:
    """Every table's rows by primary key."""
    out = {}
    for table in Base.metadata.sorted_tables:
        if table.name == "cache_generation":
            continue  # raised by triggers as rows are added: no row of the seed's, never copied
        keys = [c.name for c in table.primary_key]
        out[table.name] = {tuple(r[k] for k in keys): dict(r) for r in conn.execute(table.select()).mappings()}
    return out


def _made_once(database: Database, what: str, make: Callable[[], Any], emptied: bool = False) -> Any:
    """make()'s rows in this test's database: copied when made before on the same database state.

    emptied: the caller has just emptied the tables (empty_tables), so their state is the one read the first time.
    """
    url = database.engine.url.render_as_string(hide_password=False)
    known: Any = _UNSEEN
    if emptied and url in _EMPTIED:
        known = _COPIES.get((url, what, _EMPTIED[url]), _UNSEEN)
    before = None
    if known is _UNSEEN:
        with database.read_session() as s:
            conn = s.connection()
            state = _state(conn)
            if emptied:
                _EMPTIED[url] = state
            key = (url, what, state)
            known = _COPIES.get(key, _UNSEEN)
            before = _rows(conn) if known is _UNSEEN else None
    if isinstance(known, Copy):
        try:
            with database.transaction() as s:
                _insert(s.connection(), known.rows)
            return copy.deepcopy(known.result)
        except sa.exc.IntegrityError:
            pass  # one of this test's own rows stands where the copy's would (a username the making adds): make it
    result = make()
    if before is not None:
        with database.read_session() as s:
            after = _rows(s.connection())
        changed = any(after[name].get(k) != row for name, rows in before.items() for k, row in rows.items())
        # What only added rows can be copied; in key order: a row refers to rows made before it (an area's parent).
        _COPIES[key] = None if changed else Copy(
            {name: rows for name, rows in ((name, [row for k, row in sorted(rows.items()) if k not in before[name]])
                                           for name, rows in after.items()) if rows}, copy.deepcopy(result))
    return result


def reference(database: Database) -> int:
    """The reference lists (disinfection categories) in the tables empty_tables has just emptied: from YAML once."""
    # Every test starts with them: 29 ms a test on SQLite, 69 ms on PostgreSQL (2 December), over 2,500 tests.
    # The emptied tables' state is read by the worker's first test only: counting every table (and reading their
    # keys) before each copy was half the client's CPU of empty_tables and the copy (PostgreSQL 6.1-6.8 ms ->
    # 3.3-3.7 ms a test, SQLite 6.4-8.7 -> 5.1-6.0 ms; 6 December, load 6-12).
    def make() -> int:
        with database.transaction() as s:
            return demo.load_reference(s)
    return _made_once(database, "reference", make, emptied=True)


def load(database: Database) -> demo.LoadSummary:
    """The seed in this test's database."""
    def make() -> demo.LoadSummary:
        with database.transaction() as s:
            return demo.load_file(s)
    return _made_once(database, "seed", make)


def loaded(database: Database, what: str, make: Callable[[], Any]) -> Any:
    """A test module's own loading (make, as `incidents load-demo`) in this test's database: copied when made before."""
    return _made_once(database, what, make)


def load_demo(database: Database, runner: Any) -> None:
    """`incidents load-demo` (the scenario replayed, its fourteen briefs compiled) through `runner`: copied when made
    before on the same state (the demo's July modules and its drill's share it: load the demo before other rows)."""
    def make() -> None:
        result = runner.invoke(args=["incidents", "load-demo"])
        assert result.exit_code == 0, result.output
    _made_once(database, "load-demo", make)


def compiled(database: Database, event_id: int, now: datetime, catchup_days: int) -> list[str]:
    """The event's briefs as the scheduler's catch-up at `now` makes them; the reason of each ("created")."""
    def make() -> list[str]:
        return [r.reason for r in briefs.compile_due(database, now=now, catchup_days=catchup_days,
                                                      event_ids=[event_id])]
    return _made_once(database, f"briefs {event_id} {now.isoformat()} {catchup_days}", make)


def _insert(conn: sa.Connection, rows: dict[str, list[dict[str, Any]]]) -> None:
    """The copied rows, table by table in dependency order; PostgreSQL's sequences moved past them."""
    moved = []
    for table in Base.metadata.sorted_tables:
        if table.name in rows:
            conn.execute(table.insert(), rows[table.name])
            serial = [c for c in table.primary_key if c.autoincrement is True or
                      (c.autoincrement == "auto" and isinstance(c.type, sa.Integer) and len(table.primary_key) == 1)]
            if serial:
                moved.append(f"setval(pg_get_serial_sequence('{table.name}', '{serial[0].name}'), "
                             f"(SELECT max({serial[0].name}) FROM {table.name}))")
    # The sequences in one statement: one a table was a round trip each, ~15 of a seed copy's ~45 ms.
    if moved and conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SELECT " + ", ".join(moved))
