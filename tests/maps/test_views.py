"""The map page, its links, the area page's neighbours, an outage's nearest teams, the brief's map, tiles and CSP."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from incidents import create_app
from incidents.briefs.compiling import compile_brief
from incidents.briefs.models import Brief
from incidents.config import ConfigError
from incidents.models import Event, PowerOutage
from incidents.reports.services import create_report
from tests.maps.conftest import POINTS, place
from tests.maps.test_services import ACJY2, ZDL64, local, proj_km


@pytest.fixture
def viewer(auth, make_user):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    return auth.client


def test_the_map_shows_sites_by_status_numbered_with_links_and_lists_the_unplaced(placed, rainstorm_id, viewer):
    page = viewer.get(f"/events/{rainstorm_id}/map?at=2021-07-24T12:00")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    svg = html[html.index("<svg"):html.index("</svg>")]
    # Four sites at noon on the 24th; the two pumping and without power first (then by name).
    assert svg.count('class="site status-out"') == 4
    names = re.findall(r'<a class="name" href="/areas/\d+">([^<]+)</a>', html)
    assert names[:4] == sorted(names[:4], key=["北大街街道", "安彩嘉园二期", "彰德路64号院", "文峰汇·十二府"].index)
    # Each marker links to its site's reports, and so does the list.
    acjy2 = placed["文峰区/银杏大街街道/安彩嘉园社区/安彩嘉园二期"]
    assert f'href="/events/{rainstorm_id}/reports?area={acjy2}"' in svg
    assert f"/events/{rainstorm_id}/reports?area={acjy2}" in html.split("</svg>")[1]
    legend = html.split('class="map-legend"')[1].split("</ul>")[0]
    assert re.findall(r"</span>([^<]+)</li>", legend)[:4] == ["停电", "排涝", "已恢复供电", "本时段已消杀"]
    assert "24栋" in html  # buildings listed, never drawn as households
    # At the event's end, 官园社区 (activity, no coordinates) is listed beside the map, not dropped.
    end = viewer.get(f"/events/{rainstorm_id}/map").get_data(as_text=True)
    unplaced = end.split('id="unplaced-h"')[1]
    assert "官园社区" in unplaced and "官园社区" not in end[end.index("<svg"):end.index("</svg>")]


def test_a_bad_moment_is_a_400_naming_it_and_the_page_still_shows(placed, rainstorm_id, viewer):
    page = viewer.get(f"/events/{rainstorm_id}/map?at=2021-13-40T99:00")
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    assert 'id="at-error"' in html and "<svg" in html


def test_the_map_is_linked_from_the_event_page_and_the_timeline(placed, rainstorm_id, viewer):
    assert f'href="/events/{rainstorm_id}/map"' in viewer.get(f"/events/{rainstorm_id}").get_data(as_text=True)
    timeline = viewer.get(f"/events/{rainstorm_id}/timeline?at=2021-07-24T12:00").get_data(as_text=True)
    assert f'href="/events/{rainstorm_id}/map?at=2021-07-24T12:00"' in timeline


def test_an_area_page_lists_what_is_going_on_nearby(placed, rainstorm_id, database, viewer):
    # The demo event is over: its live moment is its end (31 July), when only 文峰汇·十二府 is still out.
    url = f"/areas/{placed[ZDL64]}?event={rainstorm_id}"
    html = viewer.get(url).get_data(as_text=True)
    nearby = html.split('id="nearby"')[1].split("</section>")[0]
    km = proj_km(POINTS[ZDL64], POINTS["文峰区/北大街街道/文峰汇·十二府"])
    assert "文峰汇·十二府" in nearby and (f"{km:.1f} km" if km >= 1 else f"{km:.2f} km") in nearby
    assert "安彩嘉园二期" not in nearby
    # Within 0.5 km there is nothing.
    assert "文峰汇·十二府" not in viewer.get(url + "&km=0.5").get_data(as_text=True).split('id="nearby"')[1]
    bad = viewer.get(url + "&km=abc")
    assert bad.status_code == 400 and "km" in bad.get_data(as_text=True)
    assert viewer.get(f"/areas/{placed[ZDL64]}?event=999999").status_code == 400
    # A place without coordinates says why there is nothing.
    html = viewer.get(f"/areas/{placed['文峰区/崔氏祠']}?event={rainstorm_id}").get_data(as_text=True)
    assert "没有坐标" in html.split('id="nearby"')[1]


def test_an_outage_lists_the_nearest_pumping_teams(placed, rainstorm_id, database, viewer, session):
    outage = session.scalars(sa.select(PowerOutage).where(PowerOutage.area_id == placed[ZDL64])).one()
    page = f"/reports/{outage.id}"
    # The event is over: its page looks at its end (31 July 23:59), when the demo's pumping had ended.
    assert "没有带坐标的排涝作业正在进行" in viewer.get(page).get_data(as_text=True)
    with database.transaction() as s:
        for path, team in ((ACJY2, "远队"), ("文峰区/北大街街道/西钟楼巷", "近队"), ("文峰区/崔氏祠", "无坐标队")):
            create_report(s, "pumping", {"event_id": rainstorm_id, "area_id": placed[path], "team": team,
                                         "people": 6, "observed_at": local("2021-07-31 08:00"),
                                         "observed_precision": "exact"}, outage.reporter_id,
                          reported_at=local("2021-07-31 08:30"))
    section = viewer.get(page).get_data(as_text=True).split('id="nearest-teams"')[1].split("</section>")[0]
    km = [proj_km(POINTS[ZDL64], POINTS[p]) for p in ("文峰区/北大街街道/西钟楼巷", ACJY2)]
    assert re.findall(r"<strong>([\d.]+) km</strong>", section) == [f"{km[0]:.2f}", f"{km[1]:.1f}"]
    assert section.index("近队") < section.index("远队") and "无坐标队" not in section and "6人" in section


def test_the_daily_brief_carries_a_small_map_on_screen_and_in_print(placed, rainstorm_id, database, viewer):
    with database.transaction() as s:
        place(s, ACJY2, None)  # the most urgent place has no coordinates: listed, not drawn
        result = compile_brief(s, s.get(Event, rainstorm_id), local("2021-07-24 00:00").date(),
                               now=local("2021-07-25 09:00"))
        brief_id = result.brief.id
    with database.read_session() as s:
        stored = s.get(Brief, brief_id).content
    # The points are stored with the brief (a snapshot), most urgent first.
    points = {p["name"]: p for p in stored["map"]}
    assert stored["map"][0]["name"] == "安彩嘉园二期" and stored["map"][0]["latitude"] is None  # unplaced, first
    assert points["文峰汇·十二府"]["statuses"] == ["out", "pumping"]
    assert points["安彩嘉园二期"]["statuses"] == ["out", "pumping"]   # restored only at 00:45 on the 25th
    assert points["文峰汇·十二府"]["latitude"] is not None
    assert points["彰德路64号院"]["statuses"] == ["restored"]
    assert points["彰德路64号院"]["latitude"] == POINTS[ZDL64][0]
    for url in (f"/briefs/{brief_id}", f"/briefs/{brief_id}/print"):
        html = viewer.get(url).get_data(as_text=True)
        assert 'class="brief-map"' in html and "文峰汇·十二府" in html.split('class="brief-map-key"')[1]
        assert 'style="' not in html
        # The key numbers the drawn places 1, 2, 3 ..., with no gap where an unplaced one stands between.
        key = html.split('class="brief-map-key"')[1].split("</ol>")[0]
        numbers = [int(n) for n in re.findall(r'<li value="(\d+)"', key)]
        assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 3
    # Moving a place later does not move it in the stored brief.
    with database.transaction() as s:
        s.get(Event, rainstorm_id).area.latitude = 10.0
    with database.read_session() as s:
        assert s.get(Brief, brief_id).content["map"] == stored["map"]


def test_tiles_are_off_by_default_and_the_csp_allows_their_origin_only_when_set(placed, rainstorm_id, viewer,
                                                                               db_url, tmp_path):
    page = viewer.get(f"/events/{rainstorm_id}/map")
    assert "img-src 'self' data:;" in page.headers["Content-Security-Policy"]
    assert "leaflet" not in page.get_data(as_text=True)
    app = create_app({"DATABASE_URL": db_url, "INSTANCE_PATH": str(tmp_path / "i2"), "SECRET_KEY": "t",
                      "MAP_TILE_URL": "https://tiles.example.org/{z}/{x}/{y}@2x.png"})
    with app.test_client() as other:
        csp = other.get("/login").headers["Content-Security-Policy"]
        assert "img-src 'self' data: https://tiles.example.org;" in csp and "script-src 'self';" in csp
    for bad in ("ftp://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org/tile.png",
                "https://tiles.example.org/{z}/{x}/{y}.png; script-src *"):
        with pytest.raises(ConfigError):
            create_app({"DATABASE_URL": db_url, "INSTANCE_PATH": str(tmp_path / "i3"), "SECRET_KEY": "t",
                        "MAP_TILE_URL": bad})


def test_a_big_list_is_paged_while_the_map_the_figures_and_the_groups_count_every_site(
        placed, rainstorm_id, viewer, monkeypatch):
    from incidents.maps import views

    monkeypatch.setattr(views, "LIST_SIZE", 2)
    url = f"/events/{rainstorm_id}/map?at=2021-07-24T12:00"
    html = viewer.get(url).get_data(as_text=True)
    svg = html[html.index("<svg"):html.index("</svg>")]
    drawn = svg.count('<g class="site ')
    assert drawn > 2
    sites = html.split('id="sites-h"')[1].split("</section>")[0]
    assert f"（{drawn}）" in sites and len(re.findall(r'<a class="name"', sites)) == 2
    more = re.search(r'<a rel="next" href="([^"]+)"', sites)
    assert more is not None and "page=2" in more.group(1) and "at=2021-07-24T12:00" in more.group(1)
    second = viewer.get(more.group(1).replace("&amp;", "&")).get_data(as_text=True)
    listed = second.split('id="sites-h"')[1].split("</section>")[0]
    assert '<ol class="map-list" start="3">' in listed and '<span class="num">3</span>' in listed
    first_names = re.findall(r'<a class="name" href="/areas/\d+">([^<]+)</a>', sites)
    assert not set(first_names) & set(re.findall(r'<a class="name" href="/areas/\d+">([^<]+)</a>', listed))
    # Every site is counted above the list, in the figures and by subdistrict.
    totals = html.split('class="map-totals"')[1].split("</ul>")[0]
    unplaced = int(re.search(r'id="unplaced-h">[^<]*<span class="count">[(（]\s?(\d+)[)）]', html).group(1))
    assert re.search(r"<strong>(\d+)</strong> 个有报告的地点", totals).group(1) == str(drawn + unplaced)
    groups = html.split('class="map-groups stack"')[1].split("</table>")[0]
    assert "北大街街道" in groups
    bad = viewer.get(url + "&page=abc")
    assert bad.status_code == 400 and "page" in bad.get_data(as_text=True)


def test_the_area_form_has_a_click_map_around_the_parent_with_the_frame_for_its_script(
        placed, auth, make_user):
    make_user("coord2", "coordinator")
    auth.login("coord2")
    site = placed["文峰区/北大街街道/西钟楼巷"]
    html = auth.client.get(f"/areas/{site}/edit").get_data(as_text=True)
    svg = html[html.index('<svg xmlns="http://www.w3.org/2000/svg" id="place-map"'):]
    svg = svg[:svg.index("</svg>")]
    # The parent and its other places as landmarks; the area itself as the pin, where it is.
    assert re.findall(r"<g class=\"known\"><title>([^<]+)</title>", svg) == sorted(
        ["北大街街道", "彰德路64号院", "文峰汇·十二府"])
    pad, lon0, lat1, k, scale = (float(re.search(rf'data-{n}="([^"]+)"', svg).group(1))
                                 for n in ("pad", "lon0", "lat1", "k", "scale"))
    pin = re.search(r'id="place-pin" class="pin" transform="translate\(([-\d.]+) ([-\d.]+)\)', svg)
    x, y = map(float, pin.groups())
    lat, lon = POINTS["文峰区/北大街街道/西钟楼巷"]
    assert (x, y) == pytest.approx((pad + (lon - lon0) * k * scale, pad + (lat1 - lat) * scale), abs=0.01)
    # Our own script file, no inline one.
    assert '<script src="/static/areaplace.js' in html and "<script>" not in html
    # A new area under a parent gets the parent's family too, and no pin yet.
    new = auth.client.get(f"/areas/new?parent={placed['文峰区/北大街街道']}").get_data(as_text=True)
    assert 'id="place-map"' in new and 'visibility="hidden"' in new


def test_a_brief_with_no_place_on_the_map_draws_no_empty_map(rainstorm_id, database, viewer):
    """No place with coordinates: the note names them, and no empty grey frame stands for a map."""
    from incidents.areas.models import Area

    with database.transaction() as s:
        s.execute(sa.update(Area).values(latitude=None, longitude=None))
        result = compile_brief(s, s.get(Event, rainstorm_id), local("2021-07-24 00:00").date(),
                               now=local("2021-07-25 09:00"))
        brief_id = result.brief.id
        assert result.brief.content["map"] and all(p["latitude"] is None for p in result.brief.content["map"])
    for url in (f"/briefs/{brief_id}", f"/briefs/{brief_id}/print"):
        html = viewer.get(url).get_data(as_text=True)
        assert 'class="brief-map"' not in html and "<figcaption>" not in html.split('id="brief-overview"')[1]
        assert "无坐标" in html.split('class="brief-map-key"')[1]
