"""A place stored with a non-breaking or full-width space is found by a name typed with a plain space (or none):
the area search and both imports read names as the lookalike rule does (areas.services.name_key), as the
sibling rule already treats them as one name (test_lookalike_siblings.py).

Found by replaying a disaster through the API: 北大街街道/甲\u00a0乙小区 (pasted from a web page) was not found by
the search "甲 乙", and an import row naming 文峰区/北大街街道/甲 乙小区 was refused as an unknown area.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.models import ActivityEntry
from tests.api.conftest import coordinator_api, new_token, token_client  # noqa: F401
from tests.imports.conftest import csv_bytes, event  # noqa: F401
from tests.imports.test_pages import upload


@pytest.fixture
def stored(coordinator_api, seeded, session) -> int:  # noqa: ANN001, F811
    """甲\u00a0乙小区 under 北大街街道, as pasted from a web page; its id."""
    parent = session.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    made = coordinator_api.post("/api/v1/areas", json={"name": "甲\u00a0乙小区", "level": "community",
                                                       "parent_id": parent})
    assert made.status_code == 201, made.json
    return made.json["id"]


@pytest.mark.parametrize("typed", ["甲 乙", "甲乙小区", "甲\u3000乙", "甲\u00a0乙"])
def test_the_search_finds_a_name_typed_with_other_spaces(coordinator_api, stored, typed):  # noqa: F811
    found = coordinator_api.get("/api/v1/areas", query_string={"q": typed}).json
    assert stored in [a["id"] for a in found["areas"]], found


def test_the_search_finds_a_place_whose_name_holds_a_radical_sign_by_the_character(
        coordinator_api, seeded, session):  # noqa: F811
    """⻄关小区 (U+2EC4, the radical sign a phone's keyboard may offer for 西) is found by 西关 (probed 6 December)."""
    parent = session.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    made = coordinator_api.post("/api/v1/areas", json={"name": "\u2ec4关小区", "level": "community",
                                                       "parent_id": parent})
    assert made.status_code == 201, made.json
    found = coordinator_api.get("/api/v1/areas", query_string={"q": "西关"}).json
    assert made.json["id"] in [a["id"] for a in found["areas"]], found


def test_the_search_still_finds_english_words_with_their_space(coordinator_api, seeded, session):  # noqa: F811
    parent = session.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    made = coordinator_api.post("/api/v1/areas", json={"name": "丙丁小区", "name_en": "Bingding Garden",
                                                       "level": "community", "parent_id": parent})
    found = coordinator_api.get("/api/v1/areas", query_string={"q": "bingding garden"}).json
    assert made.json["id"] in [a["id"] for a in found["areas"]], found


def test_a_report_import_names_the_place_with_a_plain_space(client, auth, make_user, event, stored,  # noqa: F811
                                                            database):
    make_user("co", "coordinator")
    auth.login("co")
    rows = [["地点", "事项", "时间", "来源"], ["文峰区/北大街街道/甲 乙小区", "巡查", "2021-07-24 08:00", "test"],
            ["甲乙小区", "会议", "2021-07-24 09:00", "test"]]
    token, preview = upload(client, f"/events/{event.id}/import", csv_bytes(rows))
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "未知地点" not in html, html[:3000]
    confirmed = client.post(f"/imports/{token}/confirm", data={"csrf_token": _csrf(html), "token": token})
    assert confirmed.status_code == 302, confirmed.get_data(as_text=True)[:2000]
    with database.read_session() as s:
        places = s.execute(sa.select(ActivityEntry.title, ActivityEntry.area_id).where(
            ActivityEntry.event_id == event.id, ActivityEntry.title.in_(["巡查", "会议"]))).all()
    assert sorted(places) == [("会议", stored), ("巡查", stored)]


def test_an_areas_import_finds_the_parent_with_a_plain_space(client, auth, make_user, stored, session):
    make_user("root", "admin")
    auth.login("root")
    rows = [["路径", "级别"], ["文峰区/北大街街道/甲 乙小区/一号楼", "site"]]
    token, preview = upload(client, "/areas/import", csv_bytes(rows), "areas.csv")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200, html[:3000]
    confirmed = client.post(f"/imports/{token}/confirm", data={"csrf_token": _csrf(html), "token": token})
    assert confirmed.status_code == 302
    session.rollback()
    assert session.scalar(sa.select(Area.parent_id).where(Area.name == "一号楼")) == stored


def _csrf(html: str) -> str:
    from tests.conftest import csrf_from

    return csrf_from(html)
