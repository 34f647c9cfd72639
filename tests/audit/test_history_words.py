"""A history reads in the reader's words: a brief's compile and sign-off, an area's geocoding state,
people by name; an administrator, who reads everything, reads the retracted reports (restoring is a
coordinator's) and finds the areas import from the top bar."""

from __future__ import annotations

import re
from datetime import date

import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.briefs import compiling, services
from incidents.briefs.models import Brief, BriefStatus
from incidents.events.models import Event


def test_a_signed_briefs_history_names_compile_sign_off_and_the_signer(seeded, database, people, make_user, auth,
                                                                       client):
    with database.read_session() as s:
        event = s.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
        assert event is not None
        day = date(2021, 7, 23)
        now = services.due_at(event, day)
    compiled = services.compile_once(database, event.id, day, now=now)
    with database.transaction() as s:
        brief = compiling.publish(s, s.get(Brief, compiled.brief.id), people.coordinator, now=now)
        assert brief.status is BriefStatus.PUBLISHED
    make_user("v", "viewer")
    auth.login("v")
    page = client.get(f"/briefs/{brief.id}").get_data(as_text=True)
    assert f'href="/history/briefs/{brief.id}"' in page  # the brief links its history
    html = client.get(f"/history/briefs/{brief.id}").get_data(as_text=True)
    main = html.split("<main", 1)[1]
    words = re.sub(r"<[^>]+>", " ", main)  # what the reader sees, not the markup
    for said in ("签发时间", "签发人", "截止时间", "期号", "编制", "已签发"):
        assert said in words, said
    for internal in ("published_at", "published_by_id", "cutoff", "compile", "publish"):
        assert internal not in words, internal
    signer = re.search(r"签发人</th>(.*?)</tr>", html, re.S).group(1)
    assert not re.search(r"#\d+", signer)  # a person's name, not a user number


def test_an_areas_geocoding_state_is_said_in_words(seeded, database, session, make_user, auth, client):
    area_id = session.scalar(sa.select(Area.id).where(Area.latitude.is_(None)).order_by(Area.id).limit(1))
    from incidents.areas import services as areas

    with database.transaction() as s:
        areas.update_area(s, s.get(Area, area_id), {"latitude": 36.09, "longitude": 114.35}, None,
                          expected_version=s.get(Area, area_id).version)
    make_user("v", "viewer")
    auth.login("v")
    html = client.get(f"/history/areas/{area_id}").get_data(as_text=True)
    row = re.search(r"定位状态</th>(.*?)</tr>", html, re.S).group(1)
    assert "手工录入" in row and "pending" not in row and "entered" not in row


def test_an_administrator_reads_the_retracted_reports_but_restores_none(seeded, make_user, auth, client):
    make_user("boss", "admin")
    auth.login("boss")
    home = client.get("/").get_data(as_text=True)
    assert 'href="/areas"' in home and 'href="/audit/retracted"' in home
    # 地点 leads to the district's page (the tree, its editing and the areas import).
    places = client.get("/areas")
    assert places.status_code == 302 and re.fullmatch(r"/areas/\d+", places.headers["Location"])
    district = client.get(places.headers["Location"]).get_data(as_text=True)
    assert "<h1>文峰区" in district and 'href="/areas/import"' in district
    page = client.get("/audit/retracted")
    assert page.status_code == 200
    assert "/restore" not in page.get_data(as_text=True)


def test_places_leads_a_scoped_coordinator_to_their_own_and_is_not_a_readers(database, make_user, auth, client,
                                                                               seeded):
    from incidents.models import Area as AreaModel

    make_user("bdj-co", "coordinator", scope="文峰区/北大街街道")
    auth.login("bdj-co")
    own = client.get("/areas")
    with database.read_session() as s:
        beidajie = s.scalar(sa.select(AreaModel.id).where(AreaModel.name == "北大街街道"))
    assert own.headers["Location"] == f"/areas/{beidajie}"
    make_user("reader", "viewer")
    auth.login("reader")
    assert client.get("/areas").status_code == 403


def test_places_before_any_exists_opens_the_areas_import(make_user, auth, client):
    make_user("boss", "admin")
    auth.login("boss")
    assert client.get("/areas").headers["Location"] == "/areas/import"
