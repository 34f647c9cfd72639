"""A long area name's search key fits its column on both databases (PostgreSQL refused it with a 500;
SQLite kept it, and its backup then failed to restore into PostgreSQL), and the area is still found by
the first words of its name, their pinyin and their initials."""

from __future__ import annotations

import sqlalchemy as sa

from incidents.areas.services import search_key
from incidents.models import Area

KEY_LENGTH = Area.__table__.c.search_key.type.length  # type: ignore[attr-defined]


def _coordinator(auth, make_user) -> None:  # noqa: ANN001
    make_user("wang", "coordinator")
    auth.login("wang")


def _new_area(auth, session, **fields) -> object:  # noqa: ANN001, ANN003
    bdj = session.scalar(sa.select(Area).where(Area.name == "北大街街道"))
    return auth.post("/areas/new", {"parent_id": str(bdj.id), "level": "site", **fields}, form_url="/areas/new")


def test_a_name_of_120_chinese_characters_is_saved_with_a_key_that_fits(client, auth, make_user, seeded,
                                                                        database, session):
    _coordinator(auth, make_user)
    response = _new_area(auth, session, name="名" * 120)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    with database.read_session() as s:
        key = s.scalar(sa.select(Area.search_key).where(Area.name == "名" * 120))
    assert key is not None and len(key) <= KEY_LENGTH
    assert client.get("/api/v1/areas?q=名名名名").get_json()["areas"][0]["name"] == "名" * 120


def test_the_longest_name_and_english_name_are_found_by_their_first_words(client, auth, make_user, seeded,
                                                                         database, session):
    _coordinator(auth, make_user)
    name = ("仓巷街" + "幸福家园" * 60)[:200]
    english = ("Cangxiang Street " + "Happy Home " * 20)[:200].strip()
    response = _new_area(auth, session, name=name, name_en=english)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    with database.read_session() as s:
        key = s.scalar(sa.select(Area.search_key).where(Area.name == name))
    assert key is not None and len(key) <= KEY_LENGTH
    for query in ("仓巷街幸福", "cangxiangjiexingfu", "cxjxf", "cangxiang street"):
        found = client.get(f"/api/v1/areas?q={query}").get_json()["areas"]
        assert [a["name"] for a in found] == [name], query
    # Edited to another long name: the key is derived again and still fits.
    with database.read_session() as s:
        area = s.scalar(sa.select(Area).where(Area.name == name))
        area_id, parent_id, version = area.id, area.parent_id, area.version
    edited = auth.post(f"/areas/{area_id}/edit", {"parent_id": str(parent_id), "level": "site",
                                                  "name": "庄" * 200, "name_en": "z" * 200,
                                                  "version": str(version)})
    assert edited.status_code == 302, edited.get_data(as_text=True)[:500]
    with database.read_session() as s:
        assert len(s.scalar(sa.select(Area.search_key).where(Area.id == area_id))) <= KEY_LENGTH


def test_a_key_that_fits_is_as_it_always_was() -> None:
    assert search_key("彰德路") == "彰德路 zhangdelu zdl"
    assert search_key("北大街街道", "Beidajie Subdistrict") == "北大街街道 beidajiejiedao bdjjd beidajie subdistrict"
    long = search_key("庄" * 200, "Zhuang " * 28)
    assert len(long) <= KEY_LENGTH
    # Each part keeps its beginning, a fair share of the room, cut at whole syllables and words.
    name, full, initials, *english = long.split(" ")
    assert set(name) == {"庄"} and set(full.split("zhuang")) == {""} and set(initials) == {"z"}
    assert set(english) == {"zhuang"}
    assert min(len(name), len(full), len(initials), len(" ".join(english))) >= KEY_LENGTH // 4 - 6
