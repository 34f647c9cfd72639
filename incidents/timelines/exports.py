"""The timeline as plain data: JSON structures, and tables (CSV, XLSX) in the reader's language.

CSV: headers, local times with their offset, yes/no words and precisions as the page says them
(the view hands over the words), written through incidents.csvfile, so no cell can run as a
formula and numbers stay numbers.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from incidents.csvfile import to_csv
from incidents.formatting import iso_utc
from incidents.tables import Column, Table, to_xlsx
from incidents.timelines.curves import Curve, Measure
from incidents.timelines.rows import OutageRow
from incidents.timelines.states import OutageState
from incidents.timelines.stats import PerUnit
from incidents.timelines.timeline import Timeline
from incidents.vague import Precision


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, Precision):
        return value.value
    if isinstance(value, timedelta):
        return round(value.total_seconds() / 3600.0, 4)
    return value


STATE_FIELDS = tuple(f.name for f in fields(OutageState) if f.metadata.get("export", True))


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
        # *_lb: the figure is "more than" (余): an open outage in the sum gave a lower bound.
        return {"peak": m.peak, "peak_lb": m.peak_lb, "peak_at": iso_utc(m.peak_at),
                "current": m.current, "current_lb": m.current_lb,
                # *_ub: at most (不超过), read off a "more than" restored count; *_approx: about (约).
                "current_ub": m.current_ub, "current_approx": m.current_approx,
                "peak_ub": m.peak_ub, "peak_approx": m.peak_approx,
                "restored_pct_of_peak": m.restored_pct,
                # about (约), as the page and the brief say it (curves.share_approximate).
                "restored_pct_of_peak_approx": m.restored_pct_approx,
                # Open outages whose count is lost (out again with the other unit only): the share is then
                # null (不详), as the brief's (curves.share_of_peak).
                "counts_lost": m.lost,
                # When a share was first back; a count lost on the way is read at worst (curves._reached), and a
                # share only the lost outages' return would reach is not known, null here and listed beside.
                "reached": {str(k): iso_utc(v) for k, v in m.reached.items()},
                "reached_not_known": list(m.reached_not_known),
                "hours_from_peak": {str(k): v for k, v in m.hours_to.items()}}

    return {
        "subdistrict_id": curve.subdistrict_id, "subdistrict_name": curve.name, "subdistrict_name_en": curve.name_en,
        "households": measure(curve.households), "buildings": measure(curve.buildings),
        "open_outages_peak": curve.open_peak,
        # A count every open outage was silent on is null (未报), never 0 (curves.told, the brief's rule).
        "points": [{k: _value(v) for k, v in p._asdict().items()}
                   | dict(zip(("households_out", "buildings_out"), p.told_out(), strict=True))
                   for p in curve.points],
    }


def per_unit_dict(per: PerUnit) -> dict[str, Any]:
    """A unit's statistics with the marks of its hours and mean (≥, 不超过, 约)."""
    return {**vars(per), "mean_is_lower_bound": per.mean_is_lower_bound,
            "mean_is_upper_bound": per.mean_is_upper_bound, "mean_is_approx": per.mean_is_approx}


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
        "groups": [{"subdistrict_id": g.subdistrict_id, "subdistrict_name": g.name, "subdistrict_name_en": g.name_en,
                    "outages": g.outages, "open": g.open, "households_out": g.households_out,
                    "households_out_lb": g.households_out_lb,
                    "households_not_reported": g.households_unknown,
                    "buildings_out": g.buildings_out, "buildings_out_lb": g.buildings_out_lb,
                    "buildings_not_reported": g.buildings_unknown,
                    "households_out_ub": g.households_out_ub, "households_out_approx": g.households_out_approx,
                    "buildings_out_ub": g.buildings_out_ub, "buildings_out_approx": g.buildings_out_approx,
                    "outage_ids": [r.state.outage_id for r in g.rows]} for g in timeline.groups],
        "stats": {**{k: v for k, v in vars(stats).items() if k not in ("households", "buildings")},
                  "households": per_unit_dict(stats.households), "buildings": per_unit_dict(stats.buildings)},
        "curve": curve_dict(timeline.curve),
        "curves_by_subdistrict": [curve_dict(c) for c in timeline.curves],
    }


TIMELINE_COLUMNS = (
    "outage_id", "subdistrict_name", "area_name", "started_at", "started_precision",
    "households_affected", "households_affected_lb", "buildings_affected", "buildings_affected_lb",
    "households_out", "households_out_lb", "buildings_out", "buildings_out_lb", "open",
    "restored_at", "restored_precision", "duration_hours", "duration_hours_min",
    "duration_hours_max", "first_etr_at", "etr_at", "etr_precision", "overdue", "etr_slip_hours",
    "last_update_at", "update_age_hours", "updates",
    "households_out_ub", "buildings_out_ub", "households_out_approx", "buildings_out_approx",
)
# The point's fields in order (its "more than", then "at most" and "about" flags last, so older
# readers' columns stay put).
CURVE_COLUMNS = ("scope", "subdistrict_id", "subdistrict_name", "at", "households_out", "buildings_out",
                 "open_outages", "households_unknown", "buildings_unknown", "households_out_lb",
                 "buildings_out_lb", "households_out_ub", "buildings_out_ub", "households_out_approx",
                 "buildings_out_approx", "households_lost", "buildings_lost")
