"""What the report form asks before saving (409, with a "save it as well" box), and only the form: the API and
imports store as sent. Each doubt names the report already there, so the person can open it instead."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.errors import Message
from incidents.formatting import fmt_time
from incidents.limits import is_id
from incidents.reports import services
from incidents.reports.messages import NEAR_DUPLICATE, OPEN_OUTAGE_AT, OVERLAPPING_VOLUME
from incidents.reports.models import LIVE, PowerOutage, Report, ReportKind
from incidents.reports.validation import validate_report


@dataclass(frozen=True)
class Doubt:
    """A question for the form: where it is shown ("" at the top), what it says, the report it is about."""

    field: str
    message: Message
    report: Report


def doubt(session: Session, kind: ReportKind, data: dict[str, Any], user_id: int, token: str, tz: ZoneInfo,
          lang: str) -> Doubt | None:
    """The first doubt about saving this report, else None; ValidationError if the rules refuse it (said first)."""
    # A second zero report is refused by its own rule (one per subdistrict and day), never "save it as well".
    twin = None if kind is ReportKind.ZERO_REPORT else services.recent_twin(
        session, user_id, services.fingerprint(kind, data), token)
    if twin is not None:
        # The same figures for the same place a few minutes ago: a resubmission, or really a second report?
        return Doubt("", Message(NEAR_DUPLICATE.msgid, id=twin.id), twin)
    if kind is ReportKind.PUMPING_VOLUME:
        # Over the same hours as a volume already given: another pump's, or a running total counted twice?
        overlap = services.overlapping_volume(session, validate_report(session, kind, data))
        if overlap is not None:
            period = (fmt_time(overlap.period_start, overlap.period_start_precision, tz, lang) + "—"
                      + fmt_time(overlap.period_end, overlap.period_end_precision, tz, lang))
            return Doubt("period_start", Message(OVERLAPPING_VOLUME.msgid, id=overlap.id, volume=overlap.volume_m3,
                                                 period=period), overlap)
    if kind is ReportKind.OUTAGE:
        validate_report(session, kind, data)
        out = open_outage_at(session, data)
        if out is not None:
            return Doubt("area_id", Message(OPEN_OUTAGE_AT.msgid, id=out.id,
                                            since=fmt_time(out.started_at, out.started_precision, tz, lang)), out)
    return None


def open_outage_at(session: Session, data: dict[str, Any]) -> PowerOutage | None:
    """The event's latest live outage at the same place not fully restored: a second one there is more often the
    same outage logged again (another phone, the form's start a minute later) than a new one."""
    event_id, area_id = data.get("event_id"), data.get("area_id")
    if not (is_id(event_id) and is_id(area_id)):
        return None
    return session.scalars(
        sa.select(PowerOutage).where(PowerOutage.event_id == event_id, PowerOutage.area_id == area_id,
                                     PowerOutage.status.in_(LIVE), PowerOutage.restored_at.is_(None))
        .order_by(PowerOutage.id.desc()).limit(1)).first()
