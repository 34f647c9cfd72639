"""Every model, imported in one place so metadata and migrations see them all."""

from incidents.areas.models import Area, AreaLevel
from incidents.audit.models import AuditEntry, IdempotencyKey
from incidents.auth.models import LoginAttempt, Role, User
from incidents.briefs.models import Brief, BriefStatus, CompileRequest, CompileState
from incidents.db import Base
from incidents.events.models import Event, EventKind
from incidents.reports.models import (
    ActivityEntry,
    Category,
    CategoryKind,
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

__all__ = [
    "ActivityEntry", "Area", "AreaLevel", "AuditEntry", "Base", "Brief", "BriefStatus",
    "Category", "CategoryKind", "CompileRequest", "CompileState", "DebrisClearance", "Disinfection",
    "DisinfectionCount",
    "Event", "EventKind", "IdempotencyKey", "LoginAttempt", "OutageUpdate", "PowerOutage",
    "PumpingOperation", "PumpingVolume", "Report", "ReportKind", "ReportStatus", "Role", "User",
]
