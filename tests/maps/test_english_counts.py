"""Counts of one read as one in English: "1 reports", "1 outages still open" and "1 outages were given an ETR"
did not."""

from __future__ import annotations

import re
from datetime import timedelta

from incidents.db import now_utc
from incidents.reports.services import create_report
from tests.conftest import switch_language
from tests.maps.test_services import ZDL64


def _text(client, url: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get(url).get_data(as_text=True)))


def test_one_of_a_thing_is_said_in_the_singular(placed, rainstorm_id, live, database, client, auth, make_user):
    office = make_user("office", "coordinator")
    with database.transaction() as s:
        create_report(s, "outage", {"event_id": live.id, "area_id": placed["文峰区/北大街街道/文峰汇·十二府"],
                                    "started_at": now_utc() - timedelta(hours=3), "started_precision": "exact",
                                    "households_affected": 120, "etr_at": now_utc() + timedelta(hours=5),
                                    "etr_precision": "exact"}, office)
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    switch_language(client, "en")
    near = _text(client, f"/areas/{placed[ZDL64]}?event={live.id}")
    assert "1 outage still open" in near and "1 outages" not in near
    site_map = _text(client, f"/events/{rainstorm_id}/map")
    assert re.search(r"· 1 report\b(?!s)", site_map) and "1 reports" not in site_map
    timeline = _text(client, f"/events/{live.id}/timeline")
    assert "1 outage was given an ETR" in timeline and "1 outages" not in timeline
    switch_language(client, "zh")  # the Chinese keeps its words
    assert "1处停电未恢复" in _text(client, f"/areas/{placed[ZDL64]}?event={live.id}")
    assert "1条报告" in _text(client, f"/events/{rainstorm_id}/map")
    assert "1 处停电给出了预计恢复时间" in _text(client, f"/events/{live.id}/timeline")


def test_a_team_of_one_with_one_pump(placed, rainstorm_id, database, session, client, auth, make_user):
    """The nearest teams of an outage: "1 people · 1 pumps" read as 1 person · 1 pump."""
    import sqlalchemy as sa

    from incidents.models import PowerOutage
    from tests.maps.test_services import local

    outage = session.scalars(sa.select(PowerOutage).where(PowerOutage.area_id == placed[ZDL64])).one()
    with database.transaction() as s:
        create_report(s, "pumping", {"event_id": rainstorm_id, "area_id": placed["文峰区/北大街街道/西钟楼巷"],
                                     "team": "近队", "people": 1, "pumps": 1, "observed_at": local("2021-07-31 08:00"),
                                     "observed_precision": "exact"}, outage.reporter_id,
                      reported_at=local("2021-07-31 08:30"))
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    switch_language(client, "en")
    teams = _text(client, f"/reports/{outage.id}")
    assert "1 person · 1 pump" in teams and "1 people" not in teams and "1 pumps" not in teams
    switch_language(client, "zh")
    assert "1人 · 1台泵" in _text(client, f"/reports/{outage.id}")


def test_one_site_with_reports_is_said_in_the_singular(seeded, session, client, auth, make_user):
    """The map's first figure read "1 sites with reports" (the typhoon's one site)."""
    import sqlalchemy as sa

    from incidents.events.models import Event

    typhoon = session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-infa"))
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    switch_language(client, "en")
    site_map = _text(client, f"/events/{typhoon}/map")
    assert "1 site with reports" in site_map and "1 sites" not in site_map
    switch_language(client, "zh")
    assert "1 个有报告的地点" in _text(client, f"/events/{typhoon}/map")
