"""The timeline as plain data: JSON structures and CSV files (through the one CSV writer)."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime, timedelta
from typing import Any

from incidents.timelines.curves import Curve, Measure
from incidents.timelines.rows import OutageRow
from incidents.timelines.states import OutageState
from incidents.timelines.timeline import Timeline
from incidents.vague import Precision


def iso_utc(value: datetime | None) -> str | None:
    """An instant as UTC ISO 8601 with Z; None stays None."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else None


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, Precision):
        return value.value
    if isinstance(value, timedelta):
        return round(value.total_seconds() / 3600.0, 4)
    return value


STATE_FIELDS = tuple(f.name for f in fields(OutageState))


def row_dict(row: OutageRow) -> dict[str, Any]:
    """One outage of the timeline as plain data (times in UTC ISO 8601, durations in hours)."""
    state = {k: _value(getattr(row.state, k)) for k in STATE_FIELDS}
    return {
        **state,
        "open": row.state.open,
        "duration_hours": _value(row.duration),
        "duration_hours_min": _value(row.duration_min),
        "duration_hours_max": _value(row.duration_max),
        "overdue": row.overdue,
        "update_age_hours": _value(row.update_age),
        "etr_slip_hours": _value(row.etr_slip),
        "steps": [{k: _value(v) for k, v in s._asdict().items()} for s in row.steps],
        "etrs": [{k: _value(v) for k, v in m._asdict().items()} for m in row.etrs],
    }


def curve_dict(curve: Curve) -> dict[str, Any]:
    """A curve and its peak/threshold figures as plain data."""

    def measure(m: Measure) -> dict[str, Any]:
        return {"peak": m.peak, "peak_at": iso_utc(m.peak_at), "current": m.current,
                "restored_pct_of_peak": m.restored_pct,
                "reached": {str(k): iso_utc(v) for k, v in m.reached.items()},
                "hours_from_peak": {str(k): v for k, v in m.hours_to.items()}}

    return {
        "subdistrict_id": curve.subdistrict_id, "subdistrict_name": curve.name,
        "households": measure(curve.households), "buildings": measure(curve.buildings),
        "open_outages_peak": curve.open_peak,
        "points": [{k: _value(v) for k, v in p._asdict().items()} for p in curve.points],
    }


def timeline_dict(timeline: Timeline) -> dict[str, Any]:
    """The whole timeline as plain data: the JSON endpoint and export."""
    stats = timeline.stats
    return {
        "event_id": timeline.event_id, "timezone": timeline.timezone,
        "at": iso_utc(timeline.at), "known_at": iso_utc(timeline.known_at),
        "rule": "state at t = latest live update observed at or before t, among reports "
                "known (reported) by known_at; vague times at their representative instant",
        "outages": [row_dict(r) for r in timeline.rows],
        "outstanding": [r.state.outage_id for r in timeline.outstanding],
        "groups": [{"subdistrict_id": g.subdistrict_id, "subdistrict_name": g.name,
                    "outages": g.outages, "open": g.open, "households_out": g.households_out,
                    "households_out_lb": g.households_out_lb,
                    "households_not_reported": g.households_unknown,
                    "buildings_out": g.buildings_out, "buildings_out_lb": g.buildings_out_lb,
                    "buildings_not_reported": g.buildings_unknown,
                    "outage_ids": [r.state.outage_id for r in g.rows]} for g in timeline.groups],
        "stats": {**{k: v for k, v in vars(stats).items() if k not in ("households", "buildings")},
                  "households": {**vars(stats.households),
                                 "mean_is_lower_bound": stats.households.mean_is_lower_bound},
                  "buildings": {**vars(stats.buildings),
                                "mean_is_lower_bound": stats.buildings.mean_is_lower_bound}},
        "curve": curve_dict(timeline.curve),
        "curves_by_subdistrict": [curve_dict(c) for c in timeline.curves],
    }


TIMELINE_CSV_COLUMNS = (
    "outage_id", "subdistrict_name", "area_name", "started_at", "started_precision",
    "households_affected", "households_affected_lb", "buildings_affected", "buildings_affected_lb",
    "households_out", "households_out_lb", "buildings_out", "buildings_out_lb", "open",
    "restored_at", "restored_precision", "duration_hours", "duration_hours_min",
    "duration_hours_max", "first_etr_at", "etr_at", "etr_precision", "overdue", "etr_slip_hours",
    "last_update_at", "update_age_hours", "updates",
)
CURVE_CSV_COLUMNS = ("scope", "subdistrict_id", "subdistrict_name", "at", "households_out", "buildings_out",
                     "open_outages", "households_unknown", "buildings_unknown")


def _csv(header: tuple[str, ...], rows: list[dict[str, Any]]) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, header, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        # Empty means not reported, never 0; flags as true/false.
        writer.writerow({k: ("" if v is None else str(v).lower() if isinstance(v, bool) else v)
                         for k, v in row.items()})
    return out.getvalue()


def timeline_csv(timeline: Timeline) -> str:
    """One line per outage (grouped by subdistrict, in the page's order)."""
    ordered = [row for group in timeline.groups for row in group.rows]
    return _csv(TIMELINE_CSV_COLUMNS, [row_dict(r) for r in ordered])


def curve_csv(whole: Curve, curves: list[Curve]) -> str:
    """The whole event's curve (scope all), then each subdistrict's, one line per change.

    Outages reported for the district itself, not a subdistrict, have scope district_level.
    """
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CURVE_CSV_COLUMNS)
    for curve in [whole, *curves]:
        scope = ("all" if curve is whole else
                 "subdistrict" if curve.subdistrict_id else "district_level")
        head = (scope, "" if curve.subdistrict_id is None else curve.subdistrict_id, curve.name or "")
        # Tens of thousands of lines: plain rows (every value here is a count, never unknown).
        writer.writerows((*head, iso_utc(p.at), *p[1:]) for p in curve.points)
    return out.getvalue()
