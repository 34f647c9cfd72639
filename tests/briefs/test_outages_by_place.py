"""The brief names a place still without power once, however many of its outages are open: their
buildings and households summed by the outage-count rule (余, 不超过, 未报 kept), in every format."""

from __future__ import annotations

import io

from incidents.briefs import formats, services
from tests.conftest import unspanned

from .conftest import content, day_of, local, make_builder


def _brief(database):
    """甲小区: three outages of 1 building, 5 households (one 5余户), one of unknown size; 乙小区: 2 buildings."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    for i, lb in enumerate((False, False, True)):
        b.report("outage", "site-a", local(f"2021-07-01 1{i}:10"), started_at=local(f"2021-07-01 1{i}:00"),
                 buildings_affected=1, households_affected=5, households_affected_lb=lb)
    b.report("outage", "site-a", local("2021-07-01 13:10"), started_at=local("2021-07-01 13:00"))
    b.report("outage", "site-b", local("2021-07-01 14:10"), started_at=local("2021-07-01 14:00"),
             buildings_affected=2)
    services.compile_once(database, b.event_id, day_of("2021-07-01"), now=local("2021-07-02 08:00"))
    return content(database, b.event_id, day_of("2021-07-01"))


def test_a_place_with_many_outages_is_named_once(database):
    c = _brief(database)
    zh, en = formats.as_text(c, "zh"), formats.as_text(c, "en")
    power = next(line for line in zh.splitlines() if line.startswith("停电"))
    # Still five outages, at two places; 甲小区 once, its sizes summed, its unknown one said.
    assert "仍停电5处" in power, power
    assert power.count("甲小区") == 1, power
    assert "甲小区（4处）：3栋，15余户（另有1处栋数、1处户数未报，未计入）" in power, power
    assert "乙小区：2栋" in power, power
    assert "甲小区 (4 outages): 3 buildings, 15+ households" in en, en
    # The changes name it once too (the outstanding items stay one line per outage: each has its own times).
    assert "新增停电5处（甲小区等）" in zh, zh
    md = formats.as_markdown(c, "zh")
    assert "甲小区（4处）：3栋，15余户" in md and "甲小区、甲小区" not in md
    from docx import Document

    docx = "\n".join(p.text for p in Document(io.BytesIO(formats.as_docx(c, "zh"))).paragraphs)
    assert "甲小区（4处）：3栋，15余户" in docx


def test_the_html_brief_names_it_once(database, client, auth, make_user):
    c = _brief(database)
    make_user("v", "viewer")
    auth.login("v")
    import sqlalchemy as sa

    from incidents.models import Brief

    with database.read_session() as s:
        brief_id = s.scalar(sa.select(Brief.id))
    html = unspanned(client.get(f"/briefs/{brief_id}").get_data(as_text=True))
    assert "甲小区（4处）：3栋，15余户" in html, c.power.open


def test_the_places_left_unnamed_count_their_outages(database):
    # A replayed typhoon's brief named five places (20 outages) of 23 open and ended "另有1处": the sixth
    # place, left unnamed, had 3 outages open, so the named parts did not add up to the total said.
    from incidents.areas.services import create_area

    b = make_builder(database, starts=local("2021-07-01 00:00"))
    with database.transaction() as s:
        from incidents.areas.models import Area

        parent = s.get(Area, b.areas["a"])
        for i in range(6):
            b.areas[f"p{i}"] = create_area(s, name=f"丙{i}号院", level="site", parent=parent, households=100).id
    for i in range(6):  # the place named last (the latest to go out) is the one the overview leaves out
        for k in range(3 if i == 5 else 2):
            b.report("outage", f"p{i}", local(f"2021-07-01 {10 + i}:{10 + k}"),
                     started_at=local(f"2021-07-01 {10 + i}:0{k}"), households_affected=5)
    services.compile_once(database, b.event_id, day_of("2021-07-01"), now=local("2021-07-02 08:00"))
    c = content(database, b.event_id, day_of("2021-07-01"))
    zh = next(line for line in formats.as_text(c, "zh").splitlines() if line.startswith("停电"))
    en = next(line for line in formats.as_text(c, "en").splitlines() if line.startswith("Power"))
    assert "仍停电13处" in zh and "丙5号院" not in zh, zh
    assert "；另有1个地点共3处）" in zh, zh
    assert " and 3 more outages at one more place)" in en, en
