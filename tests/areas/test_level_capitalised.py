"""An area's level on an English page reads as a name standing alone does ("Level: District", not "district"),
the area form's choices and the area list's download alike; Chinese as ever."""

from __future__ import annotations

import html as htmllib
import re

import pytest
import sqlalchemy as sa

from incidents.models import Area, AreaLevel
from tests.conftest import switch_language

EXPECTED = {AreaLevel.DISTRICT: ("District", "区"), AreaLevel.SUBDISTRICT: ("Subdistrict / town", "街道/镇"),
            AreaLevel.COMMUNITY: ("Community / village", "社区/村"), AreaLevel.SITE: ("Site", "点位")}


@pytest.mark.parametrize("level", list(AreaLevel))
def test_an_area_page_names_its_level_capitalised(seeded, client, auth, make_user, database, level):
    make_user("wang", "coordinator")
    auth.login("wang")
    with database.read_session() as s:
        area_id = s.scalar(sa.select(Area.id).where(Area.level == level).order_by(Area.id).limit(1))
    english, chinese = EXPECTED[level]
    for lang, word in (("zh", chinese), ("en", english)):
        switch_language(client, lang)
        page = htmllib.unescape(client.get(f"/areas/{area_id}").get_data(as_text=True))
        shown = re.search(r"<dt>(?:Level|级别|层级)</dt><dd>([^<]*)</dd>", page)
        assert shown is not None, page[:2000]
        assert shown.group(1) == word, (lang, shown.group(1))


def test_the_area_form_offers_the_same_words(seeded, client, auth, make_user, database):
    make_user("wang", "coordinator")
    auth.login("wang")
    switch_language(client, "en")
    page = htmllib.unescape(client.get("/areas/new").get_data(as_text=True))
    select = page.split('id="level"')[1].split("</select>")[0]
    offered = re.findall(r'<option value="(\w+)"[^>]*>([^<]*)</option>', select)
    assert dict(offered) == {level.value: english for level, (english, _zh) in EXPECTED.items()}


def test_the_english_area_list_writes_them_so(seeded, client, auth, make_user):
    make_user("wang", "coordinator")
    auth.login("wang")
    switch_language(client, "en")
    written = client.get("/areas/export.csv").get_data(as_text=True)
    assert all(english in written for english, _zh in EXPECTED.values())
    assert ",district," not in written and ",site," not in written
