"""Places on a map: each site's status at a moment as known at another, and what is near a place.

A site is an area with reports of the event. Its status comes from SQL: the outage state rule
(`timelines/rule.py`, one statement) read at each outage's last point and summed per area, and
the pumping and disinfection reports counted per area. Distances are geodesic on WGS-84
(`geo.distance_km`, geopy), computed in Python over the few candidates a bounding box in SQL
lets through.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.areas.far import is_far, known_place, stored_point, unplaced_area
from incidents.areas.models import Area
from incidents.areas.tree import reference_positions
from incidents.days import day_bounds, local_day
from incidents.errors import Message, ValidationError
from incidents.events.models import Event
from incidents.geo import distance_km
from incidents.reports.models import (
    COUNTED,
    Disinfection,
    PowerOutage,
    PumpingOperation,
    Report,
    ReportKind,
    news_of_counted,
)
from incidents.timelines.curves import told
from incidents.timelines.rule import Subdistrict, bound, state_points, sum_marks, with_only

# A site's statuses, most urgent first: its marker takes the first it has.
OUT, PUMPING, RESTORED, DISINFECTED = "out", "pumping", "restored", "disinfected"
STATUSES = (OUT, PUMPING, RESTORED, DISINFECTED)
# Kilometres per degree of latitude, at least (at the equator): a box this wide in latitude
# holds every point within the distance, whatever the latitude.
KM_PER_DEGREE_MIN = 110.57
# The sphere is off the ellipsoid's geodesic by at most ~0.56%: 1% slack never drops a place.
EARTH_MEAN_KM = 6371.0088
SPHERE_SLACK = 1.01
DEFAULT_NEARBY_KM = 3.0
MAX_NEARBY_KM = 50.0


@dataclass
class Site:
    """One place on the map at `at`: where it is, what is happening there, how many households."""

    area_id: int
    name: str
    name_en: str | None
    level: str
    latitude: float | None
    longitude: float | None
    statuses: list[str] = field(default_factory=list)
    outages: int = 0
    open_outages: int = 0
    households_affected: int | None = None     # None: no outage here gave a figure
    households_affected_lb: bool = False
    # None: 未报, every open outage here silent on it (curves.told); with none open a known 0, as the group's and the
    # timeline's (null there read as 未报 beside the timeline's 0 for a site all back)
    households_out: int | None = 0
    households_out_lb: bool = False
    households_out_ub: bool = False             # at most (不超过): read off a "more than" restored count
    households_out_approx: bool = False         # about (约): "more than" and "at most" meet
    households_unknown: int = 0                 # open outages here that gave no households still out
    households_known_lb: bool = False           # a count still out here (not a silent outage) is "more than"
    buildings_affected: int | None = None      # listed beside households, never drawn as them
    buildings_affected_lb: bool = False
    pumping: int = 0
    disinfections: int = 0
    reports: int = 0
    subdistrict_id: int | None = None          # None: district level (or above)
    subdistrict_name: str | None = None
    subdistrict_name_en: str | None = None
    # Stored farther than FAR_KM from the event's place (a sign dropped, the numbers swapped, before the rule
    # refusing it): listed as 位置可疑 with its coordinates, not drawn, so the map stays on the district.
    doubtful: bool = False

    @property
    def status(self) -> str | None:
        """The most urgent status: the marker's colour."""
        return self.statuses[0] if self.statuses else None

    @property
    def placed(self) -> bool:
        """Has coordinates the map draws (not doubtful ones)."""
        return self.latitude is not None and self.longitude is not None and not self.doubtful


@dataclass
class SiteMap:
    """An event's sites at `at` as known at `known_at`; disinfection counts from `period_start`."""

    event_id: int
    at: datetime
    known_at: datetime
    period_start: datetime
    sites: list[Site]

    @property
    def placed(self) -> list[Site]:
        """Sites with coordinates, drawn."""
        return [s for s in self.sites if s.placed]

    @property
    def unplaced(self) -> list[Site]:
        """Sites without coordinates: listed beside the map, never dropped."""
        return [s for s in self.sites if not s.placed and not s.doubtful]

    @property
    def doubtful(self) -> list[Site]:
        """Sites whose stored point is far from the event's place (位置可疑): listed beside the map, not drawn."""
        return [s for s in self.sites if s.doubtful]


@dataclass
class Group:
    """A subdistrict's sites at a glance: how many, and how many need attention."""

    subdistrict_id: int | None
    name: str | None
    name_en: str | None
    sites: int = 0
    out: int = 0
    pumping: int = 0
    households_out: int | None = 0    # None: 未报, every open outage silent on it (curves.told)
    households_out_lb: bool = False
    households_out_ub: bool = False
    households_out_approx: bool = False
    households_unknown: int = 0       # open outages that gave no count: said beside the sum, not in it
    open_outages: int = 0


