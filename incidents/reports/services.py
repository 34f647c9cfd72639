"""Reports: create (once per one-time key) and edit; a reporter's sent-back counts, an event's reporters, parents.

Plain functions over a Session. A report's status (verify, send back, retract, restore) is statuses.py's,
still called as services.set_status; its one-time key once.py's; an event's lists listing.py's.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents import arrival
from incidents.audit import idempotency as keys
from incidents.audit import services as audit
from incidents.db import logged_in, now_utc
from incidents.errors import StaleEdit, ValidationError
from incidents.limits import is_id
from incidents.reports import speedups
from incidents.reports.kind_rules import observed_source
from incidents.reports.messages import KEY_LENGTH, OUTSIDE_SCOPE
from incidents.reports.models import (
    LIVE,
    ActivityEntry,
    DebrisClearance,
    Disinfection,
    DisinfectionCount,
    OutageUpdate,
    PowerOutage,
    PumpingOperation,
    PumpingVolume,
    Report,
    ReportKind,
    ReportStatus,
    ZeroReport,
)
from incidents.reports.once import MAX_KEY_LENGTH, KeyReused, fingerprint, idempotency_key
from incidents.reports.parents import PARENTS, parent_field
from incidents.reports.parsing import parse_day
from incidents.reports.restoration import held_to_start
from incidents.reports.statuses import after_outage_change

# One report's status is statuses.py's; views and many tests call it here, beside create and edit.
from incidents.reports.statuses import set_status as set_status
from incidents.reports.validation import PRECISION_FIELDS, _l, validate_report
from incidents.vague import CLOCKED, Precision, precision_field, window

MODELS: dict[ReportKind, type[Report]] = {
    ReportKind.OUTAGE: PowerOutage,
    ReportKind.OUTAGE_UPDATE: OutageUpdate,
    ReportKind.PUMPING: PumpingOperation,
    ReportKind.PUMPING_VOLUME: PumpingVolume,
    ReportKind.DISINFECTION: Disinfection,
    ReportKind.DEBRIS: DebrisClearance,
    ReportKind.ACTIVITY: ActivityEntry,
    ReportKind.ZERO_REPORT: ZeroReport,
}


def _assign(report: Report, clean: dict[str, Any], session: Session) -> None:
    counts = clean.pop("counts", None)
    for name, value in clean.items():
        setattr(report, name, value)
    if counts is not None and isinstance(report, Disinfection):
        existing = {c.category_code: c for c in report.counts}
        for code, (count, lb) in counts.items():
            row = existing.pop(code, None)
            if row is None:
                report.counts.append(DisinfectionCount(category_code=code, count=count, count_lb=lb))
            else:
                row.count, row.count_lb = count, lb
        for row in existing.values():
            report.counts.remove(row)



def own_subdistrict(session: Session, user_id: int | None) -> int | None:
    """A zero report's default place: the user's scope, unless it is the district (or none), which holds many."""
    from incidents.areas.models import Area, AreaLevel
    from incidents.auth.models import User

    user = session.get(User, user_id) if user_id is not None else None
    area = session.get(Area, user.scope_area_id) if user is not None and user.scope_area_id else None
    # A community's or a site's worker is told a zero report is a whole subdistrict's (zero_rules), not that a place
    # is required: none they may name would be taken (8 December: 地点：必填 to a community worker).
    return area.id if area is not None and area.level is not AreaLevel.DISTRICT else None


class OutOfScope(ValidationError):
    """The report's place, or the report it refers to, lies outside the writer's scope (a 403)."""


def scope_errors(session: Session, kind: ReportKind | str, data: dict[str, Any], user: Any) -> dict[str, Any]:
    """{field: message} for a place or a parent report outside the user's scope (policy decides)."""
    from incidents.areas.models import Area
    from incidents.auth.policy import can_attach_to, in_scope

    errors: dict[str, Any] = {}
    area_id = data.get("area_id")
    # An unknown area is not a scope problem (validation names it): looked up only when refused.
    if is_id(area_id) and not in_scope(session, user, area_id) and session.get(Area, area_id) is not None:
        errors["area_id"] = OUTSIDE_SCOPE
    field = parent_field(ReportKind(kind))
    if field is not None and is_id(data.get(field)):
        parent = session.get(Report, data[field])
        # A report of another event is no parent at all, wherever it lies: validation names it "unknown report".
        if (parent is not None and data.get("event_id") in (None, parent.event_id)
                and not can_attach_to(session, user, parent)):
            errors[field] = OUTSIDE_SCOPE
    return errors


