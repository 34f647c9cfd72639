"""Every row of a report file through THE rules (reports/validation.py) and the scope (auth/policy.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.audit.models import IdempotencyKey
from incidents.auth.models import User
from incidents.auth.permissions import BACKDATE, allows
from incidents.auth.policy import parents_in_scope, visible_area_ids
from incidents.errors import Message, ValidationError
from incidents.events.models import Event
from incidents.imports.cells import FileProblem
from incidents.imports.reading import DOWNLOADED_LIST, Table
from incidents.imports.rows import Row, error_column, identifier, row_parser
from incidents.imports.speedups import Lookups
from incidents.imports.templates import REPORTED_AT, SERIAL, Column
from incidents.reports.messages import OUTSIDE_SCOPE, time_hint
from incidents.reports.models import Report, ReportKind
from incidents.reports.parents import PARENTS
from incidents.reports.validation import EventFrame, reported_at_problem, validate_report

_l = Message
Progress = Callable[[int, int], None]
# How often the progress callback hears from a long file.
STEP = 2000


@dataclass(frozen=True)
class Problem:
    """One error: the file's line, the column (canonical name) and what is wrong."""

    line: int
    column: str
    message: Any


@dataclass
class Checked:
    """A checked file: the new rows (data = clean values), the errors, and the rows already imported."""

    kind: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: int = 0
    updated: int = 0
    total: int = 0
    # (line, the earlier line it repeats) of each new row the same as an earlier row of the file: imported as a
    # report of its own (two patrols logged alike are two facts), and said, as a line pasted twice looks the same.
    repeated: list[tuple[int, int]] = field(default_factory=list)
    # Each new outage row at a place with an outage not restored yet: said, as the form asks before saving one.
    open_at: list[OpenAt] = field(default_factory=list)


@dataclass(frozen=True)
class OpenAt:
    """A new outage row at a place whose outage is still open: a stored one (its number and start) or the file's
    own outage on an earlier line (`earlier`)."""

    line: int
    report_id: int | None = None
    started_at: datetime | None = None
    started_precision: str | None = None
    earlier: int | None = None


class OpenOutages:
    """Which places of a file's outage rows have an outage open: stored (doubts.open_outage_at's rule, read once
    per file), or on an earlier row of the file (every imported outage starts open)."""

    def __init__(self, session: Session, event_id: int) -> None:
        from incidents.reports.doubts import open_outages_by_place

        self.stored = open_outages_by_place(session, event_id)
        self.in_file: dict[int, int] = {}

    def at(self, line: int, area_id: Any) -> OpenAt | None:
        """What is open at the row's place, if anything; the row's own outage is open there from now on."""
        if not isinstance(area_id, int):
            return None
        earlier = self.in_file.setdefault(area_id, line)
        if (out := self.stored.get(area_id)) is not None:
            return OpenAt(line, out.id, out.started_at, out.started_precision.value)
        return OpenAt(line, earlier=earlier) if earlier != line else None


# A file whose rows are all wrong (another template, a column of junk) is refused as surely after its first
# errors as after every one: checking 1,000,000 such rows (a 4 MB file) held a worker for minutes, past
# gunicorn's 60 s, and gigabytes. The check stops there, saying so on the line it stopped at (fewer than the
# 1,000 errors the page lists, so the note is shown).
MAX_PROBLEMS = 500
STOPPED = _l("checking stopped at this line, after %(n)s errors: correct them and upload the file again")


def enough(checked: Checked, line: int) -> bool:
    """Whether the check stops here (MAX_PROBLEMS found), the note saying so added on `line`."""
    if len(checked.problems) < MAX_PROBLEMS:
        return False
    checked.problems.append(Problem(line, "", Message(STOPPED.msgid, n=MAX_PROBLEMS)))
    return True


def may_backdate(user: User) -> bool:
    """Whether a user may state when the office learned a fact (an import's reported_at column), as over the API."""
    return allows(user.role, BACKDATE)


def keys_of(event_id: int) -> str:
    """What every row key of an event's imports begins with."""
    return f"import:{event_id}:"


