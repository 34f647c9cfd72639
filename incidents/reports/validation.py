"""One set of validation rules for reports: forms, the JSON API, imports and the demo loader."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.areas.models import Area
from incidents.db import now_utc
from incidents.reports.models import Category, ReportKind
from incidents.vague import Precision, precision_field

# A field report may be a little ahead of the server's clock, not more.
FUTURE_TOLERANCE = timedelta(minutes=5)
# More than ten million cubic metres in a day is a typing error, not a pumping shift.
MAX_VOLUME_PER_DAY_M3 = 10_000_000
MAX_COUNT = 10_000_000
MAX_MASS_KG = 10_000_000_000


class ValidationError(ValueError):
    """Field-level problems: {field: message}. Nothing is stored when raised."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


# Which fields each kind takes: (name, type). Times come with a `<name>_precision` field,
# quantities with a `<name>_lb` ("more than") flag.
TIME = "time"
COUNT = "count"
TEXT = "text"
FLAG = "flag"
REF = "ref"

COMMON = {"observed_at": TIME, "source": TEXT, "note": TEXT}
FIELDS: dict[ReportKind, dict[str, str]] = {
    ReportKind.OUTAGE: {"started_at": TIME, "households_affected": COUNT, "buildings_affected": COUNT,
                        "etr_at": TIME},
    ReportKind.OUTAGE_UPDATE: {"outage_id": REF, "households_affected": COUNT, "buildings_affected": COUNT,
                               "households_restored": COUNT, "buildings_restored": COUNT,
                               "households_out": COUNT, "buildings_out": COUNT,
                               "fully_restored": FLAG, "etr_at": TIME},
    ReportKind.PUMPING: {"team": TEXT, "people": COUNT, "pumps": COUNT, "capacity_m3h": COUNT,
                         "ended_at": TIME},
    ReportKind.PUMPING_VOLUME: {"operation_id": REF, "period_start": TIME, "period_end": TIME,
                                "volume_m3": COUNT},
    ReportKind.DISINFECTION: {"person_times": COUNT, "cumulative": FLAG},
    ReportKind.DEBRIS: {"period_start": TIME, "period_end": TIME, "mass_kg": COUNT, "truckloads": COUNT,
                        "people": COUNT, "vehicles": COUNT},
    ReportKind.ACTIVITY: {"title": TEXT},
}
REQUIRED: dict[ReportKind, set[str]] = {
    ReportKind.OUTAGE: {"started_at"},
    ReportKind.OUTAGE_UPDATE: {"outage_id"},
    ReportKind.PUMPING: {"team"},
    ReportKind.PUMPING_VOLUME: {"operation_id", "period_start", "period_end", "volume_m3"},
    ReportKind.DISINFECTION: set(),
    ReportKind.DEBRIS: {"period_start"},
    ReportKind.ACTIVITY: {"title"},
}
TEXT_LIMITS = {"source": 400, "note": 4000, "team": 200, "title": 300}


def _check_time(errors: dict[str, str], clean: dict[str, Any], data: dict[str, Any], name: str,
                now: datetime) -> None:
    value = data.get(name)
    if value is None:
        clean[name] = None
        clean[precision_field(name)] = None
        return
    if not isinstance(value, datetime) or value.tzinfo is None:
        errors[name] = "must be a date and time"
        return
    if value > now + FUTURE_TOLERANCE:
        errors[name] = "is in the future"
        return
    try:
        precision = Precision(data.get(precision_field(name)) or Precision.EXACT)
    except ValueError:
        errors[precision_field(name)] = "unknown precision"
        return
    clean[name] = value
    clean[precision_field(name)] = precision


def _check_count(errors: dict[str, str], clean: dict[str, Any], data: dict[str, Any], name: str,
                 limit: int) -> None:
    value = data.get(name)
    clean[f"{name}_lb"] = bool(data.get(f"{name}_lb"))
    if value is None or value == "":
        clean[name] = None
        return
    if isinstance(value, bool) or not isinstance(value, int):
        errors[name] = "must be a whole number"
    elif value < 0:
        errors[name] = "must not be negative"
    elif value > limit:
        errors[name] = f"is implausibly large (over {limit:,})"
    else:
        clean[name] = value


