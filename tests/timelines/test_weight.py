"""A big event's timeline on a phone: a light first view, each group's bars on request, gzip on the wire."""

from __future__ import annotations

import gzip
import html as htmlmod
import re
from datetime import UTC, datetime, timedelta

import pytest

from benches.timeline_gen import START, generate
from incidents.events.models import Event
from incidents.timelines import groups, services
from tests import seedcopy
from tests.conftest import switch_language, unspanned

OUTAGES = 600
AT = START + timedelta(days=2)          # many outages started, some not yet: `at` matters
AT_PARAM = "2024-07-22T08:00"           # AT in Asia/Shanghai
NAME = re.compile(r'<span class="name">([^<]*)</span>')


def _generated(database, outages: int, updates: int, **shape: int) -> int:
    """generate()'s event, made once a worker and copied into each later test (the same seed: the same rows)."""
    # Eight tests read one of two events: the copy (bulk inserts too) saves generate()'s Python, 6 December:
    # the module's CPU 14.5-16.9 -> 13.8-14.2 s on SQLite, 16.6-16.7 -> 12.5-14.8 s on PostgreSQL.
    def make() -> int:
        with database.transaction() as s:
            return generate(s, outages, updates, **shape)
    return seedcopy.loaded(database, f"timeline_gen {outages} {updates} {sorted(shape.items())}", make)


@pytest.fixture
def big(database, auth, make_user) -> int:
    """An event of 600 outages in 20 subdistricts (benches/timeline_gen.py), a viewer logged in."""
    event_id = _generated(database, OUTAGES, OUTAGES * 4)
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    return event_id


@pytest.fixture
def expected(database, big) -> list[services.Group]:
    """The groups of the timeline at AT, straight from the service."""
    with database.read_session() as s:
        return services.restoration_timeline(s, s.get(Event, big), at=AT).groups


def _fragment_urls(page: str) -> list[str]:
    """Each collapsed group's fragment, as static/timelines.js finds it: its page's link less /page."""
    return [htmlmod.unescape(u).replace("/page?", "?", 1)
            for u in re.findall(r'<div class="tl-load"><a href="([^"]+)"', page)]


def _names(fragment: str) -> list[str]:
    return [htmlmod.unescape(n) for n in NAME.findall(fragment)]