def by_subdistrict(session: Session, sites: Iterable[Site]) -> list[Group]:
    """The sites' counts per subdistrict in the reference order (areas/tree.reference_key), district level last."""
    groups: dict[int | None, Group] = {}
    for s in sites:
        group = groups.get(s.subdistrict_id)
        if group is None:
            group = groups[s.subdistrict_id] = Group(s.subdistrict_id, s.subdistrict_name, s.subdistrict_name_en)
        group.sites += 1
        group.out += OUT in s.statuses
        group.pumping += PUMPING in s.statuses
        if OUT in s.statuses:
            group.households_out = (group.households_out or 0) + (s.households_out or 0)
            group.households_unknown += s.households_unknown
            group.open_outages += s.open_outages
            group.households_out_lb |= s.households_known_lb
            group.households_out_ub |= s.households_out_ub or s.households_out_approx
    for group in groups.values():
        # The timeline's and the brief's rule: 未报 when every open outage is silent, never a false 0.
        group.households_out = told(group.households_out or 0, group.households_unknown, group.open_outages)
        group.households_out_lb, group.households_out_ub, group.households_out_approx = sum_marks(
            group.households_out_lb and bool(group.households_out), group.households_out_ub)
    # A reference list, not a ranking: the order the office gave its areas, as on the event page and the brief.
    order = reference_positions(session, groups)
    return sorted(groups.values(), key=lambda g: (g.subdistrict_id is None, order.get(g.subdistrict_id or 0, 0)))


def _known(model: Any, event_id: int, known_at: datetime, by_area: bool = False) -> list[sa.ColumnElement[bool]]:
    """A report that counts: this event's, live, known by `known_at`.

    `by_area`: a few areas' reports are wanted, so the event is tested as `event_id + 0`, which
    no index serves: SQLite then finds them by the area index instead of reading the whole
    event's reports by the event index (its planner prefers an equality to an IN list).
    """
    event = (model.event_id + 0 if by_area else model.event_id) == event_id
    return [event, model.status.in_(COUNTED), model.reported_at <= known_at]


def _by_area(areas: Areas) -> bool:
    """The areas are a (short) list of ids: look them up by the area index."""
    return areas is not None and not isinstance(areas, sa.Select)


# Which areas to look at: a SELECT of ids, a list of ids, or None (all).
Areas = sa.Select | Sequence[int] | None


def _outages_by_area(session: Session, event_id: int, at: datetime, known_at: datetime,
                     areas: Areas) -> dict[int, Any]:
    """Per area: outages, open ones, households affected and still out (sums, with lower bounds).

    The state rule's points, each outage's last one (its state at `at`), summed per area in SQL.
    """
    # Not correlated with the rule's own outages: a list of ids, found once.
    only = None if areas is None else sa.select(PowerOutage.id).where(
        (PowerOutage.event_id + 0 if _by_area(areas) else PowerOutage.event_id) == event_id,
        PowerOutage.area_id.in_(areas)).correlate(None)
    sp = state_points(only is not None)
    # Each outage's last point is its state at `at`.
    k = sa.func.row_number().over(partition_by=sp.c.outage_id, order_by=sp.c.rn.desc()).label("k")
    last = sa.select(sp.c.outage_id, sp.c.a_h2, sp.c.a_b2, sp.c.h_out, sp.c.h_lb, sp.c.h_up, sp.c.restored,
                     k).subquery("last")
    affected_lb = sa.or_(last.c.a_h2.is_(None), last.c.a_h2 % 2 == 1)
    query = (sa.select(
        PowerOutage.area_id, sa.func.count(), sa.func.sum(sa.case((last.c.restored == 0, 1), else_=0)),
        sa.func.sum(last.c.a_h2 // 2), sa.func.max(sa.case((affected_lb, 1), else_=0)),
        sa.func.sum(sa.case((last.c.restored == 0, last.c.h_out))),
        sa.func.sum(last.c.a_b2 // 2), sa.func.max(sa.case((sa.or_(last.c.a_b2.is_(None), last.c.a_b2 % 2 == 1), 1),
                                                           else_=0)),
        # Open with a count above 0 that is at most (read off a "more than" restored count).
        sa.func.max(sa.case((sa.and_(last.c.restored == 0, last.c.h_up == 1, last.c.h_out > 0), 1), else_=0)),
        # Open and silent on households (curves.told), and open with a "more than" count of its own ("more than"
        # only above 0, as the timeline reads a state, rule.out_marks: 100余 affected less 100 back is 0, no 0余户).
        sa.func.sum(sa.case((sa.and_(last.c.restored == 0, last.c.h_out.is_(None)), 1), else_=0)),
        sa.func.max(sa.case((sa.and_(last.c.restored == 0, last.c.h_lb == 1, last.c.h_out > 0), 1), else_=0)))
        .join(PowerOutage, PowerOutage.id == last.c.outage_id).where(last.c.k == 1)
        .group_by(PowerOutage.area_id))
    return {row[0]: row for row in session.execute(with_only(query, only), bound(event_id, at, known_at)).all()}