def validate_report(session: Session, kind: ReportKind | str, data: dict[str, Any],
                    now: datetime | None = None) -> dict[str, Any]:
    """Check a report's fields; return the clean values or raise ValidationError naming each field."""
    kind = ReportKind(kind)
    now = now or now_utc()
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    fields = {**COMMON, **FIELDS[kind]}
    # Interval kinds and outages derive observed_at from their own times when not given.
    required = REQUIRED[kind] | ({"observed_at"} if kind in (ReportKind.ACTIVITY, ReportKind.DISINFECTION,
                                                             ReportKind.PUMPING) else set())

    for name in ("event_id", "area_id"):
        if not isinstance(data.get(name), int):
            errors[name] = "required"
    for name, ftype in fields.items():
        if name in required and data.get(name) in (None, ""):
            errors[name] = "required"
            continue
        if ftype == TIME:
            _check_time(errors, clean, data, name, now)
        elif ftype == COUNT:
            limit = {"mass_kg": MAX_MASS_KG}.get(name, MAX_COUNT)
            _check_count(errors, clean, data, name, limit)
        elif ftype == TEXT:
            value = (data.get(name) or "").strip() or None
            if value and len(value) > TEXT_LIMITS[name]:
                errors[name] = f"is longer than {TEXT_LIMITS[name]} characters"
            clean[name] = value
        elif ftype == FLAG:
            clean[name] = bool(data.get(name))
        elif ftype == REF:
            if not isinstance(data.get(name), int):
                errors[name] = "required"
            else:
                clean[name] = data[name]

    area = session.get(Area, data["area_id"]) if isinstance(data.get("area_id"), int) else None
    if isinstance(data.get("area_id"), int) and area is None:
        errors["area_id"] = "unknown area"
    if errors:
        raise ValidationError(errors)
    clean["event_id"] = data["event_id"]
    clean["area_id"] = data["area_id"]
    _kind_rules(session, kind, clean, data, area, errors)
    if errors:
        raise ValidationError(errors)
    return clean


def _kind_rules(session: Session, kind: ReportKind, clean: dict[str, Any], data: dict[str, Any],
                area: Area | None, errors: dict[str, str]) -> None:
    """Rules that relate fields to each other, to the area and to earlier reports."""
    households = area.households if area is not None else None
    buildings = area.buildings if area is not None else None
    for name in ("households_affected", "households_restored", "households_out"):
        if households is not None and (clean.get(name) or 0) > households:
            errors[name] = f"is more than the {households:,} households of the area"
    for name in ("buildings_affected", "buildings_restored", "buildings_out"):
        if buildings is not None and (clean.get(name) or 0) > buildings:
            errors[name] = f"is more than the {buildings:,} buildings of the area"

    if kind is ReportKind.OUTAGE:
        if clean.get("etr_at") and clean["etr_at"] < clean["started_at"]:
            errors["etr_at"] = "is before the outage started"
        if clean.get("observed_at") is None:
            clean["observed_at"] = clean["started_at"]
            clean["observed_precision"] = clean["started_precision"]
    elif kind is ReportKind.OUTAGE_UPDATE:
        _outage_update_rules(session, clean, errors)
    elif kind is ReportKind.PUMPING:
        if clean.get("ended_at") and clean["ended_at"] < clean["observed_at"]:
            errors["ended_at"] = "is before the operation started"
    elif kind is ReportKind.PUMPING_VOLUME:
        _interval_rules(clean, errors)
        if not errors and clean["volume_m3"] is not None:
            days = max((clean["period_end"] - clean["period_start"]).total_seconds() / 86400, 1.0)
            if clean["volume_m3"] / days > MAX_VOLUME_PER_DAY_M3:
                errors["volume_m3"] = f"is more than {MAX_VOLUME_PER_DAY_M3:,} m³ a day"
        _parent_rule(session, clean, errors, "operation_id", ReportKind.PUMPING)
        clean.setdefault("observed_at", None)
        if clean.get("observed_at") is None and "period_end" in clean:
            clean["observed_at"] = clean["period_end"]
            clean["observed_precision"] = clean["period_end_precision"]
    elif kind is ReportKind.DEBRIS:
        if clean.get("period_end") is not None:
            _interval_rules(clean, errors)
        if clean.get("observed_at") is None:
            end = clean.get("period_end")
            clean["observed_at"] = end or clean["period_start"]
            clean["observed_precision"] = (clean["period_end_precision"] if end
                                           else clean["period_start_precision"])
    elif kind is ReportKind.DISINFECTION:
        counts = data.get("counts") or {}
        known = set(session.scalars(sa.select(Category.code)))
        clean_counts: dict[str, tuple[int, bool]] = {}
        for code, value in counts.items():
            count, lb = value if isinstance(value, tuple | list) else (value, False)
            field = f"count_{code}"
            if code not in known:
                errors[field] = "unknown category"
            elif count is None or count == "":
                continue
            elif isinstance(count, bool) or not isinstance(count, int):
                errors[field] = "must be a whole number"
            elif count < 0:
                errors[field] = "must not be negative"
            elif count > MAX_COUNT:
                errors[field] = "is implausibly large"
            else:
                clean_counts[code] = (count, bool(lb))
        if not errors and not clean_counts and clean.get("person_times") is None:
            errors["counts"] = "give person-times or at least one count"
        clean["counts"] = clean_counts