def test_first_view_is_light_and_holds_every_group_but_no_bar(client, big, expected):
    response = client.get(f"/events/{big}/timeline?at={AT_PARAM}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    # What grows with the outages is left out: no bar, at most 50 lines of the outstanding list
    # (the curves are thinned to 1,000 columns), so the first view stays light at any size.
    assert len(response.data) < 300_000
    assert 'class="tl-row' not in page
    outstanding = page.split('id="outstanding"')[1].split("</section>")[0]
    assert outstanding.count("<tr") - 1 == 50  # the longest out
    assert sum(g.open for g in expected) > 50 and "列出全部" in outstanding
    assert len(_fragment_urls(page)) == len(expected) == 20
    for g in expected:
        section = unspanned(page.split(f'id="sub-{groups.group_key(g.subdistrict_id)}"')[1].split("</details>")[0])
        assert g.name in section and f"{g.outages} 处中 {g.open} 处未恢复" in section


def test_all_outstanding_on_request(client, big, expected):
    page = client.get(f"/events/{big}/timeline?at={AT_PARAM}&outstanding=all").get_data(as_text=True)
    outstanding = page.split('id="outstanding"')[1].split("</section>")[0]
    assert outstanding.count("<tr") - 1 == sum(g.open for g in expected)


def test_a_groups_pages_hold_exactly_its_outages_once_drawn_as_on_the_whole_page(
        client, big, expected, monkeypatch):
    monkeypatch.setattr(groups, "PAGE_SIZE", 8)  # a group of ~20 outages: three pages
    first = client.get(f"/events/{big}/timeline?at={AT_PARAM}").get_data(as_text=True)
    whole = client.get(f"/events/{big}/timeline?at={AT_PARAM}&bars=all").get_data(as_text=True)
    bars = {NAME.search(li).group(1): li for li in re.findall(r'<li class="tl-row .*?</li>', whole)}
    urls = dict(zip([g.subdistrict_id for g in expected], _fragment_urls(first), strict=True))
    for g in expected[:3]:
        url, seen, pages = urls[g.subdistrict_id], [], 0
        assert "at=" in url and "known=" not in url and "axis=" in url  # known is at: left out
        while url:
            response = client.get(url)
            assert response.status_code == 200
            fragment = response.get_data(as_text=True)
            assert "<html" not in fragment
            # The same <li>, byte for byte, as the whole page draws for that outage (same axis).
            for li in re.findall(r'<li class="tl-row .*?</li>', fragment):
                assert li == bars[NAME.search(li).group(1)]
            seen += _names(fragment)
            more = re.search(r'data-next="([^"]+)"', fragment)
            url, pages = htmlmod.unescape(more.group(1)) if more else None, pages + 1
        assert pages == -(-g.outages // 8) >= 2
        assert seen == [r.state.area_name for r in g.rows]  # each once, in the page's order


def test_a_group_page_without_javascript(client, big, expected):
    first = client.get(f"/events/{big}/timeline?at={AT_PARAM}").get_data(as_text=True)
    link = htmlmod.unescape(re.search(r'<a href="([^"]+/groups/[^"]+/page[^"]*)"', first).group(1))
    page = client.get(link).get_data(as_text=True)
    g = expected[0]
    assert "<html" in page and f"<h1>{g.name}</h1>" in page
    assert _names(page) == [r.state.area_name for r in g.rows][:groups.PAGE_SIZE]


@pytest.fixture
def small(build, auth, make_user) -> int:
    """The conftest's small event (no outage yet), a viewer logged in."""
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    return build.event_id


@pytest.mark.parametrize("path, query, status, field", [
    ("nowhere", "", 404, None), ("0", "", 404, None), ("99999999999999999999", "", 404, None),
    ("9223372036854775808", "", 404, None), ("district", "page=0", 400, "页码"),
    ("district", "page=two", 400, "页码"), ("district", "axis=9-1", 400, "时间轴"),
    ("district", "axis=1-99999999999999999999", 400, "时间轴"),
    ("district", "at=yesterday", 400, "截至时刻"), ("district", "page=2", 404, None)])
def test_bad_group_requests_are_refused_by_name(client, small, path, query, status, field):
    for suffix in ("", "/page"):
        response = client.get(f"/events/{small}/timeline/groups/{path}{suffix}?{query}")
        assert response.status_code == status
        if field:
            assert f"{field}：" in response.get_data(as_text=True)  # by its name (page, axis, at), the Chinese colon


def test_only_a_subdistrict_is_a_group(client, small, build):
    assert client.get(f"/events/{small}/timeline/groups/{build.areas['sub-a']}").status_code == 200
    assert client.get(f"/events/{small}/timeline/groups/{build.areas['site-a']}").status_code == 404
    assert client.get(f"/events/{small}/timeline/groups/{build.areas['district']}").status_code == 404


def test_a_small_event_keeps_every_bar_in_the_first_view(client, small, build):
    build.outage("site-a")
    build.outage("site-c")
    page = client.get(f"/events/{small}/timeline").get_data(as_text=True)
    assert page.count('class="tl-row ') == 2 and "tl-load" not in page
    assert page.count('<details class="tl-group"') == 2 and page.count(" open>") == 2


def test_pages_are_gzipped_for_clients_that_ask(client, big):
    url = f"/events/{big}/timeline?at={AT_PARAM}"
    plain = client.get(url)
    packed = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    token = re.compile(rb'name="csrf_token" value="[^"]*"')  # signed with the second: may differ
    assert token.sub(b"", gzip.decompress(packed.data)) == token.sub(b"", plain.data)
    assert len(packed.data) < len(plain.data) / 4
    refused = client.get(url, headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in refused.headers


@pytest.fixture
def province(database, auth, make_user) -> int:
    """A province's event: 750 outages in 250 subdistricts (the pages bench's typhoon hour has 800)."""
    event_id = _generated(database, 750, 3000, subdistricts=250, communities_each=1)
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    return event_id


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_provinces_first_view_is_under_250_kb(client, province, lang):
    """Issue 14: a phone on a flaky network gets the first view of 250 subdistricts in under 300 KB, with margin.

    It grows with the subdistricts (each group's heading and link, each line of the thresholds table), not the
    outages: 321 KB at the pages bench's 250 (docs/performance.md, "The timeline page at a typhoon hour's scale").
    """
    if lang == "en":
        switch_language(client, "en")
    response = client.get(f"/events/{province}/timeline?at=2024-07-23T12:00")  # every outage begun
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and page.count('<details class="tl-group"') == 250
    assert len(response.data) < 250_000, len(response.data)


def _threshold_scopes(page: str) -> list[str]:
    table = page.split('tl-thresholds" aria-labelledby')[1].split("</table>")[0]
    return [htmlmod.unescape(n) for n in re.findall(r'<th scope="row">([^<]+)</th>', table)]


def test_a_provinces_thresholds_list_the_busiest_and_every_subdistrict_a_click_away(client, province, database):
    """The first view's table: the whole event and the 20 subdistricts with most households out, most first; its
    link gives all 250 at the same pinned moment, in the reference order."""
    at = datetime(2024, 7, 23, 4, 0, tzinfo=UTC)
    with database.read_session() as s:
        curves = services.restoration_timeline(s, s.get(Event, province), at=at).curves
    first = client.get(f"/events/{province}/timeline?at=2024-07-23T12:00").get_data(as_text=True)
    shown = _threshold_scopes(first)
    busiest = sorted(curves, key=lambda c: (c.households.current or 0, c.buildings.current or 0),
                     reverse=True)[:20]
    assert shown[0] == "全区" and shown[1:] == [c.name for c in busiest]
    out = [c.households.current or 0 for c in busiest]
    assert out == sorted(out, reverse=True) and out[0] > out[-1] > 0
    link = htmlmod.unescape(re.search(r'<p class="tl-more-thresholds">[^<]*<a class="tap" href="([^"]+)"',
                                      first).group(1))
    assert "at=2024-07-23T12:00" in link and "thresholds=all" in link and "查看全部250个街道（镇）" in first
    every = client.get(link).get_data(as_text=True)
    assert _threshold_scopes(every) == ["全区", *[c.name for c in curves if c.households.reported
                                                    or c.buildings.reported]]
    assert len(_threshold_scopes(every)) == 251 and "tl-more-thresholds" not in every
    # Both tables tell a subdistrict's figures alike: its lines in the first view are those of the whole table.
    line = re.search(r'<tr><th scope="row">' + re.escape(busiest[0].name) + r'</th>.*?</tr>', first).group(0)
    assert line in every
