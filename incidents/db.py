"""Typed declarative Base, shared column types, engines, their sessions and SQLite's write lock (no Flask here)."""

from __future__ import annotations

import enum
import re
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Annotated, Any, TypeVar

import orjson
import sqlalchemy as sa
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, ORMExecuteState, Session, mapped_column, sessionmaker

from incidents import on_cursor, writer_queue

B = TypeVar("B", bound="Base")
T = TypeVar("T")
V = TypeVar("V", bound=Callable[..., Any])

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC out; stored as UTC on every backend."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: sa.Dialect) -> sa.types.TypeEngine[Any]:
        # SQLite has no time zones: store naive UTC text that sorts and compares correctly.
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.DateTime(timezone=False))
        return dialect.type_descriptor(sa.DateTime(timezone=True))

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; times must carry a zone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def str_enum(cls: type[enum.Enum], name: str) -> sa.Enum:
    """A portable enum column: VARCHAR plus a CHECK constraint, values not names."""
    return sa.Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=24,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


intpk = Annotated[int, mapped_column(primary_key=True)]
utc = Annotated[datetime, mapped_column(UTCDateTime())]
# A "more than" flag beside a quantity: "30余吨" is stored as 30 with the flag set.
lower_bound = Annotated[
    bool,
    mapped_column(sa.Boolean, default=False, server_default=sa.false(),
                  comment="the quantity is a lower bound (30余 = at least 30)"),
]