def _interval_rules(clean: dict[str, Any], errors: dict[str, str]) -> None:
    if clean.get("period_start") and clean.get("period_end") and clean["period_end"] < clean["period_start"]:
        errors["period_end"] = "is before the start"


def _parent_rule(session: Session, clean: dict[str, Any], errors: dict[str, str], field: str,
                 parent_kind: ReportKind) -> None:
    from incidents.reports.models import Report

    parent = session.get(Report, clean.get(field)) if clean.get(field) else None
    if parent is None or parent.kind != parent_kind or parent.event_id != clean["event_id"]:
        errors[field] = "unknown report"


def _outage_update_rules(session: Session, clean: dict[str, Any], errors: dict[str, str]) -> None:
    from incidents.reports.models import PowerOutage
    from incidents.reports.services import outage_totals

    _parent_rule(session, clean, errors, "outage_id", ReportKind.OUTAGE)
    if errors:
        return
    outage = session.get(PowerOutage, clean["outage_id"])
    if clean.get("observed_at") is None:
        errors["observed_at"] = "required"
        return
    if clean["observed_at"] < outage.started_at:
        errors["observed_at"] = "is before the outage started"
    if clean.get("etr_at") and clean["etr_at"] < outage.started_at:
        errors["etr_at"] = "is before the outage started"
    affected_h, affected_b = outage_totals(session, outage, clean["observed_at"])
    affected_h = clean.get("households_affected") if clean.get("households_affected") is not None else affected_h
    affected_b = clean.get("buildings_affected") if clean.get("buildings_affected") is not None else affected_b
    for name, affected in (("households_restored", affected_h), ("households_out", affected_h),
                           ("buildings_restored", affected_b), ("buildings_out", affected_b)):
        if affected is not None and (clean.get(name) or 0) > affected:
            errors[name] = f"is more than the {affected:,} affected"
    if clean.get("fully_restored") and (clean.get("households_out") or clean.get("buildings_out")):
        errors["fully_restored"] = "cannot be full while some are still out"
    has_news = any(clean.get(n) is not None for n in (
        "households_affected", "buildings_affected", "households_restored", "buildings_restored",
        "households_out", "buildings_out", "etr_at")) or clean.get("fully_restored")
    if not has_news:
        errors["fully_restored"] = "say what changed: restored, still out, affected, new ETR or full"
    # Keep the affected totals on the row, so the database can check restored <= affected.
    if clean.get("households_affected") is None and affected_h is not None and (
            clean.get("households_restored") is not None):
        clean["households_affected"] = affected_h
    if clean.get("buildings_affected") is None and affected_b is not None and (
            clean.get("buildings_restored") is not None):
        clean["buildings_affected"] = affected_b
