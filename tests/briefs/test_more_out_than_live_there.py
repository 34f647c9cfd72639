"""Open outages at one place whose households add up to more than live there (several together, or one at a
site of unknown size under a place with a size): the brief says so under 五、数据质量, naming the place and
both figures, and marks the figures that state it; it never states it silently, nor caps it."""

from __future__ import annotations

import json

from incidents.areas.services import create_area
from incidents.briefs import formats, services
from incidents.models import Area

from .conftest import content, day_of, local, make_builder


def _brief(database):
    """甲小区 (500 households): two outages of 300 each. 东风社区 (100 households): five sites of 50, each out 30."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    with database.transaction() as s:
        community = create_area(s, name="东风社区", level="community", parent=s.get(Area, b.areas["a"]),
                                households=100)
        for i in range(1, 6):
            b.areas[f"楼{i}"] = create_area(s, name=f"{i}号楼", level="site", parent=community, households=50).id
    for i in range(1, 3):
        b.report("outage", "site-a", local(f"2021-07-01 0{i}:10"), started_at=local(f"2021-07-01 0{i}:00"),
                 households_affected=300)
    for i in range(1, 6):
        b.report("outage", f"楼{i}", local(f"2021-07-01 1{i}:10"), started_at=local(f"2021-07-01 1{i}:00"),
                 households_affected=30)
    b.report("outage", "site-b", local("2021-07-01 09:10"), started_at=local("2021-07-01 09:00"),
             households_affected=30)
    services.compile_once(database, b.event_id, day_of("2021-07-01"), now=local("2021-07-02 08:00"))
    return content(database, b.event_id, day_of("2021-07-01"))


def test_data_quality_names_the_place_and_both_figures(database):
    c = _brief(database)
    zh = formats.as_text(c, "zh")
    quality = zh.split("五、数据质量", 1)[1]
    assert "甲小区仍停电共600户（2处），多于该处登记的500户" in quality, quality
    assert "东风社区仍停电共150户（5处），多于该处登记的100户" in quality, quality
    assert "乙小区仍停电" not in quality
    en = formats.as_text(c, "en").split("5. Data quality", 1)[1]
    assert "甲小区: 600 households out (2 outages), more than the 500 households it has" in en, en
    # The figures are stated as reported (never capped), each marked where it is said.
    outstanding = zh.split("三、待办与风险", 1)[1].split("四、工作动态", 1)[0]
    assert "东风社区（甲街道）：仍停电5处，共150户（多于该处登记的100户，见五、数据质量）" in outstanding, outstanding
    assert "甲小区（甲街道）：仍停电2处，共600户（多于该处登记的500户，见五、数据质量）" in outstanding, outstanding
    power = next(x for x in zh.splitlines() if x.startswith("停电"))
    assert "共780户（其中2处多于该处登记户数，见五、数据质量）" in power, power
    households = next(row for row in formats.csv_table(c, "figures", "zh").rows if row[0] == "停电户数")
    assert households[2] == "780" and "本期：其中2处多于该处登记户数，见五、数据质量" in households[5], households
    data = json.loads(formats.as_json(c))["content"]["power"]
    over = {o["area"]: o for o in data["over_households"]}
    assert over["甲小区"]["households"] == 500 and over["甲小区"]["households_out"]["value"] == 600
    assert set(over) == {"甲小区", "东风社区"}


def test_within_the_place_nothing_is_said(database):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    b.report("outage", "site-a", local("2021-07-01 01:10"), started_at=local("2021-07-01 01:00"),
             households_affected=300)
    b.report("outage", "site-a", local("2021-07-01 02:10"), started_at=local("2021-07-01 02:00"),
             households_affected=200)
    services.compile_once(database, b.event_id, day_of("2021-07-01"), now=local("2021-07-02 08:00"))
    c = content(database, b.event_id, day_of("2021-07-01"))
    zh = formats.as_text(c, "zh")
    assert "登记" not in zh
    assert "over_households" not in json.loads(formats.as_json(c))["content"]["power"]


def test_a_subdistrict_row_stating_more_than_live_there_is_marked(database):
    """乙街道 (100 households on record): 乙小区 (800) out twice, 60 each; its row in 二、分街道 says 120户, marked
    (and the buildings neither outage gave, 栋数未报)."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    with database.transaction() as s:
        s.get(Area, b.areas["b"]).households = 100
    for i in range(1, 3):
        b.report("outage", "site-b", local(f"2021-07-01 0{i}:10"), started_at=local(f"2021-07-01 0{i}:00"),
                 households_affected=60)
    services.compile_once(database, b.event_id, day_of("2021-07-01"), now=local("2021-07-02 08:00"))
    c = content(database, b.event_id, day_of("2021-07-01"))
    row = next(r for r in formats.csv_table(c, "subdistricts", "zh").rows if r[0] == "乙街道")
    assert row[1] == "2（120户，多于该处登记的100户，栋数未报）", row
    assert "乙街道仍停电共120户（2处），多于该处登记的100户" in formats.as_text(c, "zh")