class Base(DeclarativeBase):
    """Declarative base with a naming convention so migrations name constraints alike."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime()}


def column_length(model: type[Base], name: str) -> int:
    """A String column's length, read from the model: what PostgreSQL's varchar refuses beyond (SQLite keeps it).

    Rules that bound a text take it from here, so the rule and the schema cannot drift apart.
    """
    length = getattr(sa.inspect(model).columns[name].type, "length", None)
    assert isinstance(length, int), f"{model.__name__}.{name} has no length"
    return length


# A replay's clock (replayed_at): the demo's records stamped with the time the office learned each thing,
# as they would stand had the product run then, not the moment the file was loaded.
_REPLAY_CLOCK: ContextVar[datetime | None] = ContextVar("incidents_replay_clock", default=None)


def now_utc() -> datetime:
    """The current time, aware, in UTC (a replay's time inside replayed_at)."""
    return _REPLAY_CLOCK.get() or datetime.now(UTC)


@contextmanager
def replayed_at(at: datetime) -> Iterator[None]:
    """Inside: now_utc() is `at` (stamps, audit rows, validation's "not in the future"); for a replay only."""
    token = _REPLAY_CLOCK.set(at.astimezone(UTC))
    try:
        yield
    finally:
        _REPLAY_CLOCK.reset(token)


def json_text(value: Any) -> str:
    """A JSON column's value as stored: orjson, for every JSON column on both databases.

    Why: an import writes one audit row per report; json.dumps took 10 µs of its ~140 µs a row
    (benches/import_bench.py, SQLite, 2026-12-01), orjson about 1. Keys that are not text become
    text, as json.dumps makes them; what is read back (json.loads) is the same either way.
    """
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def make_engine(url: str, echo: bool = False) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL, a busy timeout and explicit BEGINs."""
    if url.startswith("sqlite"):
        engine = sa.create_engine(
            url, echo=echo, json_serializer=json_text, connect_args={"timeout": 30, "check_same_thread": False}
        )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            # pysqlite's own transaction handling is off so that BEGIN is ours to choose.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            if ":memory:" not in url and url not in ("sqlite://", "sqlite:///"):
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()
            # SQLite's lower() folds ASCII only and PostgreSQL's every capital: with Python's in its place
            # a name is one account on both (Ölaf and ölaf: auth.services.same_name).
            dbapi_conn.create_function("lower", 1, _lower, deterministic=True)

        database_file = engine.url.database
        wait_turn = None
        if database_file and database_file != ":memory:" and "mode=memory" not in url:
            wait_turn = writer_queue.install(engine, database_file)

        @event.listens_for(engine, "begin")
        def _on_begin(conn: sa.Connection) -> None:
            # Writers take the write lock up front: no deadlock upgrading a read lock later.
            options = conn.get_execution_options()
            immediate = options.get("sqlite_immediate", False)
            info = conn.info
            info[WRITE_PENDING] = None
            info[RECHECK] = None  # a pooled connection's info outlives its last request
            info[WROTE] = None  # BEGIN itself is no write: noted False once it is sent
            dbapi_conn = conn.connection.dbapi_connection
            if dbapi_conn is not None and dbapi_conn.in_transaction:
                # SQLite keeps the transaction open when a COMMIT fails (a deferred constraint, a
                # full disk) and SQLAlchemy does not roll it back on return to the pool: end it
                # here, or every later request on this connection fails.
                dbapi_conn.rollback()
            if not immediate:
                writer_queue.release(conn)  # a connection kept after its write (writer_queue.install)
                # On the cursor: through exec_driver_sql, BEGIN was ~2% of an API create (on_cursor.py).
                on_cursor.send_text(conn, "BEGIN")
                info[WROTE] = False
                if options.get(LOCK_AT_FIRST_WRITE, False):
                    info[WRITE_PENDING] = take_write_lock
                return
            begin_immediate(conn, partial(on_cursor.send_text, conn))
            info[WROTE] = False

        def begin_immediate(conn: sa.Connection, send: Callable[[str], Any]) -> None:
            # Queue on the writers' lock file (writer_queue), then take SQLite's write lock.
            if wait_turn is not None:
                wait_turn(conn)
            try:
                send("BEGIN IMMEDIATE")
            except BaseException:
                writer_queue.release(conn)
                raise

        def take_write_lock(conn: sa.Connection) -> None:
            # The transaction read in a snapshot so far, beside other writers; it wrote nothing. It
            # ends that snapshot and takes the write lock: what it reads from here on is current,
            # as each statement of a PostgreSQL READ COMMITTED transaction is.
            conn.info[WRITE_PENDING] = None
            dbapi_conn = conn.connection.dbapi_connection
            assert dbapi_conn is not None  # the connection is in a transaction
            dbapi_conn.execute("COMMIT")
            begin_immediate(conn, dbapi_conn.execute)
            held = conn.info.get(RECHECK)
            if held is not None:
                # The login was read before the lock: read again under it (hold_login).
                conn.info[RECHECK] = None
                held.check(dbapi_conn)

        @event.listens_for(engine, "before_cursor_execute")
        def _lock_at_first_write(conn: sa.Connection, _cursor: Any, statement: str, _parameters: Any,
                                 context: Any, _executemany: bool) -> None:
            info = conn.info  # a property through the pool's record: read once a statement
            if info.get(WROTE) is False and not _reads_only(statement, context):
                info[WROTE] = True
                if info.get(WRITE_PENDING) is not None:
                    take_write_lock(conn)

        return engine
    # No pool_pre_ping (a SELECT 1 round trip at every checkout): a connection the server dropped is
    # found by the first statement sent on it, and that one is sent again (retry_first_read).
    engine = sa.create_engine(url, echo=echo, json_serializer=json_text)

    @event.listens_for(engine, "connect")
    def _no_jit(dbapi_conn: Any, _record: Any) -> None:
        # Our statements are short; the planner's cost of a recursive area walk is overestimated,
        # which switches JIT compilation on and costs more than the query itself.
        with dbapi_conn.cursor() as cur:
            cur.execute("SET jit = off")
        dbapi_conn.commit()

    # What nothing_written_yet reads on PostgreSQL: whether the transaction has sent anything but reads.
    @event.listens_for(engine, "begin")
    def _fresh(conn: sa.Connection) -> None:
        conn.info[WROTE] = False
        conn.info[RECHECK] = None  # a pooled connection's info outlives its last request

    @event.listens_for(engine, "before_cursor_execute")
    def _note_write(conn: sa.Connection, _cursor: Any, statement: str, _parameters: Any, context: Any,
                    _executemany: bool) -> None:
        if not conn.info.get(WROTE, True) and not _reads_only(statement, context):
            conn.info[WROTE] = True
            held = conn.info.get(RECHECK)
            if held is not None:
                # The login was read at the transaction's start: read again before its first write (hold_login).
                conn.info[RECHECK] = None
                held.check(conn.connection.dbapi_connection)

    return engine


# Execution option of a write session that takes SQLite's write lock at its first write, not its
# first statement (Database.late_write_session); WRITE_PENDING holds, while such a transaction has
# only read, what takes the lock.
LOCK_AT_FIRST_WRITE = "sqlite_lock_at_first_write"
WRITE_PENDING = "incidents.write_pending"
# Whether the connection's transaction has sent a statement that is not a read (a SAVEPOINT counts).
WROTE = "incidents.wrote"
# The login a transaction still has to read again before it writes (hold_login): its Held, or None.
RECHECK = "incidents.recheck"
# In every session's info: the Database's shelf of events and area walks (incidents/generation.py).
SHELF = "incidents.shelf"
_READS = ("SELECT", "PRAGMA")
_UPDATE = re.compile(r"\bUPDATE\s")
# Namespace of one_at_a_time's PostgreSQL advisory locks (the two-key form: apart from the login's).
ONE_AT_A_TIME_CLASS = 0x4F4E45


def _reads_only(statement: str, context: Any) -> bool:
    """Whether a statement only reads: a SELECT (or a CTE that writes nothing); anything else counts as a write."""
    if context is not None and (context.isinsert or context.isupdate or context.isdelete):
        return False
    head = statement.lstrip()[:6].upper()
    if head.startswith("WITH"):
        # A CTE may write (reports/speedups.py's ONE_TRIP: WITH r AS (INSERT ...) SELECT ...). Substrings
        # first: a regex over a walk's 700 characters was ~15 µs, on every create.
        upper = statement.upper()
        if "INSERT INTO" in upper or "DELETE FROM" in upper:
            return False
        return "UPDATE" not in upper or _UPDATE.search(upper) is None
    return head.startswith(_READS)


def _lower(value: Any) -> Any:
    """lower() for SQLite: every capital folded, as PostgreSQL's does."""
    return value.lower() if isinstance(value, str) else value


class Database:
    """Engine plus two session factories: read (deferred) and write (BEGIN IMMEDIATE)."""

    def __init__(self, url: str, echo: bool = False) -> None:
        self.url = url
        self.engine = make_engine(url, echo=echo)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        write_engine = self.engine.execution_options(sqlite_immediate=True)
        # One shelf per Database (GENERATION_SHELF), handed to each of its sessions: another database
        # in the same process (a restore's, a test's) never reads this one's.
        info: dict[str, Any] = {SHELF: {}}
        self.read_session = sessionmaker(self.engine, expire_on_commit=False, info=info)
        self.write_session = sessionmaker(write_engine, expire_on_commit=False, info=info)
        # For the writes many make at once (a report): SQLite's lock is taken at the first write.
        self.late_write_session = sessionmaker(self.engine.execution_options(**{LOCK_AT_FIRST_WRITE: True}),
                                               expire_on_commit=False, info=info)
        # A write that reads one snapshot throughout (a brief's compile): REPEATABLE READ on PostgreSQL; on
        # SQLite a write transaction holds the one write lock from its BEGIN, a snapshot already.
        self.snapshot_session = sessionmaker(
            write_engine if self.is_sqlite else self.engine.execution_options(isolation_level="REPEATABLE READ"),
            expire_on_commit=False, info=info)
        # A snapshot that writes nothing (a backup): REPEATABLE READ, READ ONLY on PostgreSQL; on SQLite (WAL) a
        # deferred read transaction is one already, and blocks no writer.
        self.snapshot_read_session = sessionmaker(
            self.engine if self.is_sqlite
            else self.engine.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True),
            expire_on_commit=False, info=info)
        if not self.is_sqlite:
            # Every transaction is begun by its first statement, in a session of these (no session.begin(), no
            # engine.begin(): tests/faults/test_database_errors.py looks), so this covers every one.
            for factory in (self.read_session, self.write_session, self.late_write_session, self.snapshot_session,
                            self.snapshot_read_session):
                event.listen(factory, "do_orm_execute", retry_first_read)
        for factory in (self.read_session, self.write_session, self.late_write_session, self.snapshot_session,
                        self.snapshot_read_session):
            event.listen(factory, "after_begin", _keep_connection)
            event.listen(factory, "after_transaction_end", _forget_connection)
        for factory in (self.write_session, self.late_write_session):
            event.listen(factory, "after_begin", hold_at_begin)
            event.listen(factory, "after_commit", _hold_no_more)

    @contextmanager
    def transaction(self, snapshot: bool = False) -> Iterator[Session]:
        """A write session in one transaction (`snapshot`: one snapshot read throughout): committed, or rolled back."""
        # Begun by its first statement (no session.begin()), so that retry_first_read may send that one again.
        with (self.snapshot_session if snapshot else self.write_session)() as session:
            yield session
            session.commit()

    def check(self) -> None:
        """Connect once; raise a ConfigError naming the database when it is unreachable."""
        from incidents.config import ConfigError

        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
        except sa.exc.OperationalError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            url = sa.engine.make_url(self.url)
            shown = url.render_as_string(hide_password=True)
            if url.get_backend_name() == "postgresql" and f'database "{url.database}" does not exist' in reason:
                # A fresh server has none: the one named is the operator's to create (README, PostgreSQL).
                reason += (f"; create it first: createdb -h {url.host or 'localhost'} -p {url.port or 5432}"
                           f" -U {url.username or 'postgres'} {url.database}")
            raise ConfigError(f"database {shown} is unreachable: {reason}") from exc


