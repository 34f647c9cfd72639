"""Sites by status, nearby areas and nearest teams, against independently computed geodesics.

Reference distances come from PROJ's geodesic routines (pyproj.Geod on WGS-84: C code independent
of geopy's geographiclib) and from Vincenty's (1975) published worked example.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from pyproj import Geod

from incidents.areas.models import Area
from incidents.errors import ValidationError
from incidents.geo import distance_km
from incidents.maps import services
from incidents.models import Event, PowerOutage
from incidents.reports.models import ReportStatus
from incidents.reports.services import create_report, set_status
from tests.maps.conftest import POINTS

TZ = ZoneInfo("Asia/Shanghai")
WGS84 = Geod(ellps="WGS84")
ZDL64 = "文峰区/北大街街道/彰德路64号院"
WFH = "文峰区/北大街街道/文峰汇·十二府"
ACJY2 = "文峰区/银杏大街街道/安彩嘉园社区/安彩嘉园二期"


def local(text: str) -> datetime:
    """'2021-07-24 12:00' in Asia/Shanghai."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=TZ)


def proj_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """PROJ's geodesic distance (pyproj takes longitude first)."""
    return WGS84.inv(a[1], a[0], b[1], b[0])[2] / 1000


def test_distance_km_matches_vincentys_published_example_and_proj():
    # Vincenty (1975), Survey Review 23(176), as worked by Geoscience Australia: Flinders Peak
    # (37°57′03.72030″S 144°25′29.52440″E) to Buninyong (37°39′10.15610″S 143°55′35.38390″E)
    # is 54,972.271 m on the GRS80 ellipsoid (WGS-84 differs from it by 0.1 mm in b: far below 1 mm here).
    flinders = (-(37 + 57 / 60 + 3.72030 / 3600), 144 + 25 / 60 + 29.52440 / 3600)
    buninyong = (-(37 + 39 / 60 + 10.15610 / 3600), 143 + 55 / 60 + 35.38390 / 3600)
    assert distance_km(flinders, buninyong) == pytest.approx(54.972271, abs=1e-6)
    # Across the district, across a continent, across the world.
    pairs = [(POINTS[ZDL64], POINTS[ACJY2]), (POINTS["文峰区"], (39.9042, 116.4074)),
             ((36.09, 114.35), (-33.8688, 151.2093)), ((0.0, 0.0), (0.5, 179.5))]
    for a, b in pairs:
        assert distance_km(a, b) == pytest.approx(proj_km(a, b), abs=1e-6)  # within a millimetre


def test_sites_take_their_status_from_the_outage_rule_and_what_was_known(placed, rainstorm_id, session):
    event = session.get(Event, rainstorm_id)
    noon24 = services.site_map(session, event, local("2021-07-24 12:00"))
    by_name = {s.name: s for s in noon24.sites}
    assert by_name["安彩嘉园二期"].statuses == ["out", "pumping"]
    assert (by_name["安彩嘉园二期"].buildings_affected, by_name["安彩嘉园二期"].households_affected) == (24, None)
    assert by_name["彰德路64号院"].statuses == ["out"]
    # 文峰汇·十二府's outage and pumping were reported from 10:00 on the 24th: known at 09:00, no such site.
    before = services.site_map(session, event, local("2021-07-24 12:00"), local("2021-07-24 09:00"))
    assert "文峰汇·十二府" not in {s.name for s in before.sites} and "彰德路64号院" in {s.name for s in before.sites}
    # By noon on the 25th 安彩嘉园二期 is restored (00:45) and its pumping over.
    noon25 = {s.name: s for s in services.site_map(session, event, local("2021-07-25 12:00")).sites}
    assert noon25["安彩嘉园二期"].statuses == ["restored"]
    assert noon25["彰德路64号院"].statuses == ["restored"]
    # Places without coordinates are kept, not dropped.
    late = services.site_map(session, event, local("2021-07-31 20:00"))
    assert "官园社区" in {s.name for s in late.unplaced}
    assert all(s.placed for s in late.placed)


def test_households_are_summed_per_site_and_a_retracted_outage_counts_nowhere(placed, rainstorm_id, database,
                                                                           session):
    with database.transaction() as s:
        user = s.scalar(sa.select(PowerOutage.reporter_id).limit(1))
        area = placed["文峰区/北大街街道/西钟楼巷"]
        data = {"event_id": rainstorm_id, "area_id": area, "started_at": local("2021-07-24 08:00"),
                "started_precision": "exact"}
        create_report(s, "outage", {**data, "households_affected": 300}, user, reported_at=local("2021-07-24 09:00"))
        create_report(s, "outage", {**data, "households_affected": 120, "households_affected_lb": True}, user,
                      reported_at=local("2021-07-24 09:00"))
        wrong = create_report(s, "outage", {**data, "households_affected": 5000}, user,
                              reported_at=local("2021-07-24 09:00"))
        set_status(s, wrong, ReportStatus.RETRACTED, user, reason="duplicate")
    event = session.get(Event, rainstorm_id)
    site = {s.name: s for s in services.site_map(session, event, local("2021-07-24 12:00")).sites}["西钟楼巷"]
    assert (site.outages, site.open_outages, site.households_affected, site.households_affected_lb) == (2, 2, 420, True)
    assert (site.households_out, site.households_out_lb) == (420, True)