def check_scope(session: Session, kind: ReportKind, data: dict[str, Any], user_id: int | None) -> None:
    """Raise OutOfScope for a place or parent outside the writer's scope (before any other check of a write)."""
    from incidents.auth.models import User

    user = logged_in(session, User, user_id) if user_id is not None else None
    if user is not None and (errors := scope_errors(session, kind, data, user)):
        raise OutOfScope(errors)


def create_report(session: Session, kind: ReportKind | str, data: dict[str, Any], reporter_id: int,
                  reported_at: datetime | None = None, now: datetime | None = None) -> Report:
    """Validate and add a report of any kind, with its audit row; the caller commits."""
    added = add_report(session, kind, data, reporter_id, reported_at, now)
    return added if isinstance(added, Report) else speedups.as_object(session, added)


def add_report(session: Session, kind: ReportKind | str, data: dict[str, Any], reporter_id: int,
               reported_at: datetime | None = None, now: datetime | None = None) -> speedups.Added | Report:
    """create_report, but for the stored values in place of an object (an outage update's is one); the caller commits.

    The API answers from the values: the report as an object of the session was ~7% of its create
    (reports/speedups.py, CORE_INSERTS).
    """
    kind = ReportKind(kind)
    if kind is ReportKind.ZERO_REPORT and data.get("area_id") in (None, ""):
        data = {**data, "area_id": own_subdistrict(session, reporter_id)}
    # Every write path passes here: a place or parent outside the writer's scope is refused first.
    check_scope(session, kind, data, reporter_id)
    stamped = reported_at is None
    reported_at = reported_at or now_utc()
    clean = validate_report(session, kind, data, now=now, reported_at=reported_at)
    if stamped:
        # Stamped again under the event's arrival lock, just before the row is written: a compile cut off
        # since the first stamp would miss the report (arrival.py). Later only: every time still fits.
        reported_at = arrival.stamp(session, data["event_id"])
    else:
        # A backdated report holds the lock too: the API's list must not page past its id before it commits.
        arrival.hold(session, data["event_id"])
    added = speedups.new_row(MODELS[kind], {**clean, "reporter_id": reporter_id, "reported_at": reported_at,
                                            "status": ReportStatus.SUBMITTED})
    if kind is not ReportKind.OUTAGE_UPDATE:
        speedups.store_created(session, reporter_id, added)
        return added
    # An update's restoration mirror goes between its rows and its audit row, and reads it as an object.
    speedups.store_row(session, added)
    report = speedups.as_object(session, added)
    after_outage_change(session, report, reporter_id)
    speedups.record_created(session, reporter_id, report)
    return report


def _keep_vague_times(clean: dict[str, Any], stored: dict[str, Any], tz: Any) -> None:
    """A vague time an edit leaves as it was keeps its stored instant.

    Placed again at the edit's moment, "afternoon" stored at 12:00 (its report came at 12:00) became
    15:00: an edit that changed nothing moved it.
    """
    for name, precision_name in PRECISION_FIELDS.items():
        new, old = clean.get(name), stored.get(name)
        if new is None or old is None or not clean.get(precision_name) or not stored.get(precision_name):
            continue
        precision = Precision(clean[precision_name])
        if precision in CLOCKED or precision != Precision(stored[precision_name]):
            continue
        if window(new, precision, tz) == window(old, precision, tz):
            clean[name] = old


def stored_values(report: Report, snapshot: dict[str, Any] | None = None) -> dict[str, Any]:
    """A report's values before an edit, as validate_report's `stored` reads them (from its audit snapshot)."""
    stored = {k: v for k, v in (snapshot or audit.snapshot(report)).items() if k != "counts"}
    # Only the snapshot's own ISO text is read back here: a sent value the parser could not read
    # stays text, for validate_report to refuse by name (read as ISO, it was a 500).
    for name in ("observed_at", "started_at", "etr_at", "ended_at", "period_start", "period_end", "restored_at"):
        if isinstance(stored.get(name), str):
            stored[name] = datetime.fromisoformat(stored[name])
    if isinstance(stored.get("period_day"), str):
        stored["period_day"] = parse_day(stored["period_day"])
    return stored


