"""Open outages read by place, as a district office reads them: 三、待办与风险 names a community (村/社区) once
with what lies under it, however many of its buildings and compounds are out.

A place is the outage's nearest community on its path up the area tree (itself, when it is one), else
its own place (a subdistrict, the district, a site under no community).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.areas.models import Area, AreaLevel
from incidents.briefs.content_power import OutageGroup, OverdueLine, PlaceOver
from incidents.briefs.figures import LIST_LIMIT, add_out, qty, when
from incidents.briefs.quantities import Qty, When

# An item names this many overdue outages, then counts the rest: a line read aloud, not a list.
OVERDUE_NAMES = 10


class PlaceRow(NamedTuple):
    """An area on an open outage's path up the tree."""

    id: int
    parent_id: int | None
    level: str
    name: str
    name_en: str | None
    households: int | None


def paths(session: Session, area_ids: Iterable[int]) -> dict[int, PlaceRow]:
    """The areas and every area above them, by id: one query per level of the tree (four at most)."""
    rows: dict[int, PlaceRow] = {}
    wanted = set(area_ids)
    while wanted:
        found = session.execute(sa.select(Area.id, Area.parent_id, Area.level, Area.name, Area.name_en,
                                          Area.households).where(Area.id.in_(sorted(wanted)))).all()
        for r in found:
            rows[r.id] = PlaceRow(r.id, r.parent_id, getattr(r.level, "value", r.level), r.name, r.name_en,
                                  r.households)
        wanted = {r.parent_id for r in found if r.parent_id is not None} - rows.keys()
    return rows


def up_from(rows: dict[int, PlaceRow], area_id: int) -> list[PlaceRow]:
    """The area and its ancestors, the area first."""
    chain = []
    node = rows.get(area_id)
    while node is not None and node not in chain:
        chain.append(node)
        node = rows.get(node.parent_id) if node.parent_id is not None else None
    return chain


def place_of(rows: dict[int, PlaceRow], area_id: int) -> PlaceRow | None:
    """The place an outage's item is under: its nearest community, else its own area."""
    chain = up_from(rows, area_id)
    return next((r for r in chain if r.level == AreaLevel.COMMUNITY.value), chain[0] if chain else None)


def _out(s: Any, name: str) -> Qty:
    return qty(getattr(s, f"{name}_out"), getattr(s, f"{name}_out_lb"), getattr(s, f"{name}_out_approx"),
               ub=getattr(s, f"{name}_out_ub"))


def etr_known(s: Any, later: Any) -> tuple[datetime | None, Any, bool]:
    """An open outage's estimated restoration as known by the cut-off, and whether it was given after the day's end.

    The ETR is no figure of the day but what the office is told to expect: a brief compiled at 08:00 gives the
    one reported by then (`later`: the outage read at the cut-off, still out), as it says a restoration after
    24:00. An outage out again since (its promise kept, none given anew) keeps the day's end's.
    """
    if (later is not None and not later.restored and later.etr_at is not None
            and (later.etr_at, later.etr_precision) != (s.etr_at, s.etr_precision)):
        return later.etr_at, later.etr_precision, True
    return s.etr_at, s.etr_precision, False


def outage_groups(opened: list[Any], rows: dict[int, PlaceRow], at: datetime, after: dict[int, Any]
                  ) -> tuple[list[OutageGroup], int]:
    """The open outages (longest-running first) gathered by place, in the order of each place's first one."""
    groups: dict[int, OutageGroup] = {}
    for s in opened:
        place = place_of(rows, s.area_id)
        key = place.id if place is not None else s.area_id
        g = groups.get(key)
        if g is None:
            g = groups[key] = OutageGroup(
                area_id=key, area=place.name if place else s.area_name, area_en=place.name_en if place else
                s.area_name_en, level=place.level if place else "", subdistrict=s.subdistrict_name,
                subdistrict_en=s.subdistrict_name_en, outage_ids=[], households_out=Qty(), buildings_out=Qty(),
                since=When())
        g.outage_ids.append(s.outage_id)
        g.households_out = add_out(g.households_out, _out(s, "households"))
        g.buildings_out = add_out(g.buildings_out, _out(s, "buildings"))
        g.households_unknown += s.households_out is None
        g.buildings_unknown += s.buildings_out is None
        # Out again after a full restoration: out since then, as its own line says.
        since = when(s.out_again_at, s.out_again_precision) if s.out_again_at is not None else \
            when(s.started_at, s.started_precision)
        if g.since.at is None or (since.at is not None and since.at < g.since.at):
            g.since = since
        later = after.get(s.outage_id)
        etr_at, etr_precision, given_after = etr_known(s, later)
        if etr_at is None:
            g.no_etr += 1
        elif etr_at < at:  # as the outage's own line: overdue at the period's end
            g.overdue_total += 1
            if len(g.overdue) < OVERDUE_NAMES:
                g.overdue.append(OverdueLine(s.outage_id, s.area_name, s.area_name_en, when(etr_at, etr_precision)))
        elif g.etr.at is None or etr_at < g.etr.at:
            g.etr, g.etr_after = when(etr_at, etr_precision), given_after
        if later is not None and later.restored and later.restored_at is not None:
            g.restored_later += 1
            if g.restored_after.at is None or later.restored_at > g.restored_after.at:
                g.restored_after = when(later.restored_at, later.restored_precision)
    for g in groups.values():
        if g.restored_later < len(g.outage_ids):
            g.restored_after = When()  # some still out: no one time says when the place came back
    return list(groups.values())[:LIST_LIMIT], len(groups)


def more_than_live(out: Qty, households: int | None) -> bool:
    """THE rule for "more households out than live there": above the place's own households (an "at most"
    sum is not known to be), or as many and "more than". The brief says so and states the sum as reported."""
    if out.value is None or households is None:
        return False
    return (out.value > households and not out.ub) or (out.value == households and out.lb)


def over_households(opened: list[Any], rows: dict[int, PlaceRow]) -> tuple[list[PlaceOver], int]:
    """Every place on the open outages' paths (their own, community, subdistrict, district) with its households
    known whose open outages add up to more than that (`more_than_live`), in the order met going up from
    each open outage, the longest-running first: the first 30, and how many there are."""
    sums: dict[int, tuple[Qty, int]] = {}
    for s in opened:
        h = _out(s, "households")
        for r in up_from(rows, s.area_id):
            if r.households is not None:
                q, n = sums.get(r.id, (Qty(), 0))
                sums[r.id] = (add_out(q, h), n + 1)
    over = []
    for area_id, (q, n) in sums.items():
        r = rows[area_id]
        if r.households is not None and more_than_live(q, r.households):
            over.append(PlaceOver(r.id, r.name, r.name_en, r.level, r.households, q, n))
    return over[:LIST_LIMIT], len(over)