def row_key(prefix: str, digest: str, occurrence: int) -> str:
    """The idempotency key of the n-th row with this content in an event's imports (the re-import guard)."""
    return f"{prefix}{digest}:{occurrence}"


def imported_keys(session: Session, event_id: int) -> set[str]:
    """Every row key an import already stored for the event."""
    return set(session.scalars(sa.select(IdempotencyKey.key).where(
        IdempotencyKey.key.like(f"{keys_of(event_id)}%"))))


def read_rows(table: Table, columns: list[Column], user: User) -> list[Row]:
    """The table's rows by column; FileProblem for a reported_at column its user may not fill."""
    known = {c.name for c in columns} | {SERIAL.name}
    spelled = table.spelling()  # a column named as the file heads it: the user looks for that in the file
    for name in table.columns:
        if name == "id" and name not in known:  # the id column of a list downloaded from the log
            raise FileProblem(DOWNLOADED_LIST, column=name)
        if name and name not in known:
            raise FileProblem(_l("unknown column %(name)s", name=spelled.get(name, name)), column=name)
    if REPORTED_AT in table.columns and not may_backdate(user):
        # The template carries the column for everyone: left empty it says nothing, filled it backdates.
        at = table.columns.index(REPORTED_AT)
        if any(at < len(cells) and str(cells[at] or "").strip() for _line, cells in table.rows):
            raise FileProblem(_l("only coordinators may state when the office learned a report: "
                                 "remove the column %(name)s", name=spelled.get(REPORTED_AT, REPORTED_AT)),
                              column=REPORTED_AT)
    rows = []
    width = len(table.columns)
    unnamed = [i for i, name in enumerate(table.columns) if not name]
    names = table.columns
    for line, cells in table.rows:
        values = dict(zip(names, cells, strict=False))
        row = Row(line, values)
        if not unnamed and len(cells) <= width:  # nearly every row: no cell outside the named columns
            rows.append(row)
            continue
        values.pop("", None)
        stray = [i for i in (*unnamed, *range(width, len(cells))) if i < len(cells) and _filled(cells[i])]
        if stray:  # named by its letter: the column may be hidden, and it has no heading to name it by
            from openpyxl.utils import get_column_letter

            row.errors[get_column_letter(stray[0] + 1)] = _l("a value under no column heading")
        rows.append(row)
    return rows


def _filled(cell: Any) -> bool:
    """Whether a cell holds anything (spaces are nothing)."""
    return cell is not None and (not isinstance(cell, str) or bool(cell.strip()))


# A column whose cell could not be read → the field the rules would have judged (tonnes are stored as kilograms).
UNPARSED = {"mass_t": "mass_kg"}


