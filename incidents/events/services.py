"""Events: create, edit, close and reopen, list; headline figures per event and per subdistrict."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import QueryableAttribute, Session
from sqlalchemy.orm.exc import StaleDataError

from incidents.audit import services as audit
from incidents.db import now_utc
from incidents.errors import Message, StaleEdit, ValidationError
from incidents.events.models import Event, EventKind

# The keyword babel extracts: these messages land in the events catalog.
_l = Message

# The fields a form may change; anything else is refused by name.
EVENT_FIELDS = ("code", "name", "name_en", "kind", "timezone", "starts_at", "ends_at", "brief_time",
                "area_id", "issuer", "issuer_en", "description")
TEXT_LIMITS = {"code": 64, "name": 200, "name_en": 200, "issuer": 200, "issuer_en": 200, "description": 10_000}


def _validate_event(session: Session, data: dict[str, Any], event: Event | None = None) -> dict[str, Any]:
    """Check an event's fields (all of them, merged); return clean values or raise ValidationError."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from incidents.areas.models import Area

    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for name, limit in TEXT_LIMITS.items():
        value = data.get(name)
        value = value.strip() if isinstance(value, str) else value
        if name in ("code", "name") and not value:
            errors[name] = _l("required")
        elif value and len(value) > limit:
            errors[name] = _l("is longer than %(n)s characters", n=limit)
        clean[name] = value or None
    try:
        clean["kind"] = EventKind(data.get("kind") or "")  # missing: "" is no kind, so ValueError below
    except ValueError:
        errors["kind"] = _l("unknown kind")
    timezone = data.get("timezone") or "Asia/Shanghai"
    try:
        ZoneInfo(timezone)
        clean["timezone"] = timezone
    except (ZoneInfoNotFoundError, ValueError):
        errors["timezone"] = _l("unknown time zone %(tz)s", tz=repr(timezone))
    for name in ("starts_at", "ends_at"):
        value = data.get(name)
        if value is None:
            if name == "starts_at":
                errors[name] = _l("required")
            clean[name] = None
        elif not isinstance(value, datetime) or value.tzinfo is None:
            errors[name] = _l("must be a date and time")
        else:
            clean[name] = value
    if clean.get("starts_at") and clean.get("ends_at") and clean["ends_at"] < clean["starts_at"]:
        errors["ends_at"] = _l("is before the start")
    brief_time = data.get("brief_time")
    if brief_time is None:
        clean["brief_time"] = time(8, 0)
    elif not isinstance(brief_time, time):
        errors["brief_time"] = _l("must be a time of day (HH:MM)")
    else:
        clean["brief_time"] = brief_time
    area_id = data.get("area_id")
    if area_id is not None and (not isinstance(area_id, int) or session.get(Area, area_id) is None):
        errors["area_id"] = _l("unknown area")
    clean["area_id"] = area_id
    if clean.get("code") and "code" not in errors:
        taken = session.scalar(sa.select(Event.id).where(Event.code == clean["code"]))
        if taken is not None and (event is None or taken != event.id):
            errors["code"] = _l("already used by another event")
    if errors:
        raise ValidationError(errors)
    return clean


def create_event(session: Session, *, code: str, name: str, kind: EventKind | str, starts_at: datetime,
                 timezone: str = "Asia/Shanghai", ends_at: datetime | None = None,
                 brief_time: time = time(8, 0), area_id: int | None = None,
                 name_en: str | None = None, issuer: str | None = None,
                 description: str | None = None, user_id: int | None = None,
                 issuer_en: str | None = None) -> Event:
    """Add an event with its audit row (user_id None: the system, e.g. the demo loader)."""
    clean = _validate_event(session, {
        "code": code, "name": name, "kind": kind, "starts_at": starts_at, "timezone": timezone,
        "ends_at": ends_at, "brief_time": brief_time, "area_id": area_id, "name_en": name_en,
        "issuer": issuer, "issuer_en": issuer_en, "description": description})
    event = Event(**clean)
    session.add(event)
    session.flush()
    audit.record(session, user_id, "create", event, before=None)
    return event


def update_event(session: Session, event: Event, data: dict[str, Any], user_id: int | None,
                 expected_version: int | None = None) -> Event:
    """Change an event's fields with its audit row; a stale version raises StaleEdit, never overwrites."""
    if expected_version is not None and expected_version != event.version:
        raise StaleEdit(event)
    unknown = set(data) - set(EVENT_FIELDS)
    if unknown:
        raise ValidationError({name: _l("cannot be changed") for name in sorted(unknown)})
    before = audit.snapshot(event)
    merged = {name: getattr(event, name) for name in EVENT_FIELDS} | data
    clean = _validate_event(session, merged, event)
    changed = {name: value for name, value in clean.items() if getattr(event, name) != value}
    if not changed:
        return event  # nothing to record: saving an unchanged form is not a new version
    for name, value in changed.items():
        setattr(event, name, value)
    try:
        session.flush()
    except StaleDataError as exc:
        # Someone committed a newer version between our read and this write.
        session.rollback()
        current = session.get(Event, event.id)
        # Events are never deleted (no code path removes one), so the row whose version moved is there.
        assert current is not None
        raise StaleEdit(current) from exc
    audit.record(session, user_id, "update", event, before=before)
    return event


# A close a little ahead of the server clock is clock skew; further ahead, a typing error.
CLOSE_TOLERANCE = timedelta(minutes=5)


