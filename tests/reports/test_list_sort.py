"""The report list's order (`sort`): newest observation first by default, newest arrival (reported_at) first, or
oldest observation first; ties by id the same way. The page, its pages and its downloads keep the choice."""

from __future__ import annotations

import html as htmllib
import re

import pytest
import sqlalchemy as sa

from incidents.models import Report
from incidents.reports.models import LIVE
from tests.conftest import switch_language
from tests.exports.conftest import ids_of

# What each order means, said here apart from listing.py's ORDER BY: (key of a report, newest first).
ORDERS = {
    "observed_desc": (lambda r: (r.observed_at, r.id), True),
    "reported_desc": (lambda r: (r.reported_at, r.id), True),
    "observed_asc": (lambda r: (r.observed_at, r.id), False),
}
DOWNLOADS = {"CSV": ("csv", 1), "XLSX": ("xlsx", 1), "JSON": ("json", 1), "HXL CSV": ("csv", 2)}


def expected(session, event, sort: str, kind: str | None = None) -> list[int]:
    """The live reports' ids in the order `sort` promises."""
    reports = session.scalars(sa.select(Report).where(Report.event_id == event.id, Report.status.in_(LIVE)))
    key, newest_first = ORDERS[sort]
    return [r.id for r in sorted((r for r in reports if kind is None or r.kind == kind), key=key,
                                 reverse=newest_first)]


def ids_on(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'id="report-(\d+)"', page)]


def pager_link(page: str, arrow: str) -> tuple[str, str] | None:
    """(href, words) of the pager's link with that arrow (‹ or ›), None on the first or last page."""
    nav = re.search(r'<nav class="pager".*?</nav>', page, re.S)
    found = nav and re.search(rf'<a href="([^"]+)">([^<]*{arrow}[^<]*)</a>', nav.group(0))
    return (htmllib.unescape(found.group(1)), found.group(2).strip()) if found else None


def walk(client, url: str) -> list[int]:
    """Every id the list shows from `url` on, by the pager's own links."""
    ids: list[int] = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.get_data(as_text=True)
        ids += ids_on(page)
        following = pager_link(page, "›")
        url = following[0] if following else ""
    return ids


def test_the_demo_orders_differ(event, session):
    """The demo's reports come in three different orders, with ties on both clocks (the test below means it)."""
    lists = {sort: expected(session, event, sort) for sort in ORDERS}
    assert len({tuple(v) for v in lists.values()}) == 3
    reports = list(session.scalars(sa.select(Report).where(Report.event_id == event.id)))
    assert len({r.observed_at for r in reports}) < len(reports)
    assert len({r.reported_at for r in reports}) < len(reports)


@pytest.mark.parametrize("sort", [*ORDERS, ""])
def test_each_order_lists_the_reports_so_page_after_page(viewer, event, session, sort):
    """Four a page: each page goes on where the last stopped, no report twice or left out, ties by id."""
    shown = walk(viewer, f"/events/{event.id}/reports?sort={sort}" if sort else f"/events/{event.id}/reports")
    assert shown == expected(session, event, sort or "observed_desc")


def test_a_sort_with_a_filter_pages_in_its_order(viewer, app, event, session):
    app.config["PAGE_SIZE"] = 3
    wanted = expected(session, event, "observed_asc", kind="activity")
    assert len(wanted) > 3  # more than a page
    assert walk(viewer, f"/events/{event.id}/reports?kind=activity&sort=observed_asc") == wanted


def test_the_pager_says_which_way_time_runs(viewer, event):
    newest = viewer.get(f"/events/{event.id}/reports?page=2").get_data(as_text=True)
    assert pager_link(newest, "‹")[1] == "‹ 较新" and pager_link(newest, "›")[1] == "较早 ›"
    oldest = viewer.get(f"/events/{event.id}/reports?page=2&sort=observed_asc").get_data(as_text=True)
    back, on = pager_link(oldest, "‹"), pager_link(oldest, "›")
    assert back[1] == "‹ 较早" and on[1] == "较新 ›"
    assert "sort=observed_asc" in back[0] and "page=1" in back[0] and "page=3" in on[0]


