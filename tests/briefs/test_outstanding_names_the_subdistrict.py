"""三、待办与风险 names each place's subdistrict whether the place has one open outage or several: 东风社区（甲街道）
read beside a bare 乙小区, and a reader of the district's brief could not tell which subdistrict to call about it."""

from __future__ import annotations

from incidents.areas.services import create_area
from incidents.briefs import formats, services
from incidents.models import Area

from .conftest import content, day_of, local, make_builder


def _section(text: str, heading: str, next_heading: str) -> list[str]:
    part = text.split(heading, 1)[1].split(next_heading, 1)[0]
    return [line for line in part.splitlines() if line.strip()]


def test_a_place_with_one_outage_is_named_with_its_subdistrict_as_one_with_several(database):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    with database.transaction() as s:
        community = create_area(s, name="东风社区", name_en="Dongfeng Community", level="community",
                                parent=s.get(Area, b.areas["a"]))
        for i in (1, 2):
            b.areas[f"楼{i}"] = create_area(s, name=f"{i}号楼", level="site", parent=community).id
    for i in (1, 2):  # two under 东风社区 (甲街道): one item for the place
        b.report("outage", f"楼{i}", local(f"2021-07-01 1{i}:10"), started_at=local(f"2021-07-01 1{i}:00"),
                 households_affected=20)
    b.report("outage", "site-b", local("2021-07-01 09:10"), started_at=local("2021-07-01 09:00"),
             households_affected=30, etr_at=local("2021-07-02 12:00"))  # 乙小区 (乙街道) alone
    b.report("outage", "b", local("2021-07-01 16:10"), started_at=local("2021-07-01 16:00"),
             households_affected=5)  # on 乙街道 itself: its own name is enough
    services.compile_once(database, b.event_id, day_of("2021-07-01"), now=local("2021-07-02 08:00"))
    c = content(database, b.event_id, day_of("2021-07-01"))
    zh = _section(formats.as_text(c, "zh"), "三、待办与风险", "四、工作动态")
    assert any(line.split(". ", 1)[1].startswith("乙小区（乙街道）：自7月1日 09:00起停电") for line in zh), zh
    assert any("东风社区（甲街道）：仍停电2处" in line for line in zh), zh
    assert any("乙街道：自7月1日 16:00起停电" in line and "（乙街道）" not in line for line in zh), zh
    en = _section(formats.as_text(c, "en"), "3. Outstanding items and risks", "4. Activity log")
    assert any("乙小区 (乙街道): without power since" in line for line in en), en
    assert any("Dongfeng Community (甲街道): 2 outages still open" in line for line in en), en
    md = formats.as_markdown(c, "zh")
    assert "乙小区（乙街道）：自7月1日 09:00起停电" in md


def test_a_site_still_pumping_is_named_with_its_subdistrict_too(database):
    # 文峰汇·十二府（北大街街道）：自7月22日起停电… was followed by 文峰汇·十二府：…仍在排水 in the demo's brief.
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    b.report("outage", "site-b", local("2021-07-01 09:10"), started_at=local("2021-07-01 09:00"),
             households_affected=30)
    b.report("pumping", "site-b", local("2021-07-01 12:10"), observed_at=local("2021-07-01 12:00"),
             team="消防救援队", people=12, pumps=3)
    services.compile_once(database, b.event_id, day_of("2021-07-01"), now=local("2021-07-02 08:00"))
    c = content(database, b.event_id, day_of("2021-07-01"))
    zh = _section(formats.as_text(c, "zh"), "三、待办与风险", "四、工作动态")
    assert any("乙小区（乙街道）：消防救援队仍在排水" in line for line in zh), zh
    en = _section(formats.as_text(c, "en"), "3. Outstanding items and risks", "4. Activity log")
    assert any(line.split(". ", 1)[1].startswith("乙小区 (乙街道): 消防救援队 still pumping") for line in en), en