def _active_pumping(event_id: int, at: datetime, known_at: datetime,
                    by_area: bool = False) -> list[sa.ColumnElement[bool]]:
    """A pumping operation under way at `at`, as known at `known_at`."""
    op = PumpingOperation
    return [*_known(op, event_id, known_at, by_area), op.observed_at <= at,
            sa.or_(op.ended_at.is_(None), op.ended_at > at)]


def _counts(session: Session, model: Any, where: Iterable[sa.ColumnElement[bool]],
            areas: Areas) -> dict[int, int]:
    """Reports of a kind per area (GROUP BY in SQL)."""
    query = sa.select(model.area_id, sa.func.count()).where(*where).group_by(model.area_id)
    if areas is not None:
        query = query.where(model.area_id.in_(areas))
    return {area_id: n for area_id, n in session.execute(query).all()}


def site_map(session: Session, event: Event, at: datetime, known_at: datetime | None = None,
             period_start: datetime | None = None, areas: Areas = None, *, urgent_only: bool = False) -> SiteMap:
    """Every site of the event with reports known by `known_at`, and its status at `at`.

    `period_start` (default: the start of `at`'s local day) bounds "disinfected in the period".
    `areas`: the area ids to look at only (a SELECT or a list; the rest are not read).
    `urgent_only`: read outages and pumping only (what the nearby search asks), not the
    disinfection and report counts.
    """
    at = at.astimezone(UTC)
    known_at = (known_at or at).astimezone(UTC)
    if period_start is None:
        period_start = day_bounds(event, local_day(event, at))[0]
    period_start = period_start.astimezone(UTC)
    outages = _outages_by_area(session, event.id, at, known_at, areas)
    by_area = _by_area(areas)
    pumping = _counts(session, PumpingOperation, _active_pumping(event.id, at, known_at, by_area), areas)
    disinfected: dict[int, int] = {}
    reports: dict[int, int] = {}
    if not urgent_only:
        dis = Disinfection
        disinfected = _counts(session, dis, [*_known(dis, event.id, known_at, by_area), dis.observed_at >= period_start,
                                             dis.observed_at <= at], areas)
        # The news of a retracted outage or operation counts nowhere, as in the briefs and `status=counted`; a zero
        # report says there is nothing to report, no site (the event page's count leaves it out too).
        reports = _counts(session, Report, [*_known(Report, event.id, known_at, by_area), *news_of_counted(),
                                            Report.kind != ReportKind.ZERO_REPORT, Report.observed_at <= at], areas)
    ids = set(outages) | set(pumping) | set(disinfected) | set(reports)
    sites = []
    # Plain rows, not ORM objects (a big event has thousands of sites); the subdistrict by
    # three primary-key hops up, for the page's groups.
    sub = Subdistrict()
    area, up1, up2 = sub.hops
    query = (sa.select(area.id, area.name, area.name_en, area.level, area.latitude, area.longitude,
                       sub.id, sub.name, sub.name_en)
             .outerjoin(up1, up1.id == area.parent_id).outerjoin(up2, up2.id == up1.parent_id))
    rows = session.execute(query.where(area.id.in_(ids)).order_by(area.name, area.id)).all() if ids else []
    for (area_id, name, name_en, level, latitude, longitude, sub_id, sub_name, sub_name_en) in rows:
        latitude, longitude = stored_point(latitude, longitude) or (None, None)
        site = Site(area_id, name, name_en, level.value, latitude, longitude,
                    pumping=pumping.get(area_id, 0), disinfections=disinfected.get(area_id, 0),
                    reports=reports.get(area_id, 0), subdistrict_id=sub_id, subdistrict_name=sub_name,
                    subdistrict_name_en=sub_name_en)
        row = outages.get(area_id)
        if row is not None:
            site.outages, site.open_outages = int(row[1]), int(row[2] or 0)
            site.households_affected = None if row[3] is None else int(row[3])
            site.households_affected_lb = bool(row[4]) and site.households_affected is not None
            site.buildings_affected = None if row[6] is None else int(row[6])
            site.buildings_affected_lb = bool(row[7]) and site.buildings_affected is not None
            if site.open_outages:
                # The timeline's and the brief's rule (curves.told): 未报 only when every open outage is silent; else
                # the sum of those that gave a count, the silent ones said beside it (never "more than" for them).
                site.households_unknown, site.households_known_lb = int(row[9] or 0), bool(row[10])
                site.households_out = told(int(row[5] or 0), site.households_unknown, site.open_outages)
                site.households_out_lb, site.households_out_ub, site.households_out_approx = sum_marks(
                    site.households_known_lb and bool(site.households_out), bool(row[8]))
        site.statuses = [s for s, has in ((OUT, site.open_outages), (PUMPING, site.pumping),
                                          (RESTORED, site.outages and not site.open_outages),
                                          (DISINFECTED, site.disinfections)) if has]
        sites.append(site)
    _mark_doubtful(event, sites)
    return SiteMap(event.id, at, known_at, period_start, sites)


