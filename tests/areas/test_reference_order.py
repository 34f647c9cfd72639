"""Subdistricts stand in one order on every page that lists them for reference: the order the office gave its
areas (their administrative codes; those without one after, as they were created). The event page sorted them by
name (codepoint order, meaningless for Chinese), the brief by id, the timeline's groups by name and the map by
households still out, so a district office met 东关, 北大街 and 银杏大街 in a different order on each page."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from incidents import demo
from incidents.areas.services import update_area
from incidents.areas.tree import in_reference_order
from incidents.briefs import services as briefs
from incidents.models import Area, Brief, Event
from incidents.reports.services import create_report

# Code order unlike both the demo's id order (北大街, 银杏大街, 东关, 光华路, 宝莲寺镇) and its name order
# (东关, 光华路, 北大街, 宝莲寺镇, 银杏大街); 光华路 is left without a code, so it comes last.
CODES = {"银杏大街街道": "410502001", "东关街道": "410502002", "宝莲寺镇": "410502003", "北大街街道": "410502004"}
REFERENCE = ["银杏大街街道", "东关街道", "宝莲寺镇", "北大街街道", "光华路街道"]
NAME_ORDER = sorted(REFERENCE)
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def coded(seeded, database, make_user) -> int:
    """The demo with codes on four of its subdistricts, and an outage on each that has none; the rainstorm's id."""
    user_id = make_user("field9", "coordinator")
    with database.transaction() as s:
        event_id = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
        for name, code in CODES.items():
            area = demo._area_by_path(s, f"文峰区/{name}")
            update_area(s, area, {"code": code}, user_id=None)
        start = datetime(2021, 7, 23, 10, tzinfo=SHANGHAI)
        for name in ("东关街道", "光华路街道", "宝莲寺镇"):  # the timeline groups only subdistricts with outages
            area = demo._area_by_path(s, f"文峰区/{name}")
            create_report(s, "outage", {"event_id": event_id, "area_id": area.id, "started_at": start,
                                        "started_precision": "exact", "households_affected": 10},
                          user_id, reported_at=start + timedelta(minutes=5))
        return event_id


def _in_order(text: str) -> list[str]:
    """The subdistricts named in a piece of a page, in the order they first appear."""
    found = sorted((text.find(name), name) for name in REFERENCE if name in text)
    return [name for _, name in found]


def _expect(seen: list[str]) -> None:
    assert len(seen) >= 3, seen  # enough of them to tell the orders apart
    assert seen == [name for name in REFERENCE if name in seen], seen
    assert seen != [name for name in NAME_ORDER if name in seen]


def test_the_rule_is_code_then_creation(coded, session):
    subs = session.scalars(sa.select(Area).where(Area.level == "subdistrict")).all()
    assert [a.name for a in in_reference_order(subs)] == REFERENCE


def _page(auth, make_user, url: str) -> str:
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    response = auth.client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_the_event_page_lists_them_in_the_reference_order(coded, auth, make_user):
    html = _page(auth, make_user, f"/events/{coded}")
    _expect(_in_order(html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]))


def test_the_timeline_groups_them_in_the_reference_order(coded, auth, make_user):
    html = _page(auth, make_user, f"/events/{coded}/timeline")
    groups = html.split("<h2>按街道（镇）分列的停电</h2>", 1)[1].split("<h2>", 1)[0]
    _expect(_in_order(groups))
    curves = html.split("<h2>恢复曲线</h2>", 1)[1].split("<h2>", 1)[0]  # a curve per subdistrict, in its table
    _expect(_in_order(curves))
    # The outages still out are a ranking, longest first, and the heading says so.
    heading = html.split('<section id="outstanding"', 1)[1].split("</h2>", 1)[0]
    assert "停电最久的在前" in heading, heading


def test_the_map_lists_them_in_the_reference_order(coded, auth, make_user):
    html = _page(auth, make_user, f"/events/{coded}/map")
    _expect(_in_order(html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]))


def test_the_report_list_offers_them_in_the_reference_order(coded, auth, make_user):
    html = _page(auth, make_user, f"/events/{coded}/reports")
    select = re.search(r'<select[^>]*name="subdistrict".*?</select>', html, re.S)
    assert select, "no subdistrict filter"
    assert _in_order(select.group(0)) == REFERENCE


def test_the_brief_lists_them_in_the_reference_order(coded, database):
    day = date(2021, 7, 23)
    briefs.compile_once(database, coded, day, now=datetime(2021, 7, 24, 8, tzinfo=SHANGHAI))
    with database.read_session() as s:
        brief = s.scalars(sa.select(Brief).where(Brief.event_id == coded, Brief.day == day)).first()
        content = briefs.load_content(brief)
    assert [row.name for row in content.subdistricts if row.name in REFERENCE] == REFERENCE


def _options(html: str, name: str) -> str:
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', html, re.S)
    assert select, f"no select {name}"
    return select.group(0)


def test_the_account_form_offers_them_in_the_reference_order(coded, auth, make_user):
    make_user("admin1", "admin")
    auth.login("admin1")
    users = auth.client.get("/admin/users/new").get_data(as_text=True)
    assert _in_order(_options(users, "scope_area_id")) == REFERENCE  # each followed by its communities


def test_the_report_form_offers_them_in_the_reference_order(coded, auth, make_user):
    make_user("coord1", "coordinator")
    auth.login("coord1")
    report = auth.client.get(f"/events/{coded}/reports/new/outage").get_data(as_text=True)
    assert _in_order(_options(report, "area_id")) == REFERENCE  # each followed by its places


def test_the_district_page_and_the_area_list_download_keep_the_reference_order(coded, auth, make_user, session):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    district = demo._area_by_path(session, "文峰区")
    html = auth.client.get(f"/areas/{district.id}").get_data(as_text=True)
    assert _in_order(html.split("<ul class=\"chips\">", 1)[1].split("</ul>", 1)[0]) == REFERENCE
    csv = auth.client.get(f"/areas/export.csv?under={district.id}").get_data(as_text=True)
    assert _in_order(csv) == REFERENCE
