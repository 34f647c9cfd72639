"""Reports that refer to another (an update to its outage, a volume to its operation) and the rule they meet."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from incidents.errors import Message
from incidents.reports.models import Report, ReportKind, ReportStatus

# The keyword babel extracts: every message below lands in the reports catalog.
_l = Message

# Kinds that refer to another report: the field naming it and the parent's kind.
PARENTS: dict[ReportKind, tuple[str, ReportKind]] = {
    ReportKind.OUTAGE_UPDATE: ("outage_id", ReportKind.OUTAGE),
    ReportKind.PUMPING_VOLUME: ("operation_id", ReportKind.PUMPING),
}


# Each kind as a message names it ("report #12 is a pumping operation, not a power outage").
KIND_NAMES: dict[ReportKind, Message] = {
    ReportKind.OUTAGE: _l("a power outage"),
    ReportKind.OUTAGE_UPDATE: _l("an outage update"),
    ReportKind.PUMPING: _l("a pumping operation"),
    ReportKind.PUMPING_VOLUME: _l("a pumped volume"),
    ReportKind.DISINFECTION: _l("a disinfection"),
    ReportKind.DEBRIS: _l("a debris clearance"),
    ReportKind.ACTIVITY: _l("an activity log entry"),
    ReportKind.ZERO_REPORT: _l("a zero report"),
}


def children(kind: ReportKind) -> tuple[type[Report], Any] | None:
    """The reports that refer to one of this kind (updates to an outage): their model and the column naming it."""
    for child, (field, parent) in PARENTS.items():
        if parent is kind:
            model = Report.__mapper__.polymorphic_map[child].class_
            return model, getattr(model, field)
    return None


def parent_field(kind: ReportKind) -> str | None:
    """The field naming the record a report of this kind refers to (outage_id, operation_id), if any."""
    return PARENTS[kind][0] if kind in PARENTS else None


def parent_rule(session: Session, clean: dict[str, Any], errors: dict[str, str], field: str,
                 parent_kind: ReportKind) -> None:
    parent = session.get(Report, clean.get(field)) if clean.get(field) else None
    if parent is None or parent.event_id != clean["event_id"]:
        errors[field] = _l("unknown report")
    elif parent.kind != parent_kind:
        # Every reader sees every report (a scope limits writing; one outside it was refused before
        # this): saying what the id names tells a sender who mixed up an outage and an operation.
        errors[field] = _l("report #%(id)s is %(kind)s, not %(expected)s", id=parent.id,
                           kind=KIND_NAMES[parent.kind], expected=KIND_NAMES[parent_kind])
    elif parent.status is ReportStatus.RETRACTED:
        errors[field] = retracted_parent_message(parent.id)


def retracted_parent_message(parent_id: int) -> Message:
    """News of a withdrawn outage or operation counts nowhere: the forms offer only live parents."""
    return _l("was retracted (#%(id)s): restore it first, or choose another", id=parent_id)