def _mark_doubtful(event: Event, sites: list[Site]) -> None:
    """Mark the sites stored farther than FAR_KM from the event's place (areas/far.known_place of its district);
    for an event of no known place, from the median of its sites' points (the points near the others)."""
    points = [(s.latitude, s.longitude) for s in sites if s.latitude is not None and s.longitude is not None]
    known = known_place(event.area) if event.area_id is not None else None
    if known is not None:
        reference = known[1]
    elif len(points) >= 3:  # of two, neither is "the others"
        reference = (sorted(p[0] for p in points)[len(points) // 2], sorted(p[1] for p in points)[len(points) // 2])
    else:
        return
    for site in sites:
        if site.latitude is not None and site.longitude is not None:
            site.doubtful = is_far((site.latitude, site.longitude), reference)


# ---- distances ---------------------------------------------------------------------------------

def bounding_box(latitude: float, longitude: float, km: float) -> sa.ColumnElement[bool]:
    """Areas whose coordinates may lie within `km` of the point: a cheap SQL prefilter, never too small.

    A degree of latitude is at least 110.57 km and a degree of longitude at least that times
    cos(latitude) at the box's edge nearest a pole; the geodesic decides afterwards.
    """
    dlat = km / KM_PER_DEGREE_MIN * 1.01
    cond = sa.and_(Area.latitude.is_not(None), Area.longitude.is_not(None),
                   Area.latitude.between(latitude - dlat, latitude + dlat))
    edge = min(abs(latitude) + dlat, 90.0)
    cos_edge = math.cos(math.radians(edge))
    if cos_edge > 0.01:  # near a pole or across the antimeridian: latitude alone prefilters
        dlon = dlat / cos_edge
        if longitude - dlon > -180 and longitude + dlon < 180:
            cond = sa.and_(cond, Area.longitude.between(longitude - dlon, longitude + dlon))
    return cond


_l = Message  # extracted for translation like gettext
NOT_A_DISTANCE = _l("a distance in km, such as 3")
OUT_OF_RANGE = _l("between 0.1 and %(max)s km", max=int(MAX_NEARBY_KM))


def parse_km(text: str | None) -> float:
    """The radius a person asked for (default 3 km); ValidationError naming `km` when it cannot be used."""
    text = (text or "").strip()
    if not text:
        return DEFAULT_NEARBY_KM
    try:
        km = float(text)
    except ValueError as exc:
        raise ValidationError({"km": NOT_A_DISTANCE}) from exc
    if not 0.1 <= km <= MAX_NEARBY_KM:  # NaN fails both comparisons
        raise ValidationError({"km": OUT_OF_RANGE})
    return km


@dataclass
class Nearby:
    """A site near a place, with its distance in km."""

    site: Site
    km: float


def nearby_sites(session: Session, event: Event, area: Area, km: float, at: datetime,
                 known_at: datetime | None = None) -> list[Nearby]:
    """Other areas within `km` of `area` with an outage still open or pumping under way at `at`, nearest first."""
    here = stored_point(area.latitude, area.longitude)
    if here is None:
        return []
    # The box in SQL and the sphere (cheap) cut the candidates to about the circle; the state rule
    # runs for those areas' outages only (by the area index, not the whole event's); the
    # geodesic measures only the sites that need attention.
    boxed: Sequence[Any] = session.execute(sa.select(Area.id, Area.latitude, Area.longitude)
                                           .where(bounding_box(*here, km), Area.id != area.id)).all()
    # The box keeps only areas with both coordinates.
    near = [i for i, lat, lon in boxed if sphere_km(here, (lat, lon)) <= km * SPHERE_SLACK]
    if not near:
        return []
    found = []
    for site in site_map(session, event, at, known_at, areas=near, urgent_only=True).placed:
        if site.open_outages or site.pumping:
            d = distance_km(here, (site.latitude, site.longitude))  # type: ignore[arg-type]
            if d <= km:
                found.append(Nearby(site, d))
    return sorted(found, key=lambda n: (n.km, n.site.area_id))


def unmeasured_sites(session: Session, event: Event, at: datetime, known_at: datetime | None = None) -> int:
    """Sites with an outage still open or pumping under way at `at` that have no coordinates: no distance to them."""
    unplaced = sa.select(Area.id).where(unplaced_area())
    sites = site_map(session, event, at, known_at, areas=unplaced, urgent_only=True).sites
    return sum(1 for site in sites if site.open_outages or site.pumping)


def sphere_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The great-circle distance on a sphere of the mean radius: a cheap, slightly rough prefilter."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_MEAN_KM * math.asin(min(1.0, math.sqrt(h)))


@dataclass
class Team:
    """A pumping operation under way, how far it is from a place."""

    operation_id: int
    team: str
    team_en: str | None
    area_id: int
    area_name: str
    area_name_en: str | None
    people: int | None
    pumps: int | None
    km: float


def nearest_teams(session: Session, outage: PowerOutage, at: datetime, known_at: datetime | None = None,
                  limit: int = 5) -> list[Team] | None:
    """The pumping operations under way at `at` nearest the outage's place (None: the place has no coordinates)."""
    area = outage.area
    here = None if area is None else stored_point(area.latitude, area.longitude)
    if here is None:
        return None
    known_at = known_at or at
    op = PumpingOperation
    rows: Sequence[Any] = session.execute(
        sa.select(op.id, op.team, op.team_en, Area.id, Area.name, Area.name_en, op.people, op.pumps,
                  Area.latitude, Area.longitude)
        .join(Area, Area.id == op.area_id)
        .where(*_active_pumping(outage.event_id, at, known_at), sa.not_(unplaced_area()))).all()
    teams = [Team(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], distance_km(here, (r[8], r[9]))) for r in rows]
    return sorted(teams, key=lambda t: (t.km, t.operation_id))[:limit]


def default_event(session: Session) -> Event | None:
    """The event an area page looks at by default: the latest begun still going, else the last to end."""
    # With every event over, the one begun last (a typhoon over on the 29th) said nothing was still out while the
    # rainstorm, over on the 31st with an outage open, had the latest word on the place.
    return session.scalars(sa.select(Event).order_by(Event.ends_at.is_not(None), Event.ends_at.desc(),
                                                     Event.starts_at.desc(), Event.id.desc()).limit(1)).first()


# ---- placing an area by a click ----------------------------------------------------------------

MAX_PLACE_POINTS = 300


@dataclass
class KnownPoint:
    """A place already on the map, drawn as a landmark where a new one is placed."""

    area_id: int
    name: str
    name_en: str | None
    latitude: float
    longitude: float


def points_around(session: Session, area: Area | None, parent: Area | None) -> list[KnownPoint]:
    """The known points a click map is drawn around: the parent and its children, else its district's.

    The area itself (when it has a point) is left out: it is drawn as the pin. When the parent's
    family has no point, the district's (the top of the tree above it) subdistricts are taken.
    """
    own_id = area.id if area is not None else None
    family: list[int] = []
    if parent is not None:
        family = [parent.id, *session.scalars(sa.select(Area.id).where(Area.parent_id == parent.id))]
    found = _points(session, family, own_id)
    if not found:
        top = parent or area
        while top is not None and top.parent is not None:
            top = top.parent
        if top is not None:
            found = _points(session, [top.id, *session.scalars(sa.select(Area.id).where(Area.parent_id == top.id))],
                            own_id)
    return found


def _points(session: Session, ids: list[int], leave_out: int | None) -> list[KnownPoint]:
    """These areas' points (those that have one), by name, at most MAX_PLACE_POINTS."""
    if not ids:
        return []
    rows: Sequence[Any] = session.execute(sa.select(Area.id, Area.name, Area.name_en, Area.latitude, Area.longitude)
                           .where(Area.id.in_(ids), Area.id != (leave_out or 0), sa.not_(unplaced_area()))
                           .order_by(Area.name, Area.id).limit(MAX_PLACE_POINTS)).all()
    return [KnownPoint(i, name, name_en, lat, lon) for i, name, name_en, lat, lon in rows]
