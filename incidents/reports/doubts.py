"""What the report form asks before saving (409, with a "save it as well" box): the API stores as sent, and an import
too, its preview saying an outage already open at a row's place (open_outages_by_place). Each doubt names the report
already there, so the person can open it instead."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents import on_cursor
from incidents.audit.models import IdempotencyKey
from incidents.db import connection_of, now_utc
from incidents.errors import Message
from incidents.formatting import fmt_time
from incidents.limits import is_id
from incidents.reports.messages import NEAR_DUPLICATE, OPEN_OUTAGE_AT, OVERLAPPING_VOLUME
from incidents.reports.models import LIVE, PowerOutage, PumpingVolume, Report, ReportKind
from incidents.reports.once import fingerprint, idempotency_key
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
    twin = None if kind is ReportKind.ZERO_REPORT else recent_twin(
        session, user_id, fingerprint(kind, data), token)
    if twin is not None:
        # The same figures for the same place a few minutes ago: a resubmission, or really a second report?
        return Doubt("", Message(NEAR_DUPLICATE.msgid, id=twin.id), twin)
    if kind is ReportKind.PUMPING_VOLUME:
        # Over the same hours as a volume already given: another pump's, or a running total counted twice?
        overlap = overlapping_volume(session, validate_report(session, kind, data))
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
    return session.scalars(_still_open(event_id).where(PowerOutage.area_id == area_id)
                           .order_by(PowerOutage.id.desc()).limit(1)).first()


def open_outages_by_place(session: Session, event_id: int) -> dict[int, PowerOutage]:
    """open_outage_at for every place at once (an import's preview, docs/imports.md): each place's latest."""
    return {outage.area_id: outage for outage in session.scalars(_still_open(event_id).order_by(PowerOutage.id))}


def _still_open(event_id: int) -> sa.Select[PowerOutage]:
    """The event's live outages not fully restored: the one rule of the form's question and the import's warning."""
    return sa.select(PowerOutage).where(PowerOutage.event_id == event_id, PowerOutage.status.in_(LIVE),
                                        PowerOutage.restored_at.is_(None))


# A resubmission comes within minutes; the same figures an hour later are news.
TWIN_WINDOW_MINUTES = 15


def _recent_twin_statement() -> sa.Select[Any]:
    """The report of the user's latest key since :since with the submission's digest under another key: built once
    per process (TWIN_LOOKUP_ONCE), each form POST binding its values; building it was ~80 µs of Python a POST
    (7 December, benches/ingest_profile.py --via form). Sent on the cursor (on_cursor.py, SENT_ON_CURSOR): the
    ORM's execute and its loading of a key object were ~6% of a form's POST (7 December, late, --via form)."""
    key = IdempotencyKey
    return sa.select(key.entity_id).where(
        key.user_id == sa.bindparam("user_id"), key.fingerprint == sa.bindparam("digest"), key.entity == "reports",
        key.created_at >= sa.bindparam("since"), key.key != sa.bindparam("key")) \
        .order_by(key.created_at.desc()).limit(1)


_RECENT_TWIN = _recent_twin_statement()


def recent_twin(session: Session, user_id: int, digest: str, token: str) -> Report | None:
    """A live report the user made in the last minutes from the same submission under another token."""
    since = now_utc() - timedelta(minutes=TWIN_WINDOW_MINUTES)
    row = on_cursor.first_row(connection_of(session), _RECENT_TWIN, {
        "user_id": user_id, "digest": digest, "since": since, "key": idempotency_key(user_id, token)})
    report = session.get(Report, row[0]) if row is not None else None
    return report if report is not None and report.status in LIVE else None


def overlapping_volume(session: Session, data: dict[str, Any]) -> PumpingVolume | None:
    """A live volume of the same operation whose interval overlaps the new one's (touching is no overlap).

    Two volumes over the same hours are summed: right for two pumps' figures, twice the water when the
    second is a running total ("3000方" at 02:00 after "1200方" for 00:30–02:00). The form asks first.
    """
    start, end, operation = data.get("period_start"), data.get("period_end"), data.get("operation_id")
    if not (isinstance(start, datetime) and isinstance(end, datetime) and is_id(operation)):
        return None  # validation names what is missing
    return session.scalars(
        sa.select(PumpingVolume).where(
            PumpingVolume.operation_id == operation, PumpingVolume.status.in_(LIVE),
            PumpingVolume.period_start < end, PumpingVolume.period_end > start)
        .order_by(PumpingVolume.period_start).limit(1)).first()
