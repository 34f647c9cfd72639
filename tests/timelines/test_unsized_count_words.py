"""One open outage of unreported size reads as one in English: "+ 1 open outages of unreported size" did not."""

from __future__ import annotations

import re

import sqlalchemy as sa

from incidents.models import Event
from tests.conftest import switch_language


def _text(client, event_id: int) -> str:
    page = client.get(f"/events/{event_id}/timeline").get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_one_unsized_outage_is_said_in_the_singular(seeded, session, client, auth, make_user):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    event = session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
    zh = _text(client, event.id)
    # The seed's one open outage gave no count: 未报, as the brief says, not 0 beside a note.
    # Its share of the peak leaves it out, in the brief's words (formatting.unsized_left_out: one wording for both).
    assert "停电楼栋 未报" in zh and "另有1处规模未报，未计入" in zh and "不含1处" not in zh
    switch_language(client, "en")
    en = _text(client, event.id)
    assert "not counting outages of unknown size: 1" in en
    assert "1 open outages" not in en


def test_one_unsized_outage_beside_a_sized_one_is_said_in_the_singular(build, client, auth, make_user):
    build.outage("site-a", buildings_affected=5)
    build.outage("site-b")
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    zh = _text(client, build.event_id)
    assert "停电楼栋 5 另有1处规模未报，未计入" in zh and "未报数量" not in zh, zh
    switch_language(client, "en")
    en = _text(client, build.event_id)
    assert "5 not counting outages of unknown size: 1" in en and "1 open outages" not in en


def test_one_building_reads_in_the_singular_on_the_english_timeline(build, client, auth, make_user):
    """A bar's facts read "1 buildings · 5 households" (its own fast path beside the qty filter)."""
    build.outage("site-a", households_affected=5, buildings_affected=1)
    make_user("reader1", "viewer")
    auth.login("reader1")
    switch_language(client, "en")
    page = re.sub(r"<[^>]+>", "", client.get(f"/events/{build.event_id}/timeline").get_data(as_text=True))
    assert "1 building · 5 households" in page and "1 buildings" not in page


def test_a_groups_still_out_starts_at_its_colon_whatever_it_counts(build, client, auth, make_user):
    """A group with buildings out but no household count read "仍停电： 5栋", a space after the colon."""
    build.outage("site-a", buildings_affected=5)
    build.outage("site-c")  # another subdistrict: an outage of unreported size alone
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    for lang, first, second in (("zh", "仍停电：5栋", "仍停电：1处规模未报"),
                                ("en", "still out: 5 buildings", "still out: 1 of unknown size")):
        if lang == "en":
            switch_language(client, "en")
        page = client.get(f"/events/{build.event_id}/timeline").get_data(as_text=True)
        counts = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r'<summary><h3>.*?</h3>', page)]
        assert any(first in c for c in counts) and any(second in c for c in counts), counts
        assert not any(re.search(r"[：:]\s{2,}|： ", c) for c in counts), counts


def test_a_groups_sizes_are_listed_as_a_list_in_the_forms_order(build, client, auth, make_user):
    """A group's still-out sizes read "still out: 120 households 3 buildings", two figures run together with a space:
    now a list, buildings first as the form asks them and the still-out table lists them (仍停电：3栋、120户)."""
    build.outage("site-a", households_affected=120, buildings_affected=3)
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    for lang, said in (("zh", "仍停电：3栋、120户"), ("en", "still out: 3 buildings, 120 households")):
        if lang == "en":
            switch_language(client, "en")
        page = client.get(f"/events/{build.event_id}/timeline").get_data(as_text=True)
        counts = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r'<summary><h3>.*?</h3>', page)]
        assert any(said in c for c in counts), counts


def test_the_timeline_and_the_brief_word_unsized_outages_alike(seeded, session, database, client, auth, make_user):
    """The timeline said 不含1处规模未报的未恢复停电 and 另有 1 处停电未报数量; the brief 另有1处规模未报，未计入."""
    from datetime import date

    from incidents.briefs import services
    from incidents.briefs.render import Reading
    from incidents.formatting import unsized_left_out

    make_user("viewer1", "viewer")
    auth.login("viewer1")
    event = session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
    with database.transaction() as s:
        brief = services.compile_brief(s, s.get(Event, event.id), date(2021, 7, 24)).brief
        content = services.load_content(brief)
    for lang in ("zh", "en"):
        switch_language(client, lang)
        # The timeline now: 文峰汇·十二府 open; the brief of the 24th: three of unknown size since the start.
        assert unsized_left_out("1", lang) in _text(client, event.id), lang
        assert unsized_left_out("3", lang) in Reading(content, lang).power(), lang