def retry_first_read(state: ORMExecuteState) -> Any:
    """A fresh session's first read, met by a connection the database dropped, sent once more on a new connection.

    SQLAlchemy's optimistic disconnect handling: no ping at checkout; the statement that meets a dead pooled
    connection (PostgreSQL restarted, an idle connection cut) invalidates it and every connection pooled with
    it. The first read of a session with no transaction and nothing loaded or pending is the start of all its
    work, so it is the whole operation retried, as SQLAlchemy's FAQ advises: a request pays no 503 for a
    restart it did not see. A connection lost later, after something was sent, still fails (the 503)."""
    if not state.is_select:
        return None  # executed as usual
    return first_read(state.session, state.invoke_statement)


def first_read(session: Session, read: Callable[[], T]) -> T:
    """`read()`; a fresh session's first read (no transaction, nothing loaded) once more after a lost connection.

    retry_first_read's rule, for a read sent past the ORM's execute (the token's login, on_cursor.py).
    """
    if session.in_transaction() or session.identity_map or session.new or session.dirty or session.deleted:
        return read()  # not the first statement of a fresh session: sent as usual
    try:
        return read()
    except sa.exc.DBAPIError as exc:
        if not exc.connection_invalidated:
            raise
        session.rollback()  # nothing was sent before: this ends nothing but the dead connection's transaction
        return read()


