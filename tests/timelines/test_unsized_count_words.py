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
    assert "停电楼栋 未报" in zh and "不含1处规模未报的未恢复停电" in zh  # the Chinese as it was
    switch_language(client, "en")
    en = _text(client, event.id)
    assert "not counting 1 open outage of unreported size" in en
    assert "1 open outages" not in en


def test_one_unsized_outage_beside_a_sized_one_is_said_in_the_singular(build, client, auth, make_user):
    build.outage("site-a", buildings_affected=5)
    build.outage("site-b")
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    zh = _text(client, build.event_id)
    assert "停电楼栋 5 另有 1 处停电未报数量" in zh, zh
    switch_language(client, "en")
    en = _text(client, build.event_id)
    assert "+ 1 open outage of unreported size" in en and "1 open outages" not in en


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
    for lang, first, second in (("zh", "仍停电：5栋", "仍停电：1 处未报数量"),
                                ("en", "still out: 5 buildings", "still out: 1 of unreported size")):
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