@pytest.mark.parametrize("sort", list(ORDERS))
def test_every_download_of_the_page_lists_in_its_order(viewer, app, event, session, sort):
    """The page's own download links, followed: the rows in the page's order (all of them)."""
    app.config["PAGE_SIZE"] = 1000
    page = viewer.get(f"/events/{event.id}/reports?sort={sort}").get_data(as_text=True)
    shown = ids_on(page)
    assert shown == expected(session, event, sort)
    links = dict((words, htmllib.unescape(href)) for href, words in
                 re.findall(r'<a href="([^"]+)" download[^>]*>([^<]+)</a>', page))
    assert set(links) == set(DOWNLOADS)
    for words, (fmt, skip) in DOWNLOADS.items():
        response = viewer.get(links[words])
        assert response.status_code == 200, words
        assert ids_of(response.data, fmt, skip=skip) == shown, (sort, words)


def test_the_json_download_says_its_order(viewer, event):
    response = viewer.get(f"/events/{event.id}/reports/export.json?sort=reported_desc")
    assert response.json["sort"] == "reported_desc"


@pytest.mark.parametrize("url", ["reports", "reports/export.csv", "reports/export.xlsx", "reports/export.json",
                                 "reports/export.hxl.csv"])
def test_an_unknown_order_is_a_400_naming_sort(viewer, event, url):
    """As a bad filter is: named, with the orders there are (a link cut short must not list in another order)."""
    for query, problem in [("sort=newest", "未知的排序（可选 observed_desc, reported_desc, observed_asc）"),
                           ("sort=observed_at", "未知的排序"),
                           ("sort=reported_desc&sort=observed_asc", "出现了不止一次")]:
        response = viewer.get(f"/events/{event.id}/{url}?{query}")
        assert response.status_code == 400, (url, query)
        assert f"排序：{problem}" in response.get_data(as_text=True), (url, query)
    both = viewer.get(f"/events/{event.id}/{url}?sort=newest&kind=bogus").get_data(as_text=True)
    assert "类型：未知的报告类型" in both and "排序：未知的排序" in both


def test_the_sort_control_shows_the_choice_and_belongs_to_the_filters_form(viewer, event):
    page = viewer.get(f"/events/{event.id}/reports?kind=activity&day=2021-07-24&sort=reported_desc"
                      ).get_data(as_text=True)
    control = re.search(r'<div class="sort-form">.*?</div>', page, re.S).group(0)
    options = re.findall(r'<option value="(\w+)"( selected)?>([^<]+)</option>', control)
    assert options == [("observed_desc", "", "发生时间（新→旧）"), ("reported_desc", " selected", "获知时间（新→旧）"),
                       ("observed_asc", "", "发生时间（旧→新）")]
    # One form: the order's button sends the filters shown, the filters' button the order chosen.
    filters = re.search(r'<form method="get" class="filter-form" id="([\w-]+)">.*?</form>', page, re.S)
    assert f'<select id="f-sort" name="sort" form="{filters.group(1)}">' in control
    assert f'<button type="submit" form="{filters.group(1)}">查看</button>' in control
    shown = filters.group(0)
    assert '<option value="activity" selected>' in shown and '<option value="2021-07-24" selected>' in shown
    # Clearing the filters keeps the order: the coordinator asked for it, not for those filters.
    clear = re.search(r'<a class="tap" href="([^"]+)">清除</a>', shown).group(1)
    assert htmllib.unescape(clear) == f"/events/{event.id}/reports?sort=reported_desc"
    default = viewer.get(f"/events/{event.id}/reports").get_data(as_text=True)
    assert '<option value="observed_desc" selected>' in default


def test_the_orders_read_in_english(viewer, event):
    switch_language(viewer, "en")
    page = viewer.get(f"/events/{event.id}/reports?sort=observed_asc&page=2").get_data(as_text=True)
    form = re.search(r'<div class="sort-form">.*?</div>', page, re.S).group(0)
    assert re.findall(r'<option value="\w+"(?: selected)?>([^<]+)</option>', form) == [
        "Happened, newest first", "Known at, newest first", "Happened, oldest first"]
    assert ">Sort</label>" in form
    assert pager_link(page, "›")[1] == "Newer ›"
    bad = viewer.get(f"/events/{event.id}/reports?sort=newest").get_data(as_text=True)
    assert "Sort: unknown order (observed_desc, reported_desc, observed_asc)" in bad
