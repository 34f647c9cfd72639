"""Reports: create, edit, verify, return, retract, restore. Plain functions over a Session."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.audit import services as audit
from incidents.db import now_utc
from incidents.reports.models import (
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
)
from incidents.reports.validation import ValidationError, validate_report

MODELS: dict[ReportKind, type[Report]] = {
    ReportKind.OUTAGE: PowerOutage,
    ReportKind.OUTAGE_UPDATE: OutageUpdate,
    ReportKind.PUMPING: PumpingOperation,
    ReportKind.PUMPING_VOLUME: PumpingVolume,
    ReportKind.DISINFECTION: Disinfection,
    ReportKind.DEBRIS: DebrisClearance,
    ReportKind.ACTIVITY: ActivityEntry,
}
# Statuses whose reports count in lists, timelines and briefs.
LIVE = (ReportStatus.SUBMITTED, ReportStatus.VERIFIED, ReportStatus.RETURNED)


class StaleEdit(RuntimeError):
    """Someone saved a newer version first; carries that version."""

    def __init__(self, current: Report) -> None:
        super().__init__("the report was changed by someone else")
        self.current = current


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


def _after_outage_update(session: Session, update: OutageUpdate) -> None:
    """Keep the outage's full-restoration time in step with its latest full update."""
    outage = session.get(PowerOutage, update.outage_id)
    session.flush()
    latest_full = session.scalars(
        sa.select(OutageUpdate).where(OutageUpdate.outage_id == outage.id, OutageUpdate.fully_restored,
                                      OutageUpdate.status.in_(LIVE))
        .order_by(OutageUpdate.observed_at.desc()).limit(1)
    ).first()
    outage.restored_at = latest_full.observed_at if latest_full else None
    outage.restored_precision = latest_full.observed_precision if latest_full else None


def create_report(session: Session, kind: ReportKind | str, data: dict[str, Any], reporter_id: int,
                  reported_at: datetime | None = None, now: datetime | None = None) -> Report:
    """Validate and add a report of any kind, with its audit row; the caller commits."""
    kind = ReportKind(kind)
    clean = validate_report(session, kind, data, now=now)
    report = MODELS[kind](reporter_id=reporter_id, reported_at=reported_at or now_utc(),
                          status=ReportStatus.SUBMITTED)
    _assign(report, clean, session)
    session.add(report)
    session.flush()
    if isinstance(report, OutageUpdate):
        _after_outage_update(session, report)
    audit.record(session, reporter_id, "create", report, before=None)
    return report


def edit_report(session: Session, report: Report, data: dict[str, Any], user_id: int,
                expected_version: int | None = None) -> Report:
    """Change a report's fields; a stale version raises StaleEdit, never a silent overwrite."""
    if expected_version is not None and expected_version != report.version:
        raise StaleEdit(report)
    before = audit.snapshot(report)
    merged = {**{k: v for k, v in before.items() if k != "counts"}, **data}
    if isinstance(report, Disinfection) and "counts" not in data:
        merged["counts"] = {c.category_code: (c.count, c.count_lb) for c in report.counts}
    for name in ("observed_at", "started_at", "etr_at", "ended_at", "period_start", "period_end"):
        if isinstance(merged.get(name), str):
            merged[name] = datetime.fromisoformat(merged[name])
    clean = validate_report(session, report.kind, merged)
    _assign(report, clean, session)
    try:
        session.flush()
    except sa.orm.exc.StaleDataError as exc:
        session.rollback()
        raise StaleEdit(session.get(Report, report.id)) from exc
    if isinstance(report, OutageUpdate):
        _after_outage_update(session, report)
    audit.record(session, user_id, "update", report, before=before)
    return report


def set_status(session: Session, report: Report, status: ReportStatus, user_id: int,
               reason: str | None = None) -> Report:
    """Verify, return (with a reason), retract or restore a report, with its audit row."""
    before = audit.snapshot(report)
    if status is ReportStatus.RETURNED and not (reason or "").strip():
        raise ValidationError({"reason": "required when sending a report back"})
    report.status = status
    report.status_reason = (reason or "").strip() or None
    if status is ReportStatus.VERIFIED:
        report.verified_by_id, report.verified_at = user_id, now_utc()
    session.flush()
    if isinstance(report, OutageUpdate):
        _after_outage_update(session, report)
    action = {ReportStatus.VERIFIED: "verify", ReportStatus.RETURNED: "return",
              ReportStatus.RETRACTED: "retract", ReportStatus.SUBMITTED: "restore"}[status]
    audit.record(session, user_id, action, report, before=before)
    return report


def outage_totals(session: Session, outage: PowerOutage, at: datetime) -> tuple[int | None, int | None]:
    """Households and buildings affected by an outage as of `at` (affected may grow)."""
    households, buildings = outage.households_affected, outage.buildings_affected
    rows = session.execute(
        sa.select(OutageUpdate.households_affected, OutageUpdate.buildings_affected)
        .where(OutageUpdate.outage_id == outage.id, OutageUpdate.observed_at <= at,
               OutageUpdate.status.in_(LIVE))
        .order_by(OutageUpdate.observed_at)
    )
    for h, b in rows:
        households = h if h is not None else households
        buildings = b if b is not None else buildings
    return households, buildings


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