# Where a login's session notes the generation it read (incidents/generation.py, NOTED).
GENERATION_NOTED = "incidents.cache_generation"
# Set in a SQLite write session whose login, read in a transaction of its own, noted the generation (load_identity):
# read again under the write lock (hold_at_begin).
GENERATION_CARRIED = "incidents.cache_generation_carried"
_GENERATION_NOW = "SELECT n FROM cache_generation LIMIT 1"
# Where load_identity leaves the user it loaded for a SQLite write, in the request's write session.
LOGIN_IDENTITY = "incidents.login_identity"
# Where hold_login leaves the login's Held, in the request's write session (read again at each write transaction).
LOGIN_HELD = "incidents.login_held"


class LoginChanged(Exception):
    """The login's role, scope, active flag or credential changed after the request read it: nothing is written."""


@dataclass(frozen=True)
class Held:
    """What a login read of its user (`expected`), and the one SELECT that reads it again (`sql`, "?" placeholders).

    The SELECT returns no row when the credential (the sign-in, the token) no longer holds.
    """

    sql: str
    params: tuple[Any, ...]
    expected: tuple[Any, ...]

    def check(self, dbapi_conn: Any) -> None:
        """Raise LoginChanged unless the login reads the same now (sent on the driver's connection, no ORM)."""
        sqlite = type(dbapi_conn).__module__.startswith("sqlite3")
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute(self.sql if sqlite else self.postgresql_sql, self.params)
            row = cursor.fetchone()
        finally:
            cursor.close()
        self.judge(row)

    @property
    def postgresql_sql(self) -> str:
        """The SELECT in psycopg's placeholders."""
        return self.sql.replace("?", "%s")

    def judge(self, row: Any) -> None:
        """Raise LoginChanged unless `row` (the SELECT's, or None) is what the login read."""
        if row is None or tuple(row) != self.expected:
            raise LoginChanged