def test_nearby_areas_are_those_with_open_outages_or_pumping_within_the_distance(placed, rainstorm_id, session):
    event = session.get(Event, rainstorm_id)
    here = session.get(Area, placed[ZDL64])
    at = local("2021-07-24 12:00")
    found = services.nearby_sites(session, event, here, 3.0, at)
    expected = {name: proj_km(POINTS[ZDL64], POINTS[path]) for name, path in
                (("北大街街道", "文峰区/北大街街道"), ("文峰汇·十二府", WFH), ("安彩嘉园二期", ACJY2))}
    assert expected["安彩嘉园二期"] > 3.0  # so the 3 km default leaves it out
    assert [n.site.name for n in found] == sorted(
        (k for k, v in expected.items() if v <= 3.0), key=expected.__getitem__)
    for n in found:
        assert n.km == pytest.approx(expected[n.site.name], abs=1e-6)
    wider = services.nearby_sites(session, event, here, 5.0, at)
    assert [n.site.name for n in wider][-1] == "安彩嘉园二期"
    # Restored and not pumping: nothing near any more on the 27th but the pumping at 文峰汇·十二府's outage.
    later = services.nearby_sites(session, event, here, 5.0, local("2021-07-27 12:00"))
    assert [n.site.name for n in later] == ["文峰汇·十二府"]
    # A place without coordinates measures nothing.
    assert services.nearby_sites(session, event, session.get(Area, placed["文峰区/崔氏祠"]), 5.0, at) == []


def test_the_bounding_box_never_drops_a_place_within_the_distance(database, session):
    """Points just inside the radius at every bearing pass the SQL prefilter, at the equator, here and far north."""
    with database.transaction() as s:
        for lat0 in (0.0, 36.09, 69.65):
            for bearing in range(0, 360, 15):
                lon, lat, _ = WGS84.fwd(114.35, lat0, bearing, 2999.0)
                s.add(Area(name=f"p{lat0}-{bearing}", level="site", latitude=lat, longitude=lon))
    for lat0 in (0.0, 36.09, 69.65):
        inside = session.scalars(sa.select(Area.name).where(services.bounding_box(lat0, 114.35, 3.0),
                                                            Area.name.like(f"p{lat0}-%"))).all()
        assert len(inside) == 24, lat0


def test_nearest_teams_to_an_outage_by_distance(placed, rainstorm_id, session):
    outage = session.scalars(sa.select(PowerOutage).where(PowerOutage.area_id == placed[ZDL64])).one()
    teams = services.nearest_teams(session, outage, local("2021-07-24 12:00"))
    assert teams is not None
    assert [t.area_name for t in teams] == ["文峰汇·十二府", "安彩嘉园二期"]
    assert [t.km for t in teams] == pytest.approx([proj_km(POINTS[ZDL64], POINTS[p]) for p in (WFH, ACJY2)],
                                                   abs=1e-6)
    assert teams[0].team == "河北省衡水市消防救援支队"


@pytest.mark.parametrize("text, km", [("", 3.0), ("1.5", 1.5), (" 50 ", 50.0)])
def test_a_radius_as_typed(text, km):
    assert services.parse_km(text) == km


@pytest.mark.parametrize("text", ["abc", "0", "-2", "51", "nan", "inf", "1e9"])
def test_a_radius_that_cannot_be_used_names_km(text):
    with pytest.raises(ValidationError) as exc:
        services.parse_km(text)
    assert list(exc.value.errors) == ["km"]


@pytest.mark.parametrize("lat0", [0.0, 36.09, 69.65])
def test_the_sphere_prefilter_never_drops_a_place_within_the_distance(lat0):
    """Points just inside the radius (geodesic, by PROJ) at every bearing pass the sphere's cut, and far ones do not."""
    for bearing in range(0, 360, 15):
        lon, lat, _ = WGS84.fwd(114.35, lat0, bearing, 2999.0)
        assert services.sphere_km((lat0, 114.35), (lat, lon)) <= 3.0 * services.SPHERE_SLACK
        lon, lat, _ = WGS84.fwd(114.35, lat0, bearing, 3200.0)
        assert services.sphere_km((lat0, 114.35), (lat, lon)) > 3.0 * services.SPHERE_SLACK


def test_sites_are_counted_by_subdistrict_with_households_out_never_a_false_zero(placed, rainstorm_id, session):
    found = services.site_map(session, session.get(Event, rainstorm_id), local("2021-07-24 12:00"))
    groups = {g.name: g for g in services.by_subdistrict(session, found.sites)}
    assert sum(g.sites for g in groups.values()) == len(found.sites)
    north = groups["北大街街道"]
    in_north = [s for s in found.sites if s.subdistrict_name == "北大街街道"]
    assert north.sites == len(in_north) and north.out == sum("out" in s.statuses for s in in_north) > 0
    # Every open outage there is silent on households: 未报 (None), by the timeline's rule, not a sum of 0.
    assert north.households_unknown == north.open_outages == sum(s.open_outages for s in in_north) > 0
    assert north.households_out is None
    # The district's own sites (no subdistrict above them) are a group of their own, listed last.
    in_order = [g.subdistrict_id is None for g in services.by_subdistrict(session, found.sites)]
    assert in_order == sorted(in_order)


def test_a_zero_report_makes_no_site(placed, rainstorm_id, database, session):
    """Found on the demo (6 Dec): a subdistrict's zero report drew it as a grey site "其他报告 · 共1条报告", one of
    "2 个有报告的地点", while the event page counted the one real report and the list said a zero report counts in no
    figure."""
    with database.transaction() as s:
        user = s.scalar(sa.select(PowerOutage.reporter_id).limit(1))
        create_report(s, "zero_report", {"event_id": rainstorm_id, "area_id": placed["文峰区/光华路街道"],
                                         "period_day": local("2021-07-24 00:00").date()}, user,
                      reported_at=local("2021-07-25 09:00"))
    event = session.get(Event, rainstorm_id)
    assert "光华路街道" not in {s.name for s in services.site_map(session, event, local("2021-07-25 12:00")).sites}