def check_reports(session: Session, event: Event, kind: ReportKind, table: Table, columns: list[Column],
                  user: User, lookups: Lookups, now: datetime, progress: Progress | None = None,
                  validate: bool = True) -> Checked:
    """Parse, scope-check and validate every row; rows already imported are counted, not checked again.

    `validate=False` stops short of validate_report (outage updates: their rules read the updates
    before them, so each is validated as it is stored, in file order, by reports.services).
    """
    checked = Checked(str(kind), columns, total=len(table.rows))
    rows = read_rows(table, columns, user)
    done = imported_keys(session, event.id)
    scope = visible_area_ids(session, user)
    allowed = set(session.scalars(scope)) if scope is not None else None
    parent_field, parent_ok = _parents(session, event, kind, user, lookups)
    seen: dict[str, int] = {}
    first_line: dict[str, int] = {}  # each digest's first line in the file, named beside a row repeating it
    event_id = event.id  # an ORM attribute read per row costs more than a local (per file, not per row)
    parse = row_parser(columns, event.tz, lookups.places, lookups.times, lookups.quantities,
                       time_hint(event.tz, event.starts_at, ends_at=event.ends_at))
    named = sorted({name for name in table.columns if name and name != SERIAL.name})
    digest_of = identifier(str(kind), event_id, named, columns)  # ROW_DIGEST: identity(), the file's part once
    seen_typed: dict[str, int] = {}  # the identities as typed, counted as the imports that stored them counted them
    seen_figures_typed: dict[str, int] = {}  # and those with figures as typed (imports of 7 December), so counted
    frame = EventFrame.of(event)  # EVENT_ONCE: the zone, place and bounds, the same for every row (docs/imports.md)
    prefix = keys_of(event_id)
    outages = OpenOutages(session, event_id) if kind is ReportKind.OUTAGE else None
    # An XLSX cell refused as read (a formula, an error: reading.Table.refused) is its row's error on that column, and
    # the file's other rows and cells are checked all the same: one upload names every cell to correct.
    refused: dict[int, dict[str, Any]] = {}
    for line, column, message in table.refused:
        refused.setdefault(line, {}).setdefault(column, message)
    for index, row in enumerate(rows, start=1):
        if progress is not None and index % STEP == 0:
            progress(index, len(rows))
        digest, typed, figures_typed = digest_of(row.cells)
        seen[digest] = occurrence = seen.get(digest, 0) + 1
        first = first_line.setdefault(digest, row.line)
        key = row_key(prefix, digest, occurrence)
        typed = typed or digest
        seen_typed[typed] = typed_occurrence = seen_typed.get(typed, 0) + 1
        cells_refused = refused.get(row.line)
        # A refused cell reads as empty: a row with one is not that row.
        stored = key in done or row_key(prefix, typed, typed_occurrence) in done
        if figures_typed is not None:
            seen_figures_typed[figures_typed] = earlier = seen_figures_typed.get(figures_typed, 0) + 1
            stored = stored or row_key(prefix, figures_typed, earlier) in done
        if stored and not cells_refused:
            checked.skipped += 1
            continue
        parse(row)
        if cells_refused:
            row.errors = {**row.errors, **cells_refused}
        if first != row.line:
            checked.repeated.append((row.line, first))
        row.data["event_id"] = event_id
        if row.reported_at is not None and (
                problem := reported_at_problem(row.reported_at, row.reported_precision, now)):
            row.errors[REPORTED_AT] = problem
        area_id = row.data.get("area_id")
        if allowed is not None and area_id is not None and area_id not in allowed:
            row.errors["area"] = OUTSIDE_SCOPE
        parent = row.data.get(parent_field) if parent_field else None
        if parent_field and isinstance(parent, int) and parent in parent_ok and not parent_ok[parent]:
            row.errors[parent_field] = OUTSIDE_SCOPE
        if validate:
            # A cell the file gets wrong does not hide the row's other problems: the rules check the rest (one
            # needing that cell is not judged: `unparsed`), so one upload names every cell to correct (each
            # cell's own message stays). A place is judged as it reads (its id, or none: "required").
            unparsed = [UNPARSED.get(k, k) for k in row.errors if k != "area"] if row.errors else ()
            try:
                data = validate_report(session, kind, row.data, now=now, reported_at=row.reported_at or now,
                                       frame=frame, unparsed=unparsed)
                if not row.errors:
                    row.data = data
            except ValidationError as exc:
                for k, v in exc.errors.items():
                    row.errors.setdefault(error_column(k, columns), v)
        if row.errors:
            checked.problems += [Problem(row.line, k, v) for k, v in row.errors.items()]
            if enough(checked, row.line):
                break
            continue
        checked.rows.append(row)
        checked.keys.append(key)
        if outages is not None and (open_at := outages.at(row.line, row.data.get("area_id"))) is not None:
            checked.open_at.append(open_at)
    if progress is not None:
        progress(len(rows), len(rows))
    return checked


def _parents(session: Session, event: Event, kind: ReportKind, user: User,
             lookups: Lookups) -> tuple[str | None, dict[int, bool]]:
    """The field naming a parent (outage_id, operation_id) and, per parent of the event, whether it is in scope.

    The parents are loaded here and kept referenced, so the rules' session.get finds them in memory.
    """
    if kind not in PARENTS:
        return None, {}
    field_name, parent_kind = PARENTS[kind]
    parents = list(session.scalars(sa.select(Report).where(Report.event_id == event.id,
                                                           Report.kind == parent_kind)))
    writable = {p.id for p in parents_in_scope(session, user, parents)}
    lookups.parents.extend(parents)
    return field_name, {p.id: p.id in writable for p in parents}
