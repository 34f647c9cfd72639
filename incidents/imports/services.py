"""Imports: check a CSV or XLSX file of reports or areas, show what it would do, store it all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents import arrival
from incidents.auth.models import User
from incidents.auth.permissions import MANAGE, REPORT, allows
from incidents.collector import collector_paused
from incidents.db import now_utc
from incidents.errors import Message, ValidationError
from incidents.events.models import Event
from incidents.imports.cells import FileProblem
from incidents.imports.checks import Checked, OpenAt, Problem, check_reports, enough
from incidents.imports.loading import bulk_load, store_keys
from incidents.imports.reading import DOWNLOADED_LIST, Table, read_header, read_table
from incidents.imports.rows import cell_text
from incidents.imports.speedups import file_lookups
from incidents.imports.templates import AREAS, Column, accepted_columns, columns_for, header_map
from incidents.reports import restoration
from incidents.reports.models import Category, ReportKind
from incidents.reports.validation import REQUIRED

_l = Message
# The phase ("check", "save") and how far it got: for the page's bar and the CLI's line.
Progress = Callable[[str, int, int], None]
KINDS = [str(k) for k in ReportKind] + [AREAS]
SAMPLE_ROWS = 20
# What the preview shows of a row: its first columns (more than any kind has, disinfection with a column
# per category included), each cell cut to a line. A 488 KB CSV of 500,000 empty columns made a 4.4 MB
# page, and a cell may be 128 KB (cells.CELL_CHARS); the errors show no more of a value than this.
SAMPLE_COLUMNS = 60
SHOWN_CHARS = 200
# Checked as they are stored, in file order (outage updates read the updates above them; a zero
# report refuses a second for its subdistrict and day, a row above included).
IN_ORDER = (ReportKind.OUTAGE_UPDATE, ReportKind.ZERO_REPORT)
# The kinds whose check stores each row (areas too: a row's parent may come on an earlier row), so
# a preview of them writes, in the savepoint it rolls back.
STORED_TO_CHECK = frozenset({AREAS, *(str(k) for k in IN_ORDER)})
# Refusals that are not the file's: the command names its option instead (cli.import_file, NOT_THE_FILE).
DEACTIVATED = _l("the account is deactivated: it may import nothing")
ROLE_MAY_NOT = _l("your role may not import this kind of file")
NO_EVENT = _l("choose the event the reports belong to")


@dataclass
class Outcome:
    """What a file does (or did): counts, the errors by line and column, the first rows as read."""

    kind: str
    columns: list[Column] = field(default_factory=list)
    total: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    totals: list[int] = field(default_factory=list)  # lines of totals rows (合计), read past
    repeated: list[tuple[int, int]] = field(default_factory=list)  # (line, the earlier line it repeats): Checked's
    open_at: list[OpenAt] = field(default_factory=list)  # new outage rows where one is open already: Checked's
    problems: list[Problem] = field(default_factory=list)
    sample: list[tuple[int, list[str]]] = field(default_factory=list)
    stored: bool = False
    spelling: dict[str, str] = field(default_factory=dict)  # the file's own header of each column (Table.spelling)
    headings: list[str] = field(default_factory=list)  # the sample's: the file's header row, in the file's order
    # The problems are the file's as a whole (cells.FileProblem: not text, empty, its header), no row's: said as
    # the file's, above the preview, not at "line 1" among rows to correct.
    whole_file: bool = False


def categories(session: Session) -> list[Category]:
    """The category list in its order: a disinfection file's count columns."""
    return list(session.scalars(sa.select(Category).order_by(Category.sort, Category.code)))


def all_headers(cats: list[Category]) -> dict[str, str]:
    """Every header any kind accepts, Chinese or English: a file is read before its kind is known."""
    found: dict[str, str] = {}
    for kind in KINDS:
        found.update(header_map(accepted_columns(kind, cats)))
    return found