def edit_report(session: Session, report: Report, data: dict[str, Any], user_id: int,
                expected_version: int | None = None, resubmit: bool = False) -> Report:
    """Change a report's fields; a stale version raises StaleEdit, never a silent overwrite."""
    if expected_version is not None and expected_version != report.version:
        raise StaleEdit(report)
    before = audit.snapshot(report)
    stored = stored_values(report, before)
    merged = {**stored, **data}
    source = observed_source(report.kind, stored)
    if source and "observed_at" not in data and (stored.get("observed_at"), stored.get("observed_precision")) == (
            stored[source], stored.get(precision_field(source))):
        # Derived, it follows its start or period corrected: kept, an outage begun 23:30 and corrected to 00:30
        # was still counted among the reports of the day before. One given apart stays as given.
        del merged["observed_at"], merged["observed_precision"]
    if isinstance(report, Disinfection) and "counts" not in data:
        merged["counts"] = {c.category_code: (c.count, c.count_lb) for c in report.counts}
    check_scope(session, report.kind, merged, user_id)
    clean = validate_report(session, report.kind, merged, reported_at=report.reported_at, editing=True,
                            stored=stored)
    _keep_vague_times(clean, stored, report.event.tz)
    if clean.get("area_id", report.area_id) != report.area_id:
        _check_move(session, report, clean["area_id"], user_id)
    _assign(report, clean, session)
    if isinstance(report, PowerOutage):
        held_to_start(report)  # a start moved into its restoration's minute: written after it, then the rule's
    if audit.snapshot(report) == before:
        # Nothing changed: no new version (another editor's would be refused for nothing), no
        # empty history row, and a report sent back stays sent back (correct_report).
        return report
    if resubmit:
        # Corrected, a report goes back for review, in the same new version as its correction.
        report.status, report.status_reason = ReportStatus.SUBMITTED, None
        report.verified_by_id, report.verified_at = None, None
    # Touch the base row so the version moves even when only a kind's own table changed
    # (a disinfection's counts): concurrent edits of any part are caught.
    report.updated_at = now_utc()
    try:
        session.flush()
    except sa.orm.exc.StaleDataError as exc:
        session.rollback()
        current = session.get(Report, report.id)
        # Reports are never deleted (no code path removes one), so the row whose version moved is there.
        assert current is not None
        raise StaleEdit(current) from exc
    after_outage_change(session, report, user_id, former_outage_id=before.get("outage_id"))
    audit.record(session, user_id, "update", report, before=before)
    if report.area_id != before["area_id"]:
        _carry_children(session, report, user_id)
    return report


def _children_elsewhere(session: Session, parent: Report, area_id: int) -> list[Report]:
    """A parent's updates or volumes not at `area_id`: those a move of the parent there carries along."""
    found: list[Report] = []
    for child_kind, (field, parent_kind) in PARENTS.items():
        if parent.kind is parent_kind:
            model = MODELS[child_kind]
            found += session.scalars(sa.select(model).where(getattr(model, field) == parent.id,
                                                            model.area_id != area_id))
    return found


def _check_move(session: Session, parent: Report, area_id: int, user_id: int | None) -> None:
    """Raise OutOfScope when the mover may not write a child the move carries (auth.policy.move_refusal)."""
    from incidents.auth.models import User
    from incidents.auth.policy import move_refusal

    user = logged_in(session, User, user_id) if user_id is not None else None
    children = _children_elsewhere(session, parent, area_id) if user is not None else []
    if children and user is not None and (refused := move_refusal(session, user, parent, children)):
        raise OutOfScope({refused[0]: refused[1]})


def _carry_children(session: Session, parent: Report, user_id: int) -> None:
    """A moved outage or operation takes its updates and volumes along: they belong to the parent's place.

    Left behind, they were listed under the old place, and scope checks on them answered for a place
    the record no longer is (a reporter there could still retract an update of the moved outage). Who may
    move them is _check_move's question, asked before the parent moved.
    """
    for child in _children_elsewhere(session, parent, parent.area_id):
        before = audit.snapshot(child)
        child.area_id = parent.area_id
        session.flush()
        audit.record(session, user_id, "update", child, before=before)


def correct_report(session: Session, report: Report, data: dict[str, Any], user_id: int,
                   expected_version: int | None = None) -> Report:
    """Edit a report (edit_report); one sent back, or verified and changed by a non-reviewer, goes back for review."""
    from incidents.auth.models import User
    from incidents.auth.policy import can_set_status

    # A verified report changed by someone who may not verify it is no longer what was verified: it
    # goes back for review too (a coordinator's own correction stays verified).
    editor = logged_in(session, User, user_id)
    changed_after_review = report.status is ReportStatus.VERIFIED and (
        editor is None or not can_set_status(session, editor, report, ReportStatus.VERIFIED))
    # Saved unchanged, it is not corrected: edit_report makes no version then, and changes no status.
    return edit_report(session, report, data, user_id, expected_version=expected_version,
                       resubmit=report.status is ReportStatus.RETURNED or changed_after_review)


def sync_categories(session: Session, rows: list[dict[str, Any]]) -> int:
    """Insert or update the category reference list; returns the number of rows changed."""
    from incidents.reports.models import Category

    changed = 0
    for row in rows:
        current = session.get(Category, row["code"])
        if current is None:
            session.add(Category(**row))
            changed += 1
            continue
        for name, value in row.items():
            if getattr(current, name) != value:
                setattr(current, name, value)
                changed += 1
    session.flush()
    return changed


