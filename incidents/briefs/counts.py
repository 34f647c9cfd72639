"""Disinfection counts in SQL: per subdistrict and category, for the period and to date.

Most areas send each round's counts, which add up. Some send totals to date (截至目前): for that
area and category the latest such report replaces everything before it, and later rounds add to
it. The plain sums are cheap; window functions read only the areas that sent totals to date.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, overload

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.briefs.sql import as_utc, flag, known, num, subdistricts, utc_of
from incidents.reports.models import Category, Disinfection, DisinfectionCount

PERSON_TIMES = "_person_times"
# Staff on duty (people, 人) travel beside the categories too, never added to person-times (人次).
STAFF = "_staff"


@dataclass
class CountState:
    """Disinfection to date for one subdistrict and category: value and flags."""

    value: int | None = None
    lb: bool = False
    cum: bool = False


Counts = dict[tuple[int | None, str], CountState]


@dataclass
class AreaCount(CountState):
    """Disinfection to date for one area that sends totals to date, and one category: with the
    latest such report (time, id) that the count starts from (None: none for this category)."""

    cum_t: datetime | None = None
    cum_rid: int | None = None


@functools.cache
def _disinfection_aliases() -> tuple[Any, Any, Any]:
    """The three aliases of Disinfection the rows read, made once (an alias proxies every column on first use)."""
    return tuple(sa.orm.aliased(Disinfection, name=name) for name in ("d", "d2", "d3"))  # type: ignore[return-value]


def _disinfection_rows(event_id: int | Sequence[int], cutoff: datetime | None, before: datetime | None,
                       since: datetime | None = None, areas: Any = None, only: sa.Select | None = None,
                       people_only: bool = False) -> sa.Subquery:
    """One row per (report, category) plus one per report for person-times (NULL: not reported).

    `only`: a SELECT of report ids to keep (the reports a carried ledger has not counted). `people_only`:
    the person-times rows alone. `event_id`: one event, or several (the home page's); `before` None: no bound.
    """

    def where(d: Any) -> list[sa.ColumnElement[bool]]:
        conds = known(d, event_id, cutoff)
        if before is not None:
            conds.append(d.observed_at < before)
        if since is not None:
            conds.append(d.observed_at >= since)
        if areas is not None:
            conds.append(d.area_id.in_(areas))
        if only is not None:
            conds.append(d.id.in_(only))
        return conds

    d, d2, d3 = _disinfection_aliases()
    # A total to date that gave no person-times is no total of them (its row counts as "more than" only).
    people = (sa.select(d2.id.label("rid"), d2.area_id.label("area_id"), d2.observed_at.label("t"),
                        sa.and_(d2.cumulative, d2.person_times.is_not(None)).label("cum"),
                        sa.literal(PERSON_TIMES, sa.String(40)).label("code"),
                        d2.person_times.label("n"), sa.or_(d2.person_times_lb, d2.person_times.is_(None)).label("lb"),
                        d2.event_id.label("event_id"))
              .where(*where(d2)))
    if people_only:
        return people.subquery("dis_rows")
    counts = (sa.select(d.id.label("rid"), d.area_id.label("area_id"), d.observed_at.label("t"),
                        d.cumulative.label("cum"), DisinfectionCount.category_code.label("code"),
                        DisinfectionCount.count.label("n"), DisinfectionCount.count_lb.label("lb"),
                        d.event_id.label("event_id"))
              .join(DisinfectionCount, DisinfectionCount.report_id == d.id).where(*where(d)))
    # Staff on duty is a head count of the report's own day, never a total to date: a report of totals to date
    # replaces the categories and person-times before it, not the people on duty on earlier days.
    staff = (sa.select(d3.id, d3.area_id, d3.observed_at, sa.false(), sa.literal(STAFF, sa.String(40)),
                       d3.staff, d3.staff_lb, d3.event_id)
             .where(*where(d3), d3.staff.is_not(None)))
    return sa.union_all(counts, people, staff).subquery("dis_rows")


def _latest_totals(rows: sa.Subquery) -> tuple[sa.Subquery, sa.ColumnElement[bool]]:
    """The rows with each (event, area, category)'s latest report of totals to date (cum_t, cum_rid), and
    the rows that count to date: that report and the plain rounds after it (every row where there is none)."""
    is_cum = sa.and_(rows.c.cum == sa.true(), rows.c.n.is_not(None))
    within = (rows.c.event_id, rows.c.area_id, rows.c.code)
    l1 = sa.select(rows, sa.func.max(sa.case((is_cum, rows.c.t)), type_=rows.c.t.type).over(partition_by=within)
                   .label("cum_t")).subquery("l1")
    l1_cum = sa.and_(l1.c.cum == sa.true(), l1.c.n.is_not(None))
    l2 = sa.select(l1, sa.func.max(sa.case((sa.and_(l1_cum, l1.c.t == l1.c.cum_t), l1.c.rid))).over(
        partition_by=(l1.c.event_id, l1.c.area_id, l1.c.code)).label("cum_rid")).subquery("l2")
    counted = sa.or_(l2.c.cum_t.is_(None), l2.c.rid == l2.c.cum_rid,
                     sa.and_(l2.c.cum == sa.false(), l2.c.t > l2.c.cum_t))
    return l2, counted


def person_times_to_date(event_ids: Sequence[int]) -> sa.Select:
    """Per event: (event_id, person-times to date as known now, lower bound) by the brief's rule of totals to
    date, for the headline figures of several events in one statement.

    As disinfection_to_date: a plain sum over the areas that never sent totals to date, the window functions
    only over those that did (the window over every row was 234 of 432 ms of the home page's figures at
    62,695 reports, 3 December; split, it is the plain sum's ~30 ms plus the few areas').
    """
    d = Disinfection
    # Not correlated with the plain sum's own FROM (the same tables): a list of areas of its own. `area_id + 0`:
    # for a DISTINCT of the bare column SQLite walked every report by the area index (413 ms at 62,695 reports);
    # of an expression it reads the event's disinfections by the event/kind index (113 ms), 3 December.
    cum_areas = (sa.select((d.area_id + 0).label("area_id")).where(*known(d, event_ids, None), d.cumulative.is_(True))
                 .distinct().correlate(None))
    plain = (sa.select(d.event_id.label("event_id"), sa.func.sum(d.person_times).label("n"),
                       flag(sa.or_(d.person_times_lb, d.person_times.is_(None))).label("lb"))
             .where(*known(d, event_ids, None), d.area_id.not_in(cum_areas)).group_by(d.event_id))
    l2, counted = _latest_totals(_disinfection_rows(event_ids, None, None, areas=cum_areas, people_only=True))
    windowed = (sa.select(l2.c.event_id, sa.func.sum(l2.c.n).label("n"), flag(l2.c.lb == sa.true()).label("lb"))
                .where(counted).group_by(l2.c.event_id))
    both = sa.union_all(plain, windowed).subquery("person_times")
    return sa.select(both.c.event_id, sa.func.sum(both.c.n), sa.func.max(both.c.lb)).group_by(both.c.event_id)


@overload
def windowed_to_date(session: Session, event_id: int, at: datetime, cutoff: datetime,
                     areas: Any = None, since: datetime | None = None,
                     by_area: Literal[False] = False) -> Counts: ...


@overload
def windowed_to_date(session: Session, event_id: int, at: datetime, cutoff: datetime,
                     areas: Any = None, since: datetime | None = None, *,
                     by_area: Literal[True]) -> dict[tuple[int, str], AreaCount]: ...


def windowed_to_date(session: Session, event_id: int, at: datetime, cutoff: datetime,
                     areas: Any = None, since: datetime | None = None,
                     by_area: bool = False) -> Counts | dict[tuple[int, str], AreaCount]:
    """Per (subdistrict, category): disinfection to date before `at`, known at the cut-off (of `areas` only).

    A report marked cumulative gives its area's totals to date (截至目前): for that area and
    category it replaces everything reported earlier, and later rounds add to it. One pass of
    window functions finds each area's latest cumulative figure. `since`: only rows from then on
    (right for an area and category whose latest totals to date are that recent). `by_area`:
    keyed by area, not subdistrict.
    """
    l2, counted = _latest_totals(_disinfection_rows(event_id, cutoff, at, since=since, areas=areas))
    if by_area:
        query = (sa.select(l2.c.area_id, l2.c.code, sa.func.sum(l2.c.n), flag(l2.c.lb == sa.true()),
                           flag(l2.c.cum == sa.true()), sa.func.max(l2.c.cum_t), sa.func.max(l2.c.cum_rid))
                 .where(counted).group_by(l2.c.area_id, l2.c.code))
        return {(area_id, code): AreaCount(num(n), bool(lb), bool(cum), as_utc(cum_t), cum_rid)
                for area_id, code, n, lb, cum, cum_t, cum_rid in session.execute(query)}
    sub = subdistricts()
    query = (
        sa.select(sub.c.subdistrict_id, l2.c.code, sa.func.sum(l2.c.n),
                  flag(l2.c.lb == sa.true()), flag(l2.c.cum == sa.true()))
        .select_from(l2).outerjoin(sub, sub.c.area_id == l2.c.area_id)
        .where(counted).group_by(sub.c.subdistrict_id, l2.c.code)
    )
    return {(sub_id, code): CountState(num(n), bool(lb), bool(cum))
            for sub_id, code, n, lb, cum in session.execute(query)}


def disinfection_to_date(session: Session, event_id: int, at: datetime, cutoff: datetime
                         ) -> tuple[Counts, dict[tuple[int, str], AreaCount]]:
    """Disinfection to date before `at`, known at the cut-off: (per (subdistrict, category), the
    plain sums of areas that never sent totals to date; per (area, category), the areas that did).

    Plain sums are cheap; only the few areas that sent totals to date need the window functions.
    """
    d = Disinfection
    cum_ever = sa.select(d.area_id).where(*known(d, event_id, cutoff), d.cumulative.is_(True),
                                          d.observed_at < at).distinct()
    rows = _disinfection_rows(event_id, cutoff, at)
    sub = subdistricts()
    plain = (sa.select(sub.c.subdistrict_id, rows.c.code, sa.func.sum(rows.c.n), flag(rows.c.lb == sa.true()))
             .select_from(rows).outerjoin(sub, sub.c.area_id == rows.c.area_id)
             .where(rows.c.area_id.not_in(cum_ever)).group_by(sub.c.subdistrict_id, rows.c.code))
    totals = {(sub_id, code): CountState(num(n), bool(lb), False) for sub_id, code, n, lb in session.execute(plain)}
    return totals, windowed_to_date(session, event_id, at, cutoff, areas=cum_ever, by_area=True)


def add_counts(plain: Counts, areas: Mapping[tuple[int, str], CountState], sub_of: dict[int, int | None]) -> Counts:
    """Per (subdistrict, category): the plain sums with each area's count added to its subdistrict's."""
    totals = dict(plain)
    for (area_id, code), state in areas.items():
        key = (sub_of.get(area_id), code)
        totals[key] = merge_counts(totals.get(key), state)
    return totals


def subdistrict_map(session: Session, area_ids: Any) -> dict[int, int | None]:
    """area id → its subdistrict id (None above or outside any), for a few areas."""
    ids = list(area_ids)
    if not ids:
        return {}
    sub = subdistricts()
    found = dict(session.execute(sa.select(sub.c.area_id, sub.c.subdistrict_id).where(sub.c.area_id.in_(ids))).all())
    return {a: found.get(a) for a in ids}


@dataclass
class DisinfectionRow:
    """One (report, category) row, or the report's person-times (code PERSON_TIMES)."""

    rid: int
    area_id: int
    sub_id: int | None
    t: datetime
    cum: bool
    code: str
    n: int | None
    lb: bool


def disinfection_rows(session: Session, event_id: int, cutoff: datetime, before: datetime,
                      since: datetime | None = None, only: sa.Select | None = None) -> list[DisinfectionRow]:
    """The rows themselves (for a day's worth, or the reports a carried ledger has not counted)."""
    rows = _disinfection_rows(event_id, cutoff, before, since=since, only=only)
    sub = subdistricts()
    query = (sa.select(rows.c.rid, rows.c.area_id, sub.c.subdistrict_id, rows.c.t, rows.c.cum, rows.c.code,
                       rows.c.n, rows.c.lb)
             .select_from(rows).outerjoin(sub, sub.c.area_id == rows.c.area_id)
             .order_by(rows.c.t, rows.c.rid))
    return [DisinfectionRow(r[0], r[1], r[2], utc_of(r[3]), bool(r[4]), r[5], num(r[6]), bool(r[7]))
            for r in session.execute(query)]


def merge_counts(a: CountState | None, b: CountState | None, sign: int = 1) -> CountState:
    """a + sign·b, keeping lower-bound and to-date flags (None stays None only when both are)."""
    if a is None:
        a = CountState()
    if b is None:
        return CountState(a.value, a.lb, a.cum)
    value = None if a.value is None and b.value is None else (a.value or 0) + sign * (b.value or 0)
    return CountState(value, a.lb or b.lb, a.cum or b.cum)


def cumulative_areas(event_id: int, start: datetime, end: datetime, cutoff: datetime) -> sa.Select:
    """Areas that sent a report of totals to date observed in the period (their period needs their history)."""
    d = Disinfection
    return sa.select(d.area_id).where(*known(d, event_id, cutoff), d.cumulative.is_(True),
                                      d.observed_at >= start, d.observed_at < end).distinct()


def disinfection_in_period(session: Session, event_id: int, start: datetime, end: datetime,
                           cutoff: datetime) -> tuple[Counts, Counts]:
    """Per (subdistrict, category) for the period: (what was reported in it, with lb/cum flags and a count;
    the plain rounds of areas that sent no totals to date, summed)."""
    rows = _disinfection_rows(event_id, cutoff, end, since=start)
    sub = subdistricts()
    seen = (sa.select(sub.c.subdistrict_id, rows.c.code, sa.func.count(),
                      flag(rows.c.lb == sa.true()), flag(rows.c.cum == sa.true()))
            .select_from(rows).outerjoin(sub, sub.c.area_id == rows.c.area_id)
            .group_by(sub.c.subdistrict_id, rows.c.code))
    cum_areas = cumulative_areas(event_id, start, end, cutoff)
    plain = (sa.select(sub.c.subdistrict_id, rows.c.code, sa.func.sum(rows.c.n),
                       flag(rows.c.lb == sa.true()), sa.literal(0))
             .select_from(rows).outerjoin(sub, sub.c.area_id == rows.c.area_id)
             .where(rows.c.area_id.not_in(cum_areas))
             .group_by(sub.c.subdistrict_id, rows.c.code))
    return ({(sub_id, code): CountState(int(n), bool(lb), bool(cum))
             for sub_id, code, n, lb, cum in session.execute(seen)},
            {(sub_id, code): CountState(num(n), bool(lb), False)
             for sub_id, code, n, lb, _cum in session.execute(plain)})


def disinfection_reports(session: Session, event_id: int, start: datetime, end: datetime,
                         cutoff: datetime, *, before: bool = True) -> tuple[int, int]:
    """How many disinfection reports were observed in the period, and before its end, in one query.

    `before` False: the period's alone (a carried ledger holds those before it), the second as the first.
    """
    d = Disinfection
    in_period = d.observed_at >= start
    where = [*known(d, event_id, cutoff), d.observed_at < end, *([] if before else [in_period])]
    n, to_date = session.execute(sa.select(sa.func.count(sa.case((in_period, 1))), sa.func.count())
                                 .select_from(d).where(*where)).one()
    return int(n or 0), int(to_date or 0)

def categories(session: Session) -> list[Category]:
    """The category reference list, in display order."""
    return list(session.scalars(sa.select(Category).order_by(Category.sort, Category.code)))