def detect_kind(columns: list[str], cats: list[Category]) -> str:
    """The kind whose columns a file's header fits; FileProblem when none or several fit."""
    named = {c for c in columns if c}
    fits = [k for k in KINDS if named <= {c.name for c in accepted_columns(k, cats)}]
    if len(fits) > 1:  # several fit: the kinds whose own required fields are all there
        fits = [k for k in fits if k != AREAS and REQUIRED[ReportKind(k)] - {"mass_kg"} <= named] or fits
    if not fits and "id" in named:  # a downloaded list other than the area list's
        raise FileProblem(DOWNLOADED_LIST, column="id")
    if len(fits) != 1:
        raise FileProblem(_l("cannot tell which kind of report the file holds: choose the kind"))
    return fits[0]


# %(name_en)s is the column's English heading and %(name_zh)s its Chinese one (each catalog uses its own).
# An areas file's rows need their path (the tree by path: places.import_areas); every other column may be blank.
AREA_REQUIRED = frozenset({"path"})
NO_COLUMN = _l("the file has no column \"%(name_en)s\", which every row needs: add it (the template has it)")


def _required_columns(kind: str, columns: list[Column], table: Table) -> None:
    """FileProblem for a column every row of the kind needs that the header lacks."""
    # Each row was told "required" in that same column (10,000 rows, the first 1,000 shown): the header's fault.
    if not table.rows:  # a header alone is told it has no rows
        return
    required = AREA_REQUIRED if kind == AREAS else REQUIRED[ReportKind(kind)]
    missing = [c for c in columns if c.name in required and c.name not in table.columns]
    if missing:
        raise FileProblem(Message(NO_COLUMN.msgid, name_en=missing[0].name, name_zh=missing[0].zh),
                          column=missing[0].name)


def checks_by_storing(session: Session, filename: str, data: bytes, kind: str | None) -> bool:
    """Whether checking this file stores its rows (rolled back by a preview): the kind chosen, else the
    kind its header fits (the header alone is read). Its preview needs a transaction that may write.

    A file whose kind cannot be told answers False: run_import names the problem and stores nothing.
    """
    if kind is None:
        cats = categories(session)
        try:
            kind = detect_kind(read_header(filename, data, all_headers(cats)), cats)
        except FileProblem:
            return False
    return kind in STORED_TO_CHECK


def run_import(session: Session, *, filename: str, data: bytes, user_id: int, event_id: int | None,
               kind: str | None = None, store: bool = False, now: datetime | None = None,
               progress: Progress | None = None) -> Outcome:
    """Check a file and, with store=True and no errors, store every new row; all or nothing.

    Works in a savepoint of the caller's transaction, rolled back unless the file is stored whole,
    so the caller may commit either way. Re-importing a file adds nothing: each row's content is
    its identity within the event (see checks.row_key).
    """
    # GC_PAUSED: a file's rows are hundreds of thousands of small lists and dicts kept to the end;
    # the collector's passes rescan them for nothing (collector.py): paused from reading to storing.
    with collector_paused():
        return _run_import(session, filename, data, user_id, event_id, kind, store, now or now_utc(), progress)


def _run_import(session: Session, filename: str, data: bytes, user_id: int, event_id: int | None,
                kind: str | None, store: bool, now: datetime, progress: Progress | None) -> Outcome:
    """run_import, with the collector paused."""
    user = session.get(User, user_id)
    if user is None:
        raise ValidationError({"user": _l("unknown user")})
    cats = categories(session)
    outcome = Outcome(kind or "")
    try:
        table = read_table(filename, data, all_headers(cats))
        kind = kind or detect_kind(table.columns, cats)
        outcome.kind, outcome.total, outcome.totals = kind, len(table.rows), table.totals
        outcome.spelling = table.spelling()
        outcome.columns = columns_for(kind, cats)
        _allowed(user, kind)
        _required_columns(kind, outcome.columns, table)
        # An XLSX formula or error cell holds no value anyone typed: an areas file stops at them; a reports file's
        # rows are checked beside them, each such cell its row's error (checks.check_reports).
        if table.refused and kind == AREAS:
            outcome.problems = [Problem(line, column, message) for line, column, message in table.refused]
            return outcome
        outcome.sample = [(line, [shown(cell_text(c)) for c in cells[:SAMPLE_COLUMNS]])
                          for line, cells in table.rows[:SAMPLE_ROWS]]
        # Its cells are in the file's order, which need not be the template's: headed by the file's own row.
        outcome.headings = [shown(h) for h in table.headings[:SAMPLE_COLUMNS]]
        savepoint = session.begin_nested()
        try:
            checked = _check_and_store(session, table, kind, outcome.columns, user, event_id, store, now, progress)
        except BaseException:
            savepoint.rollback()
            raise
        keep = store and not checked.problems
        (savepoint.commit if keep else savepoint.rollback)()
    except FileProblem as exc:
        outcome.problems = [_shown_problem(Problem(line, column, message)) for line, column, message in exc.problems]
        outcome.whole_file = True
        return outcome
    outcome.problems = sorted((_shown_problem(p) for p in checked.problems), key=lambda p: p.line)
    outcome.created, outcome.updated, outcome.skipped = len(checked.rows), checked.updated, checked.skipped
    outcome.repeated, outcome.open_at = checked.repeated, checked.open_at
    outcome.stored = keep
    return outcome


