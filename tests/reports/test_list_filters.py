"""The report list's filters on the page and its downloads: the API's rules, a bad one a 400 naming it."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from incidents.models import Area, Report
from incidents.reports.models import LIVE
from tests.conftest import switch_language
from tests.exports.conftest import ids_of

BIG = str(2**63)  # beyond any integer column: refused before it reaches the database

# (query, the parameter as the page names it, its problem: in Chinese, the default language; never its key)
BAD = [
    ("kind=bogus", "类型", "未知的报告类型"),
    ("area=abc", "地点", "未知的地点"),
    (f"area={BIG}", "地点", "未知的地点"),
    ("area=999999", "地点", "未知的地点"),
    ("area=-3", "地点", "未知的地点"),
    ("status=bogus", "状态", "未知的状态"),
    ("reporter=abc", "填报人", "须为整数"),
    (f"reporter={BIG}", "填报人", "须为整数"),
    ("subdistrict=abc", "街道（镇）", "未知的地点"),
    (f"subdistrict={BIG}", "街道（镇）", "未知的地点"),
    ("day=garbage", "日期", "须为日期"),
    ("day=2020-01-01", "日期", "不在本事件的日期范围内"),
]
PAGES = ["reports", "reports/export.csv"]
OTHER_DOWNLOADS = ["reports/export.xlsx", "reports/export.json", "reports/export.hxl.csv"]


@pytest.fixture
def reader(client, auth, make_user, app):
    """A logged-in viewer, every report on one page."""
    app.config["PAGE_SIZE"] = 1000
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    return client


def listed(client, url: str) -> list[int]:
    """The report ids the list page shows."""
    response = client.get(url)
    assert response.status_code == 200, url
    return [int(i) for i in re.findall(r'id="report-(\d+)"', response.get_data(as_text=True))]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(("query", "name", "problem"), BAD)
def test_a_bad_filter_is_a_400_naming_it(reader, event, page, query, name, problem):
    response = reader.get(f"/events/{event.id}/{page}?{query}")
    assert response.status_code == 400, (page, query)
    assert f"{name}：{problem}" in response.get_data(as_text=True), (page, query)


@pytest.mark.parametrize("page", OTHER_DOWNLOADS)
def test_every_download_refuses_a_bad_filter(reader, event, page):
    for query, name, problem in BAD[:3] + BAD[5:9]:
        response = reader.get(f"/events/{event.id}/{page}?{query}")
        assert response.status_code == 400, (page, query)
        assert f"{name}：{problem}" in response.get_data(as_text=True), (page, query)


def test_every_bad_filter_is_named_at_once(reader, event):
    for page in PAGES:
        text = reader.get(f"/events/{event.id}/{page}?kind=bogus&reporter=abc").get_data(as_text=True)
        assert "类型：未知的报告类型；填报人：须为整数" in text, page


def test_the_problem_reads_in_english_when_chosen(reader, event):
    switch_language(reader, "en")
    response = reader.get(f"/events/{event.id}/reports/export.csv?area=abc")
    assert response.status_code == 400 and "Place: unknown area" in response.get_data(as_text=True)


def test_empty_filters_are_no_filter(reader, event, session):
    everything = listed(reader, f"/events/{event.id}/reports")
    empty = "kind=&subdistrict=&area=&day=&status=&reporter="
    assert listed(reader, f"/events/{event.id}/reports?{empty}") == everything
    response = reader.get(f"/events/{event.id}/reports/export.csv?{empty}")
    assert response.status_code == 200 and ids_of(response.data, "csv") == everything
    live = session.scalar(sa.select(sa.func.count()).select_from(Report)
                          .where(Report.event_id == event.id, Report.status.in_(LIVE)))
    assert len(everything) == live


def test_good_filters_still_filter(reader, event, session):
    site = session.scalar(sa.select(Area).where(Area.name == "文峰汇·十二府"))
    reports = list(session.scalars(sa.select(Report).where(Report.event_id == event.id, Report.status.in_(LIVE))))
    cases = {"kind=disinfection": {r.id for r in reports if r.kind == "disinfection"},
             f"area={site.id}": {r.id for r in reports if r.area_id == site.id},
             "status=verified": {r.id for r in reports if r.status == "verified"}}
    for query, expected in cases.items():
        shown = listed(reader, f"/events/{event.id}/reports?{query}")
        assert set(shown) == expected and len(expected) < len(reports), query
        download = reader.get(f"/events/{event.id}/reports/export.csv?{query}")
        assert download.status_code == 200 and ids_of(download.data, "csv") == shown, query
    assert cases["kind=disinfection"] and cases[f"area={site.id}"]  # the filters select something


def test_a_place_chosen_within_its_subdistrict(reader, event, session):
    """The place filter of a big district lists the chosen subdistrict's places: choosing one of them keeps both
    filters, and the list and its downloads show that place's reports (both in one query was a 500)."""
    bdj = session.scalar(sa.select(Area).where(Area.name == "北大街街道"))
    site = session.scalar(sa.select(Area).where(Area.name == "文峰汇·十二府"))
    other = session.scalar(sa.select(Area).where(Area.level == "subdistrict", Area.id != bdj.id))
    reports = list(session.scalars(sa.select(Report).where(Report.event_id == event.id, Report.status.in_(LIVE))))
    expected = [r.id for r in reports if r.area_id == site.id]
    assert expected and len(expected) < len(reports)
    both = f"subdistrict={bdj.id}&area={site.id}"
    assert sorted(listed(reader, f"/events/{event.id}/reports?{both}")) == sorted(expected)
    for fmt in ("csv", "xlsx", "json", "hxl.csv"):
        response = reader.get(f"/events/{event.id}/reports/export.{fmt}?{both}")
        assert response.status_code == 200, fmt
    download = reader.get(f"/events/{event.id}/reports/export.csv?{both}")
    assert sorted(ids_of(download.data, "csv")) == sorted(expected)
    # A place outside the chosen subdistrict: both filters hold, so nothing.
    assert listed(reader, f"/events/{event.id}/reports?subdistrict={other.id}&area={site.id}") == []
