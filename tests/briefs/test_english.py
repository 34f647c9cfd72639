"""An English brief names its issuer and teams in English; the title follows the event's kind."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.briefs import formats, services
from incidents.models import Brief, Event
from tests import seedcopy
from tests.conftest import switch_language

from .conftest import content, day_of, local

pytestmark = pytest.mark.any_database  # the English brief's wording (tests/conftest.py)


def test_english_issuer_teams_and_a_typhoons_title(database, seed_briefs, session):
    c = content(database, seed_briefs.id, day_of("2021-07-24"))
    text = formats.as_text(c, "en")
    assert "Office of the Wenfeng District Flood Control and Drought Relief Headquarters" in text
    assert "Hengshui Fire and Rescue Detachment, Hebei" in text
    assert "防汛抗旱指挥部" not in text
    pumping = text.split("Pumping: ", 1)[1].split("\n", 1)[0]
    assert "衡水" not in pumping and "救援队" not in pumping
    assert text.splitlines()[0] == "Wenfeng District rainstorm and flood response daily brief"
    assert formats.as_text(c, "zh").splitlines()[0] == "文峰区防汛救灾工作日报"

    typhoon = session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-infa"))
    result = services.compile_once(database, typhoon.id, day_of("2021-07-28"), now=local("2021-07-29 08:00"))
    t = content(database, typhoon.id, day_of("2021-07-28"))
    assert result.created
    assert formats.as_text(t, "en").splitlines()[0] == "Wenfeng District typhoon response daily brief"
    assert formats.as_text(t, "zh").splitlines()[0] == "文峰区防御台风工作日报"
    assert "flood response" not in formats.as_markdown(t, "en").splitlines()[0]


def test_english_falls_back_to_the_chinese_name_when_none_is_given(database, builder):
    services.compile_once(database, builder.event_id, day_of("2021-07-01"), now=local("2021-07-02 08:00"))
    text = formats.as_text(content(database, builder.event_id, day_of("2021-07-01")), "en")
    assert "测试区防汛办" in text  # no English name recorded: the office's own name, not nothing


def test_english_brief_page_brackets_its_map_key_and_units_the_english_way(client, auth, make_user, database,
                                                                          rainstorm):
    """The English page read "Beidajie Subdistrict（Power restored）" (Chinese full-width brackets, no space)
    in the map's key, and "Disinfection personnel（person-times）" in the figures on a phone."""
    seedcopy.compiled(database, rainstorm.id, local("2021-08-01 09:00"), 30)
    with database.read_session() as s:
        brief_id = s.scalar(sa.select(Brief.id).where(Brief.event_id == rainstorm.id,
                                                      Brief.day == day_of("2021-07-31")))
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    switch_language(client, "en")
    html = client.get(f"/briefs/{brief_id}").get_data(as_text=True)
    article = html.split('<article class="brief" lang="en">', 1)[1].split("</article>", 1)[0]
    assert "Beidajie Subdistrict (Power restored)</li>" in article
    assert '<span class="unit"> (person-times)</span>' in article
    assert '<span class="unit">（' not in article and "（Power" not in article
    switch_language(client, "zh")
    html = client.get(f"/briefs/{brief_id}").get_data(as_text=True)
    assert "北大街街道（已恢复供电）</li>" in html and '<span class="unit">（人次）</span>' in html


@pytest.mark.parametrize(("kind", "name", "name_en", "en"), [
    ("typhoon", "Hurricane Sandy", None, "测试区 hurricane response daily brief"),
    ("typhoon", "桑迪飓风", "Hurricane Sandy", "测试区 hurricane response daily brief"),
    ("typhoon", "伊代气旋", "Tropical Cyclone Idai", "测试区 cyclone response daily brief"),
    ("typhoon", "烟花台风", "Typhoon In-fa", "测试区 typhoon response daily brief"),
    ("typhoon", "烟花台风", None, "测试区 typhoon response daily brief")])
def test_a_hurricanes_english_title_says_hurricane(database, builder, kind, name, name_en, en):
    """A tropical cyclone in the Atlantic is a hurricane: the event's English name says which word; 防御台风 stays."""
    services.compile_once(database, builder.event_id, day_of("2021-07-01"), now=local("2021-07-02 08:00"))
    c = content(database, builder.event_id, day_of("2021-07-01"))
    c.header.event_kind, c.header.event_name, c.header.event_name_en = kind, name, name_en
    assert formats.as_text(c, "en").splitlines()[0] == en
    assert formats.as_text(c, "zh").splitlines()[0] == "测试区防御台风工作日报"
