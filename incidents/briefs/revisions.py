"""Figures revised since their own brief: a later brief's trend says where it differs from what
each day's own brief said (a mark on the bar and a note, "较当日日报有更正")."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.briefs.content import DayPoint
from incidents.briefs.models import Brief, BriefStatus
from incidents.briefs.quantities import Qty

# The trend's figures a reader compares across briefs.
TREND_FIGURES = ("open_outages", "buildings_out", "households_out", "volume_m3", "debris_kg")
# Counts whose marks the point keeps beside them (households_out_lb, _ub, _approx): part of what was said,
# 50户 and 约50户 or 50余户 and 不超过50户 are not the same figure. A mark a brief stored before had not is false.
MARKED = frozenset({"buildings_out", "households_out"})
MARKS = ("lb", "ub", "approx")


def _said(value: Any) -> Any:
    """A trend figure as a brief shows it: a count, or a quantity's value and its marks (余, 不超过, 约)."""
    if isinstance(value, Qty):
        return (value.value, *(bool(getattr(value, m)) for m in MARKS)) if value.value is not None else None
    if isinstance(value, dict):
        return (value.get("value"), *(bool(value.get(m)) for m in MARKS)) if value.get("value") is not None else None
    return value


def own_points(session: Session, event_id: int, days: list[date], cutoff: datetime) -> dict[date, dict[str, Any]]:
    """Each day's own figures: the last trend point of its latest final brief known at the cut-off (stored JSON)."""
    if not days:
        return {}
    own: dict[date, dict[str, Any]] = {}
    # The trend alone, taken out by the database: not each revision's whole content parsed in Python
    # (an 800 KB brief of 250 subdistricts took ~15 ms of json.loads for a list of a few points).
    for day, trend in session.execute(
            sa.select(Brief.day, Brief.content["trend"]).where(
                Brief.event_id == event_id, Brief.day.in_(days), Brief.cutoff <= cutoff,
                Brief.status != BriefStatus.PROVISIONAL).order_by(Brief.day, Brief.revision)):
        trend = trend or []
        if trend:
            own[day] = trend[-1]
    return own


def revised(point: DayPoint, said: dict[str, Any]) -> list[str]:
    """The figures of a trend point that differ from what the day's own brief said."""
    def differs(name: str) -> bool:
        if _said(getattr(point, name)) != _said(said.get(name)):
            return True
        return name in MARKED and any(bool(getattr(point, f"{name}_{m}")) != bool(said.get(f"{name}_{m}"))
                                      for m in MARKS)

    return [name for name in TREND_FIGURES if differs(name)]
