"""Every model, imported in one place so metadata and migrations see them all."""

from incidents.areas.models import Area, AreaLevel, GeocodeCache, LocationState
from incidents.audit.models import AuditEntry, IdempotencyKey
from incidents.auth.models import LoginAttempt, Role, User
from incidents.auth.tokens import ApiToken
from incidents.briefs.models import Brief, BriefStatus, CompileRequest, CompileState
from incidents.db import Base
from incidents.distribution.models import Delivery, Notice, Recipient
from incidents.events.models import Event, EventKind
from incidents.generation import CACHE_GENERATION
from incidents.ops.models import Heartbeat
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
    ZeroReport,
)

__all__ = [
    "CACHE_GENERATION", "ActivityEntry", "ApiToken", "Area", "AreaLevel", "AuditEntry", "Base", "Brief", "BriefStatus",
    "Category", "CategoryKind", "CompileRequest", "CompileState", "DebrisClearance", "Delivery", "Disinfection",
    "DisinfectionCount", "Event", "EventKind", "GeocodeCache", "Heartbeat", "IdempotencyKey", "LocationState",
    "LoginAttempt", "Notice", "OutageUpdate", "PowerOutage", "PumpingOperation", "PumpingVolume", "Recipient",
    "Report", "ReportKind", "ReportStatus", "Role", "User", "ZeroReport",
]