# ---- a key used once, defaults, a reporter's lists ---------------------------------------------


def create_report_once(session: Session, kind: ReportKind | str, data: dict[str, Any], reporter_id: int,
                       token: str, reported_at: datetime | None = None,
                       now: datetime | None = None) -> tuple[Report, bool]:
    """Create a report under a one-time token; the same token again returns the first (created False).

    The same token with another submission (body, kind or event) raises KeyReused: a replay answers
    only the request it repeats (audit/idempotency.py holds the mechanism, for every create).
    """
    report, created = add_report_once(session, kind, data, reporter_id, token, reported_at, now)
    return (report if isinstance(report, Report) else speedups.as_object(session, report)), created


def add_report_once(session: Session, kind: ReportKind | str, data: dict[str, Any], reporter_id: int,
                    token: str, reported_at: datetime | None = None,
                    now: datetime | None = None) -> tuple[speedups.Added | Report, bool]:
    """create_report_once, but a created report as add_report leaves it (its values, or an object)."""
    if not token or len(token) > MAX_KEY_LENGTH:
        raise ValidationError({"idempotency_key": _l(KEY_LENGTH.msgid, n=MAX_KEY_LENGTH)})
    made: list[speedups.Added | Report] = []

    def create() -> int:
        made.append(add_report(session, kind, data, reporter_id, reported_at=reported_at, now=now))
        return int(made[0].id)

    try:
        report_id, created = keys.once(session, idempotency_key(reporter_id, token), reporter_id, "reports",
                                       fingerprint(kind, data), create)
    except keys.KeyReused as exc:
        first = session.get(Report, exc.entity_id)
        if first is None or exc.entity != "reports":
            raise
        raise KeyReused(first) from None
    if not created:
        replayed = session.get(Report, report_id)
        assert replayed is not None  # made by this key, committed: reports are never deleted
        return replayed, False
    report = made[0]
    remember_choice(session, reporter_id, report.event_id, report.area_id, kind=report.kind)
    return report, True


def remember_choice(session: Session, user_id: int, event_id: int, area_id: int,
                    kind: ReportKind | None = None) -> None:
    """Keep the user's last event and area as the next form's defaults (no version bump: a preference)."""
    from sqlalchemy.orm.attributes import set_committed_value

    from incidents.auth.models import User

    values: dict[str, int] = {"last_event_id": event_id, "last_area_id": area_id}
    if kind is ReportKind.ZERO_REPORT:
        # A zero report's place is a whole subdistrict: remembered, the next outage or activity form
        # opened on the subdistrict, not on the compound the worker reports from. Its event is kept.
        del values["last_area_id"]
    # Only when it changed: a field worker's tenth report from the same place writes no user row,
    # and sends no statement either: the user the login loaded is at hand (db.logged_in), so its last
    # choice is known without SQL (an UPDATE matching no row was one of a create's statements,
    # benches/ingest_profile.py). Were another request of the same user to change it meanwhile,
    # the later choice stays: a default for the next form, nothing more.
    user = logged_in(session, User, user_id)
    if user is not None and all(getattr(user, name) == value for name, value in values.items()):
        return
    changed = sa.or_(*(getattr(User, name).is_distinct_from(value) for name, value in values.items()))
    session.execute(sa.update(User).where(User.id == user_id, changed)
                    .values(**values)
                    .execution_options(synchronize_session=False))
    if user is not None:  # what the row now says, without marking the user changed (no version bump)
        for name, value in values.items():
            set_committed_value(user, name, value)


def returned_counts(session: Session, reporter_id: int) -> dict[int, int]:
    """{event id: how many of this reporter's reports are sent back (退回), awaiting their correction}."""
    rows = session.execute(
        sa.select(Report.event_id, sa.func.count())
        .where(Report.reporter_id == reporter_id, Report.status == ReportStatus.RETURNED)
        .group_by(Report.event_id))
    return {event_id: count for event_id, count in rows}


def event_reporters(session: Session, event_id: int) -> list[Any]:
    """The people who reported for an event (for the list's reporter filter)."""
    from incidents.auth.models import User

    ids = sa.select(Report.reporter_id).where(Report.event_id == event_id).distinct()
    return list(session.scalars(sa.select(User).where(User.id.in_(ids)).order_by(User.display_name)))


def open_parents(session: Session, event_id: int, kind: ReportKind) -> list[Report]:
    """Live outages or pumping operations of an event, newest first: what an update or volume attaches to."""
    from sqlalchemy.orm import selectinload

    model = MODELS[kind]
    return list(session.scalars(
        sa.select(model).where(model.event_id == event_id, model.status.in_(LIVE))
        .options(selectinload(model.area)).order_by(model.observed_at.desc(), model.id.desc())
    ))