SCOPES = ("all", "subdistrict", "district_level")


@dataclass
class CsvWords:
    """The words of one language: column headers, yes/no, precisions, curve scopes, names in English."""

    headers: Mapping[str, str] = field(default_factory=dict)
    yes_no: tuple[str, str] = ("true", "false")
    precisions: Mapping[str, str] = field(default_factory=dict)
    scopes: Mapping[str, str] = field(default_factory=dict)
    english_names: bool = False


def local_time(value: datetime | None, tz: ZoneInfo) -> str | None:
    """An instant in the event's zone with its offset: 2021-07-24 00:45:00+08:00."""
    return value.astimezone(tz).isoformat(sep=" ", timespec="seconds") if value else None


def _hours(value: timedelta | None) -> float | None:
    return None if value is None else round(value.total_seconds() / 3600.0, 4)


def _timeline_row(row: OutageRow, tz: ZoneInfo, words: CsvWords) -> list[Any]:
    s = row.state

    def precision(value: Precision | None) -> str | None:
        return None if value is None else words.precisions.get(value.value, value.value)

    english = words.english_names
    return [
        s.outage_id, (s.subdistrict_name_en if english and s.subdistrict_name_en else s.subdistrict_name),
        s.area_name_en if english and s.area_name_en else s.area_name,
        local_time(s.started_at, tz), precision(s.started_precision),
        s.households_affected, s.households_affected_lb, s.buildings_affected, s.buildings_affected_lb,
        s.households_out, s.households_out_lb, s.buildings_out, s.buildings_out_lb, s.open,
        local_time(s.restored_at, tz), precision(s.restored_precision),
        _hours(row.duration), _hours(row.duration_min), _hours(row.duration_max),
        local_time(s.first_etr_at, tz), local_time(s.etr_at, tz), precision(s.etr_precision), row.overdue,
        _hours(row.etr_slip), local_time(s.last_update_at, tz), _hours(row.update_age), s.updates,
        s.households_out_ub, s.buildings_out_ub, s.households_out_approx, s.buildings_out_approx,
    ]


def _header(columns: tuple[str, ...], words: CsvWords) -> list[str]:
    return [words.headers.get(c, c) for c in columns]


def _columns(keys: tuple[str, ...], words: CsvWords) -> list[Column]:
    """Columns whose headers are the view's words."""
    # The view hands over the headers in the reader's language: both language slots carry them.
    return [Column(k, words.headers.get(k, k), words.headers.get(k, k)) for k in keys]


def _lang(words: CsvWords) -> str:
    """zh or en, as the view's words are."""
    return "en" if words.english_names else "zh"


def timeline_table(timeline: Timeline, words: CsvWords) -> Table:
    """One line per outage (grouped by subdistrict, in the page's order); empty means not reported."""
    tz = ZoneInfo(timeline.timezone)
    rows = [_timeline_row(r, tz, words) for group in timeline.groups for r in group.rows]
    return Table(_columns(TIMELINE_COLUMNS, words), rows, name="timeline")


def timeline_csv(timeline: Timeline, words: CsvWords) -> str:
    """The timeline table as CSV, through incidents.csvfile."""
    return to_csv(_header(TIMELINE_COLUMNS, words), timeline_table(timeline, words).rows, words.yes_no)


def timeline_xlsx(timeline: Timeline, words: CsvWords) -> bytes:
    """The timeline table as an XLSX workbook (numbers as numbers, text never a formula)."""
    return to_xlsx(timeline_table(timeline, words), _lang(words))


def curve_table(whole: Curve, curves: list[Curve], tz: ZoneInfo, words: CsvWords) -> Table:
    """The whole event's curve, then each subdistrict's, one line per change.

    Outages reported for the district itself, not a subdistrict, have the district-level scope.
    """

    def rows() -> Iterator[list[Any]]:
        times: dict[datetime, str | None] = {}
        for curve in [whole, *curves]:
            scope = SCOPES[0] if curve is whole else SCOPES[1] if curve.subdistrict_id else SCOPES[2]
            name = curve.name_en if words.english_names and curve.name_en else curve.name
            head = [words.scopes.get(scope, scope), curve.subdistrict_id, name or ""]
            for p in curve.points:
                at = times.get(p.at)
                if at is None:
                    at = times[p.at] = local_time(p.at, tz)
                # An empty cell where every open outage was silent (未报, curves.told), as in the timeline table.
                yield [*head, at, *p.told_out(), *p[3:]]

    return Table(_columns(CURVE_COLUMNS, words), rows(), name="curve")


def curve_csv(whole: Curve, curves: list[Curve], tz: ZoneInfo, words: CsvWords) -> str:
    """The curve table as CSV, through incidents.csvfile."""
    return to_csv(_header(CURVE_COLUMNS, words), curve_table(whole, curves, tz, words).rows, words.yes_no)


def curve_xlsx(whole: Curve, curves: list[Curve], tz: ZoneInfo, words: CsvWords) -> bytes:
    """The curve table as an XLSX workbook."""
    return to_xlsx(curve_table(whole, curves, tz, words), _lang(words))
