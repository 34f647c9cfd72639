"""An event's report list: filters (kind, subdistrict, place, day, status, reporter) and paging."""

from __future__ import annotations

import re

import sqlalchemy as sa

from incidents.areas.tree import path
from incidents.models import Area, Report, User


def listed(client, url: str) -> list[int]:
    """Every report id the list shows for a filter, following the pages."""
    ids: list[int] = []
    page = 1
    while True:
        html = client.get(f"{url}&page={page}").get_data(as_text=True)
        ids += [int(i) for i in re.findall(r'id="report-(\d+)"', html)]
        if f"page={page + 1}" not in html:
            return ids
        page += 1


def test_filters_and_paging(viewer, event, session):
    reports = list(session.scalars(sa.select(Report).where(Report.event_id == event.id)))
    bdj = session.scalar(sa.select(Area).where(Area.name == "北大街街道"))
    site = session.scalar(sa.select(Area).where(Area.name == "文峰汇·十二府"))
    loader = session.scalar(sa.select(User).where(User.username == "demo-loader"))
    local_day = lambda r: r.observed_at.astimezone(event.tz).date().isoformat()  # noqa: E731
    cases = {
        "": [r for r in reports],
        "kind=disinfection": [r for r in reports if r.kind == "disinfection"],
        f"subdistrict={bdj.id}": [r for r in reports if bdj in path(r.area)],
        f"area={site.id}": [r for r in reports if r.area_id == site.id],
        "day=2021-07-24": [r for r in reports if local_day(r) == "2021-07-24"],
        "status=verified": [],
        f"reporter={loader.id}": reports,
        f"kind=outage_update&subdistrict={bdj.id}&day=2021-07-24": [
            r for r in reports if r.kind == "outage_update" and bdj in path(r.area) and local_day(r) == "2021-07-24"],
    }
    base = f"/events/{event.id}/reports?"
    for query, expected in cases.items():
        shown = listed(viewer, base + query)
        assert sorted(shown) == sorted(r.id for r in expected), query
        assert len(shown) == len(set(shown)), query  # no report on two pages
    # Newest observation first, and the page says how many in all.
    first = viewer.get(base).get_data(as_text=True)
    assert f"共{len(reports)}条报告" in first and "第1页" in first
    newest = max(reports, key=lambda r: (r.observed_at, r.id))
    assert re.findall(r'id="report-(\d+)"', first)[0] == str(newest.id)


def test_vague_truth_shown_honestly_in_the_list(viewer, event):
    html = viewer.get(f"/events/{event.id}/reports?kind=outage_update").get_data(as_text=True)
    assert "7月24日下午" in html and "7月24日 约21:00" in html and "7月25日 00:45" in html
    html = viewer.get(f"/events/{event.id}/reports?kind=debris").get_data(as_text=True)
    assert "30余吨" in html and "50余人" in html


def test_a_big_district_lists_the_places_of_the_chosen_subdistrict_only(viewer, event, session, monkeypatch):
    """Over the limit, the place filter offers the chosen subdistrict's places (and the chosen place)."""
    from incidents.areas.tree import subtree_ids
    from incidents.reports import display

    monkeypatch.setattr(display, "PLACE_FILTER_LIMIT", 5)  # the demo's 18 areas stand for a province's 5,000
    bdj = session.scalar(sa.select(Area).where(Area.name == "北大街街道"))
    site = session.scalar(sa.select(Area).where(Area.name == "文峰汇·十二府"))

    def places(url: str) -> list[int]:
        html = viewer.get(url).get_data(as_text=True)
        select = re.search(r'<select id="f-area".*?</select>', html, re.S).group(0)
        return [int(i) for i in re.findall(r'<option value="(\d+)"', select)]

    hint = "先选择街道/乡镇，再按地点筛选。"
    assert places(f"/events/{event.id}/reports") == []
    assert hint in viewer.get(f"/events/{event.id}/reports").get_data(as_text=True)
    under = places(f"/events/{event.id}/reports?subdistrict={bdj.id}")
    assert site.id in under
    assert set(under) == set(session.scalars(subtree_ids(session, bdj.id)))
    assert hint not in viewer.get(f"/events/{event.id}/reports?subdistrict={bdj.id}").get_data(as_text=True)
    # A place chosen stays offered (and selected) even without its subdistrict.
    html = viewer.get(f"/events/{event.id}/reports?area={site.id}").get_data(as_text=True)
    assert f'<option value="{site.id}" selected>' in html
    monkeypatch.setattr(display, "PLACE_FILTER_LIMIT", 500)
    assert len(places(f"/events/{event.id}/reports")) == session.scalar(sa.select(sa.func.count()).select_from(Area))