def close_event(session: Session, event: Event, ends_at: Any, user_id: int | None,
                now: datetime | None = None) -> Event:
    """End an event at `ends_at` (no brief after its last day), with a "close" audit row."""
    now = now or now_utc()
    if not isinstance(ends_at, datetime) or ends_at.tzinfo is None:
        raise ValidationError({"ends_at": _l("must be a date and time")})
    if ends_at < event.starts_at:
        raise ValidationError({"ends_at": _l("is before the start")})
    if ends_at > now + CLOSE_TOLERANCE:
        raise ValidationError({"ends_at": _l("is in the future")})
    before = audit.snapshot(event)
    event.ends_at = ends_at
    session.flush()
    audit.record(session, user_id, "close", event, before=before)
    return event


def reopen_event(session: Session, event: Event, user_id: int | None) -> Event:
    """Take an event's end away (it runs again; due briefs follow), with a "reopen" audit row."""
    if event.ends_at is None:
        return event
    before = audit.snapshot(event)
    event.ends_at = None
    session.flush()
    audit.record(session, user_id, "reopen", event, before=before)
    return event


def list_events(session: Session) -> list[Event]:
    """All events, newest first."""
    return list(session.scalars(sa.select(Event).order_by(Event.starts_at.desc())))


def headline_figures(session: Session, event_ids: list[int]) -> dict[int, dict[str, int | bool | None]]:
    """Per event: counted reports, open outages, m³ pumped, person-times, kg of debris (SQL sums)."""
    from incidents.reports.models import (
        COUNTED,
        DebrisClearance,
        Disinfection,
        PowerOutage,
        PumpingVolume,
        Report,
    )

    if not event_ids:
        return {}
    figures: dict[int, dict[str, int | bool | None]] = {
        i: {"reports": 0, "open_outages": 0, "volume_m3": None, "person_times": None, "mass_kg": None,
            "volume_m3_lb": False, "person_times_lb": False, "mass_kg_lb": False}
        for i in event_ids}

    def per_event(model: type[Report], value: sa.ColumnElement, *where: sa.ColumnElement) -> sa.Select:
        # A subclass entity carries the base columns: selecting from it joins reports once.
        return (sa.select(model.event_id, value)
                .where(model.event_id.in_(event_ids), model.status.in_(COUNTED), *where)
                .group_by(model.event_id))

    def any_lb(flag: QueryableAttribute[bool]) -> sa.ColumnElement:
        # A sum with any lower bound in it is itself a lower bound ("800余人次").
        return sa.func.max(sa.case((flag, 1), else_=0))

    bounds = {
        "volume_m3_lb": per_event(PumpingVolume, any_lb(PumpingVolume.volume_m3_lb)),
        "person_times_lb": per_event(Disinfection, any_lb(Disinfection.person_times_lb)),
        "mass_kg_lb": per_event(DebrisClearance, any_lb(DebrisClearance.mass_kg_lb)),
    }
    for name, query in bounds.items():
        for event_id, value in session.execute(query):
            figures[event_id][name] = bool(value)
    queries = {
        "reports": per_event(Report, sa.func.count()),
        "open_outages": per_event(PowerOutage, sa.func.count(), PowerOutage.restored_at.is_(None)),
        "volume_m3": per_event(PumpingVolume, sa.func.sum(PumpingVolume.volume_m3)),
        "person_times": per_event(Disinfection, sa.func.sum(Disinfection.person_times)),
        "mass_kg": per_event(DebrisClearance, sa.func.sum(DebrisClearance.mass_kg)),
    }
    for name, query in queries.items():
        for event_id, value in session.execute(query):
            figures[event_id][name] = int(value) if value is not None else None
    return figures


def figures_by_subdistrict(session: Session, event_id: int) -> tuple[list[dict], dict]:
    """Per subdistrict/town (and the district level): live reports by kind and open outages; and the total.

    An outage counts once, however many updates it has; `open` counts those not yet fully restored.
    """
    from incidents.areas.models import Area
    from incidents.areas.services import subdistrict_of
    from incidents.reports.models import COUNTED, PowerOutage, Report

    sub = subdistrict_of().subquery()
    outages = PowerOutage.__table__  # the table, not the entity: Report is already in the FROM
    query = (
        sa.select(sub.c.subdistrict_id, Report.kind, sa.func.count(),
                  sa.func.count(outages.c.id).filter(outages.c.restored_at.is_(None)))
        .select_from(Report).outerjoin(sub, sub.c.area_id == Report.area_id)
        .outerjoin(outages, outages.c.id == Report.id)
        .where(Report.event_id == event_id, Report.status.in_(COUNTED))
        .group_by(sub.c.subdistrict_id, Report.kind)
    )
    rows: dict[int | None, dict] = {}
    total: dict = {"area": None, "counts": {}, "open_outages": 0, "total": 0}
    for sub_id, kind, count, still_out in session.execute(query):
        entry = rows.setdefault(sub_id, {"area": session.get(Area, sub_id) if sub_id else None,
                                         "counts": {}, "open_outages": 0, "total": 0})
        key = kind.value if hasattr(kind, "value") else kind
        for row in (entry, total):
            row["counts"][key] = row["counts"].get(key, 0) + count
            row["open_outages"] += still_out or 0
            row["total"] += count
    ordered = sorted(rows.values(), key=lambda r: (r["area"] is None, r["area"].name if r["area"] else ""))
    return ordered, total


def latest_reports(session: Session, event_id: int | None, limit: int = 20,
                   area_id: int | None = None) -> list:
    """The newest live reports of an event (or of an area and what is under it)."""
    from sqlalchemy.orm import selectinload

    from incidents.areas.services import subtree_ids
    from incidents.reports.models import LIVE, Report

    query = sa.select(Report).where(Report.status.in_(LIVE)).options(selectinload(Report.area))
    if event_id is not None:
        query = query.where(Report.event_id == event_id)
    if area_id is not None:
        query = query.where(Report.area_id.in_(subtree_ids(session, area_id)))
    return list(session.scalars(query.order_by(Report.observed_at.desc(), Report.id.desc()).limit(limit)))
