"""The timeline and the curve as CSV, in the reader's language: headers, local times with their
offset, yes/no words and precisions as the page says them (the view hands over the words).

Written through incidents.csvfile, so no cell can run as a formula and numbers stay numbers.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from incidents.csvfile import to_csv
from incidents.timelines.services import Curve, OutageRow, Timeline
from incidents.vague import Precision

TIMELINE_COLUMNS = (
    "outage_id", "subdistrict_name", "area_name", "started_at", "started_precision",
    "households_affected", "households_affected_lb", "buildings_affected", "buildings_affected_lb",
    "households_out", "households_out_lb", "buildings_out", "buildings_out_lb", "open",
    "restored_at", "restored_precision", "duration_hours", "duration_hours_min",
    "duration_hours_max", "first_etr_at", "etr_at", "etr_precision", "overdue", "etr_slip_hours",
    "last_update_at", "update_age_hours", "updates",
)
CURVE_COLUMNS = ("scope", "subdistrict_id", "subdistrict_name", "at", "households_out", "buildings_out",
                 "open_outages", "households_unknown", "buildings_unknown")
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
    ]


def _header(columns: tuple[str, ...], words: CsvWords) -> list[str]:
    return [words.headers.get(c, c) for c in columns]


def timeline_csv(timeline: Timeline, words: CsvWords) -> str:
    """One line per outage (grouped by subdistrict, in the page's order); empty means not reported."""
    tz = ZoneInfo(timeline.timezone)
    rows = (_timeline_row(r, tz, words) for group in timeline.groups for r in group.rows)
    return to_csv(_header(TIMELINE_COLUMNS, words), rows, words.yes_no)


def curve_csv(whole: Curve, curves: list[Curve], tz: ZoneInfo, words: CsvWords) -> str:
    """The whole event's curve, then each subdistrict's, one line per change.

    Outages reported for the district itself, not a subdistrict, have the district-level scope.
    """

    def rows() -> Iterator[list[Any]]:
        times: dict[datetime, str | None] = {}
        for curve in [whole, *curves]:
            scope = SCOPES[0] if curve is whole else SCOPES[1] if curve.subdistrict_id else SCOPES[2]
            head = [words.scopes.get(scope, scope), curve.subdistrict_id, curve.name or ""]
            for p in curve.points:
                at = times.get(p.at)
                if at is None:
                    at = times[p.at] = local_time(p.at, tz)
                yield [*head, at, *p[1:]]

    return to_csv(_header(CURVE_COLUMNS, words), rows(), words.yes_no)
