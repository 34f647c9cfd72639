"""三、待办与风险 reads open outages by place, as a district office does: one line per community (a place
with what lies under it) with its count, households, earliest ETR still ahead and the overdue ones named;
every outage stays in the outage table and the JSON, tied to its line. A brief stored before still
renders one line per outage."""

from __future__ import annotations

import io
import json

import sqlalchemy as sa

from incidents.areas.services import create_area
from incidents.briefs import formats, services
from incidents.briefs.content import BriefContent
from incidents.models import Area, Brief
from tests.conftest import unspanned

from .conftest import content, day_of, local, make_builder


def _brief(database, *, households: int | None = 1000):
    """东风社区 (甲街道) with five sites, each out 20 households: 1号楼 and 2号楼 overdue (ETR 20:00, 22:00 on
    the 1st), 3号楼 due 10:00 on the 2nd, 4号楼 due 09:00 on the 2nd, 5号楼 with no ETR; 乙小区 alone."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    with database.transaction() as s:
        sub = s.get(Area, b.areas["a"])
        community = create_area(s, name="东风社区", name_en="Dongfeng Community", level="community", parent=sub,
                                households=households)
        for i in range(1, 6):
            b.areas[f"楼{i}"] = create_area(s, name=f"{i}号楼", level="site", parent=community, households=50).id
    etrs = {1: "2021-07-01 20:00", 2: "2021-07-01 22:00", 3: "2021-07-02 10:00", 4: "2021-07-02 09:00"}
    for i in range(1, 6):
        extra = {"etr_at": local(etrs[i])} if i in etrs else {}
        b.report("outage", f"楼{i}", local(f"2021-07-01 1{i}:10"), started_at=local(f"2021-07-01 1{i}:00"),
                 households_affected=20, **extra)
    b.report("outage", "site-b", local("2021-07-01 09:10"), started_at=local("2021-07-01 09:00"),
             households_affected=30, etr_at=local("2021-07-02 12:00"))
    services.compile_once(database, b.event_id, day_of("2021-07-01"), now=local("2021-07-02 08:00"))
    return b, content(database, b.event_id, day_of("2021-07-01"))


def _outstanding(text: str, heading: str, next_heading: str) -> list[str]:
    part = text.split(heading, 1)[1].split(next_heading, 1)[0]
    return [line for line in part.splitlines() if line.strip()]


def test_one_line_per_place_with_count_households_etr_and_overdue(database):
    _b, c = _brief(database)
    zh = formats.as_text(c, "zh")
    lines = _outstanding(zh, "三、待办与风险", "四、工作动态")
    # 乙小区 alone keeps its own line (its own times); 东风社区's five outages are one line.
    assert len(lines) == 2, lines
    assert lines[0].startswith("1. 乙小区（乙街道）：自7月1日 09:00起停电"), lines
    line = lines[1]
    assert line.startswith("2. 东风社区（甲街道）：仍停电5处，共100户"), line
    assert "最早自7月1日 11:00起停电" in line, line
    assert "最早预计恢复时间7月2日 09:00" in line, line
    assert "1处未报预计恢复时间" in line, line
    assert "已超时2处：1号楼（预计7月1日 20:00）、2号楼（预计7月1日 22:00）" in line, line
    assert "3号楼" not in line
    # 一、总体情况 names the places as this section does: the community once.
    power = next(x for x in zh.splitlines() if x.startswith("停电"))
    assert "仍停电6处（乙小区：30户；东风社区（5处）：100户）" in power, power
    en = formats.as_text(c, "en")
    en_lines = _outstanding(en, "3. Outstanding items and risks", "4. Activity log")
    assert len(en_lines) == 2, en_lines
    assert "Dongfeng Community (甲街道): 5 outages still open, 100 households" in en_lines[1], en_lines
    assert "overdue: 2" in en_lines[1], en_lines


def test_every_format_says_it_and_each_outage_stays_traceable(database, client, auth, make_user):
    _b, c = _brief(database)
    group = "东风社区（甲街道）：仍停电5处，共100户"
    md = formats.as_markdown(c, "zh")
    assert group in md and "- 1号楼：" not in md
    from docx import Document

    docx = "\n".join(p.text for p in Document(io.BytesIO(formats.as_docx(c, "zh"))).paragraphs)
    assert group in docx
    # The outage table (CSV) still lists every outage, each with the outstanding item it is counted in.
    table = formats.csv_table(c, "outages", "zh")
    assert len(table.rows) == 6
    column = table.header.index("对应待办事项")
    assert sorted(row[column] for row in table.rows) == ["东风社区"] * 5 + ["乙小区"]
    # The JSON keeps every field it had (one outage per entry in power.open) and adds the places.
    data = json.loads(formats.as_json(c))["content"]["power"]
    assert len(data["open"]) == 6 and {"outage_id", "area", "households_out", "etr", "overdue"} <= set(data["open"][0])
    places = {g["area"]: g for g in data["open_groups"]}
    assert places["东风社区"]["households_out"]["value"] == 100
    assert len(places["东风社区"]["outage_ids"]) == 5 and len(places["乙小区"]["outage_ids"]) == 1
    assert {o["place_id"] for o in data["open"] if o["area"].endswith("号楼")} == {places["东风社区"]["area_id"]}
    make_user("v", "viewer")
    auth.login("v")
    with database.read_session() as s:
        brief_id = s.scalar(sa.select(Brief.id))
    html = unspanned(client.get(f"/briefs/{brief_id}").get_data(as_text=True))
    assert group in html


def test_a_brief_stored_before_reads_one_line_per_outage(database):
    _b, c = _brief(database)
    stored = c.to_json()
    del stored["power"]["open_groups"]
    for o in stored["power"]["open"]:
        for key in ("area_id", "place_id", "place", "place_en"):
            o.pop(key, None)
    old = BriefContent.from_json(stored)
    lines = _outstanding(formats.as_text(old, "zh"), "三、待办与风险", "四、工作动态")
    assert len(lines) == 6, lines
    assert any(line.startswith("2. 1号楼（甲街道）：自7月1日 11:00起停电") for line in lines), lines
    # Its outage table has the column, empty: the stored brief does not say which place an outage was counted under.
    table = formats.csv_table(old, "outages", "zh")
    assert all(row[table.header.index("对应待办事项")] == "" for row in table.rows)