def hold_at_begin(session: Session, _transaction: Any, connection: sa.Connection) -> None:
    """A write transaction begins: its login is read again now if it holds SQLite's lock, else at its first write."""
    if session.info.pop(GENERATION_CARRIED, None) is not None:
        # The login's generation was read before the lock this BEGIN IMMEDIATE holds (request_db.load_identity):
        # the shelf's events and areas are used at the number read now, when no other writer can move it. Used
        # at the login's, an area moved out of a reporter's scope while the request queued was judged where it
        # lay before (tests/api/test_area_moved_before_the_write.py).
        dbapi_conn = connection.connection.dbapi_connection
        assert dbapi_conn is not None  # the transaction has just begun on it
        row = dbapi_conn.execute(_GENERATION_NOW).fetchone()  # SQLite's only (load_identity): sqlite3's shortcut
        if row is not None:
            session.info[GENERATION_NOTED] = row[0]
    held = session.info.get(LOGIN_HELD)
    if held is None:
        return
    if connection.dialect.name == "sqlite" and connection.info.get(WRITE_PENDING) is None:
        held.check(connection.connection.dbapi_connection)  # BEGIN IMMEDIATE: the lock is held already
    else:
        connection.info[RECHECK] = held


def _hold_no_more(session: Session) -> None:
    """A commit ends the hold: the request's own write may have changed its login (a password, a logout)."""
    session.info.pop(LOGIN_HELD, None)


def add_or_recheck(session: Session, row: Base, check: Callable[[], object]) -> None:
    """Add and flush a row in a savepoint; refused by a unique index (another request committed a twin after the
    check read), the check runs again to raise its own message, and were it to pass the refusal stands."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except sa.exc.IntegrityError:
        check()
        raise


def logged_in(session: Session, model: type[B], ident: int) -> B | None:
    """The row `ident` of `model`: the login's own object if that is the one (load_identity), else session.get."""
    found = session.info.get(LOGIN_IDENTITY)
    if isinstance(found, model) and sa.inspect(found).identity == (ident,):
        return found
    return session.get(model, ident)


def locks_at_first_write(view: V) -> V:
    """Mark a view whose write session takes SQLite's write lock at its first write (not its first read).

    For the writes field workers make at once: the view's reads (scope, validation, the idempotency
    lookup) run beside other writers instead of queueing behind them. Only for views whose writes
    are checked by the database itself (keys, versions) or re-read under the lock, as on PostgreSQL.
    """
    setattr(view, LOCK_AT_FIRST_WRITE, True)
    return view


# CONNECTION_ONCE: where a session of a Database keeps the connection its transaction began on, for `connection_of`.
_CONNECTION = "incidents.connection"


def connection_of(session: Session) -> sa.Connection:
    """session.connection(): the one its transaction began on (kept then), or its transaction begun now.

    Why kept: session.connection() walks the session's transaction states at each call (~7 µs), and an API create
    asked for it 12 times (docs/performance.md, "7 December, evening").
    """
    found = session.info.get(_CONNECTION)
    return session.connection() if found is None else found


def _keep_connection(session: Session, _transaction: Any, connection: sa.Connection) -> None:
    session.info[_CONNECTION] = connection


def _forget_connection(session: Session, transaction: Any) -> None:
    if transaction.parent is None:  # the session's own transaction ended (a savepoint's shares its connection)
        session.info.pop(_CONNECTION, None)


def nothing_written_yet(session: Session) -> bool:
    """Whether this transaction has only read so far (on SQLite: begun by locks_at_first_write), nothing pending.

    Then a failed write can be undone by rolling the whole transaction back, with no SAVEPOINT.
    """
    if has_written(session):
        return False
    sent = connection_of(session)
    # SQLite: only a transaction begun by locks_at_first_write has not taken the write lock at its BEGIN.
    return sent.dialect.name == "postgresql" or sent.info.get(WRITE_PENDING) is not None


def has_written(session: Session) -> bool:
    """Whether this transaction has sent a write (or holds changes not flushed): then it reads its own rows."""
    if session.new or session.deleted or session.dirty:
        return True
    return connection_of(session).info.get(WROTE, True) is not False


def one_at_a_time(session: Session, name: str) -> None:
    """Until this transaction ends, writers naming `name` take turns: checked, then written, by one at a time.

    PostgreSQL: an advisory lock on the name. SQLite: the write lock itself, taken now if the
    transaction has only read so far (locks_at_first_write); other SQLite writers already wait for it.
    """
    sent = connection_of(session)
    if sent.dialect.name == "postgresql":
        key = zlib.crc32(name.encode()) - 2**31
        session.execute(sa.select(sa.func.pg_advisory_xact_lock(ONE_AT_A_TIME_CLASS, key)))
        return
    take = sent.info.get(WRITE_PENDING)
    if take is not None:
        take(sent)