def test_one_bracket_for_a_place_with_both_notes(database):
    """东风社区 (100 households): two sites out 60 each, a third with no household count. Its item says both
    notes in one bracket (two brackets in a row read as a typing slip); English says "for N of them"."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    with database.transaction() as s:
        community = create_area(s, name="东风社区", level="community", parent=s.get(Area, b.areas["a"]),
                                households=100)
        for i in range(1, 4):
            b.areas[f"楼{i}"] = create_area(s, name=f"{i}号楼", level="site", parent=community).id
    for i in range(1, 3):
        b.report("outage", f"楼{i}", local(f"2021-07-01 1{i}:10"), started_at=local(f"2021-07-01 1{i}:00"),
                 households_affected=60, etr_at=local("2021-07-03 12:00"))
    b.report("outage", "楼3", local("2021-07-01 15:10"), started_at=local("2021-07-01 15:00"))
    services.compile_once(database, b.event_id, day_of("2021-07-01"), now=local("2021-07-02 08:00"))
    c = content(database, b.event_id, day_of("2021-07-01"))
    outstanding = formats.as_text(c, "zh").split("三、待办与风险", 1)[1].split("四、工作动态", 1)[0]
    assert ("东风社区（甲街道）：仍停电3处，共120户（另有1处户数未报，未计入；多于该处登记的100户，见五、数据质量）"
            in outstanding), outstanding
    assert "）（" not in outstanding, outstanding
    en = formats.as_text(c, "en").split("3. Outstanding", 1)[1].split("4. ", 1)[0]
    assert ("120 households altogether (no household count for 1 of them, not counted; more than the 100 "
            "households it has: see 5. Data quality)" in en), en
    assert "(none yet for 1 of them)" in en and "gave no" not in en, en


def _one_outage_above_its_community(database):  # noqa: ANN001, ANN202
    """The brief of a day with one outage of 60 households at a site of unknown size under a community of 30."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    with database.transaction() as s:
        community = create_area(s, name="东风社区", level="community", parent=s.get(Area, b.areas["a"]),
                                households=30)
        b.areas["楼1"] = create_area(s, name="1号楼", level="site", parent=community).id
    b.report("outage", "楼1", local("2021-07-01 10:10"), started_at=local("2021-07-01 10:00"),
             households_affected=60)
    services.compile_once(database, b.event_id, day_of("2021-07-01"), now=local("2021-07-02 08:00"))
    c = content(database, b.event_id, day_of("2021-07-01"))
    return c


def test_a_single_report_above_the_place_is_not_called_within_it(database):
    """东风社区 (30 households on record): one outage of 60 at a site of unknown size under it, which the rules take
    (a report is held to its own place's size). 五、数据质量 names the community, and does not say that each
    report stayed within the place's size: this one alone did not."""
    c = _one_outage_above_its_community(database)
    quality = formats.as_text(c, "zh").split("五、数据质量", 1)[1]
    assert "东风社区仍停电共60户（1处），多于该处登记的30户" in quality, quality
    assert "单份报告均未超过" not in quality, quality
    en = formats.as_text(c, "en").split("5. Data quality", 1)[1]
    assert "each report within it" not in en, en


def test_one_place_and_one_outage_read_in_the_singular(database):
    """One place above its size through one outage: English reads 'at 1 place' and '(1 outage)', not '1 places'."""
    c = _one_outage_above_its_community(database)
    en = formats.as_text(c, "en")
    assert "(at 1 place more than its own households: see 5. Data quality)" in en, en
    assert "东风社区: 60 households out (1 outage), more than the 30 households it has" in en, en
    households = next(row for row in formats.csv_table(c, "figures", "en").rows if row[0] == "Households without power")
    assert "Now: at 1 place more than its own households, see 5. Data quality" in households[5], households
    zh = formats.as_text(c, "zh")
    assert "（其中1处多于该处登记户数，见五、数据质量）" in zh and "东风社区仍停电共60户（1处）" in zh, zh