def open_outages_said(open_at: list[OpenAt], tz: ZoneInfo | None) -> str:
    """The command's line for the new outage rows at places with one open (the page says it as the preview's item)."""
    from incidents.formatting import fmt_time

    places = ", ".join(f"line {o.line} (line {o.earlier}'s outage)" if o.earlier else
                       f"line {o.line} (outage #{o.report_id}, since "
                       f"{fmt_time(o.started_at, o.started_precision, tz or ZoneInfo('Asia/Shanghai'), 'en')})"
                       for o in open_at)
    return (f"an outage not restored yet is already logged at the place of {places}: if it is the same outage, "
            "delete the row and report its progress instead (outage update); if it is another one, import it as it is")


def shown(text: str) -> str:
    """A cell's text as the preview shows it: at most SHOWN_CHARS, an ellipsis saying there is more."""
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def _shown_problem(problem: Problem) -> Problem:
    """A problem whose message quotes a cell (unknown area “彰德路…”) quoting no more than SHOWN_CHARS of it."""
    message = problem.message
    if not isinstance(message, Message) or not any(isinstance(v, str) and len(v) > SHOWN_CHARS
                                                   for v in message.params.values()):
        return problem
    params = {k: shown(v) if isinstance(v, str) else v for k, v in message.params.items()}
    return Problem(problem.line, problem.column, Message(message.msgid, **params))


def _allowed(user: User, kind: str) -> None:
    """An active account; areas need MANAGE, reports REPORT (scope is checked per row)."""
    if not user.active:  # `incidents import --as` names any account: a deactivated one may do nothing
        raise FileProblem(DEACTIVATED)
    needed = MANAGE if kind == AREAS else REPORT
    if not allows(user.role, needed):
        raise FileProblem(ROLE_MAY_NOT)


def _check_and_store(session: Session, table: Table, kind: str, columns: list[Column], user: User,
                     event_id: int | None, store: bool, now: datetime, progress: Progress | None) -> Checked:
    """Check every row, then (if asked and clean) store them; areas and outage updates store as they check."""
    def phase(name: str) -> Callable[[int, int], None] | None:
        return (lambda done, total: progress(name, done, total)) if progress is not None else None

    if kind == AREAS:
        from incidents.imports.places import import_areas

        return import_areas(session, table, user.id, progress=phase("check"))
    event = session.get(Event, event_id) if event_id is not None else None
    if event is None:
        raise FileProblem(NO_EVENT, column="event")
    report_kind = ReportKind(kind)
    # Outage updates read the updates before them; a zero report refuses a second for its subdistrict
    # and day, a row above it in the same file included: each is checked as it is stored.
    in_order = report_kind in IN_ORDER
    with file_lookups(session, event) as lookups:
        checked = check_reports(session, event, report_kind, table, columns, user, lookups, now,
                                progress=phase("check"), validate=not in_order)
        if (in_order or store) and not checked.problems:
            # The file's rows are stamped again, under the event's arrival lock, as they are about to be written:
            # a brief cut off while the file was checked would miss them (arrival.py).
            now = arrival.stamp(session, event.id)
        if in_order and not checked.problems:
            _store_in_order(session, report_kind, checked, user.id, now, phase("save"))
        elif store and not checked.problems:
            bulk_load(session, report_kind, checked.rows, checked.keys, user.id, now, progress=phase("save"))
    return checked


def _store_in_order(session: Session, kind: ReportKind, checked: Checked, user_id: int, now: datetime,
                    progress: Callable[[int, int], None] | None) -> None:
    """Outage updates and zero reports one by one in file order through reports.services.create_report.

    Their rules read the updates before them (restored never exceeds affected as of then), and each
    keeps its outage's restoration time: so each is validated as it is stored. Used for the preview
    too, inside the savepoint the preview rolls back: the preview's transaction must be one that may
    write (checks_by_storing; on SQLite a write session, BEGIN IMMEDIATE).
    """
    from incidents.imports.rows import error_column
    from incidents.reports.services import create_report

    ids: list[int] = []
    line_of: dict[int, int] = {}  # report id → the file's line that stored it (in this savepoint only)
    grows = _StatisticsFollow(session, kind)
    with restoration.once_at_the_end(session, user_id):
        for index, row in enumerate(checked.rows, start=1):
            grows.stored(index)
            try:
                # No savepoint a row: create_report refuses (ValidationError) before it writes anything
                # (tests/imports/test_mirror_once.py holds it to that), and a refused file is rolled back whole.
                # On PostgreSQL a savepoint that wrote is a subtransaction; past 64 in one transaction every
                # row's visibility check consults pg_subtrans.
                report = create_report(session, kind, row.data, user_id, reported_at=row.reported_at or now,
                                       now=now)
                ids.append(report.id)
                line_of[report.id] = row.line
            except ValidationError as exc:
                checked.problems += [Problem(row.line, error_column(k, checked.columns), _by_line(v, line_of))
                                     for k, v in exc.errors.items()]
                if enough(checked, row.line):
                    break
            if progress is not None and index % 500 == 0:
                progress(index, len(checked.rows))
    if not checked.problems:
        store_keys(session, checked.keys, ids, user_id, now)
    else:
        # A preview counts as new only the rows that would be stored (the others are listed as errors).
        kept = [(row, key) for row, key in zip(checked.rows, checked.keys, strict=True) if row.line in line_of.values()]
        checked.rows, checked.keys = [row for row, _ in kept], [key for _, key in kept]


class _StatisticsFollow:
    """STATISTICS_FOLLOW: on PostgreSQL, the planner's row counts of the tables a row-by-row import grows, kept up.

    Each row's checks query the rows stored before it (an outage's updates as of then). Planned with
    statistics from before the file (a new event: a few hundred reports), PostgreSQL scans every report for
    each row once the file has doubled the table: 2,000 outage updates for 200 outages took 15 ms a row,
    10 of them in that one query (auto_explain, 3 December, night). ANALYZE inside the import's transaction
    counts its own rows; it runs each time the rows stored reach the table's last count (log-many times).
    """

    def __init__(self, session: Session, kind: ReportKind) -> None:
        from incidents.reports.services import MODELS

        self.session = session
        self.tables = ("reports", MODELS[kind].__tablename__)
        self.next = self._rows() if session.get_bind().dialect.name == "postgresql" else None

    def _rows(self) -> int:
        # reltuples is -1 for a table never analysed (PostgreSQL 14+); a floor of 100 keeps ANALYZE rare.
        counted = self.session.execute(sa.text("SELECT reltuples FROM pg_class WHERE relname = 'reports'")).scalar()
        return max(100, int(counted or 0))

    def stored(self, rows: int) -> None:
        """Called before each row with how many the file has reached; refreshes the statistics when due."""
        if self.next is None or rows < self.next:
            return
        self.session.flush()
        self.session.execute(sa.text("ANALYZE " + ", ".join(self.tables)))
        self.next = rows + self._rows()


def _by_line(message: Any, line_of: dict[int, int]) -> Any:
    """A message citing a report this file stored (a second zero report for a day: "#41") cites its line:
    that report is undone with the file, and its number would later be another report's."""
    cited = message.params.get("id") if isinstance(message, Message) else None
    if cited not in line_of:
        return message
    return _l("line %(line)s of this file already answers for this subdistrict and day", line=line_of[cited])
