"""An outsider's day brought in by spreadsheet and taken out again, every figure checked by hand.

A town office (演练区: 甲街道 and 乙镇; 邻区's 丙街道 beside it) keeps its field reports of 1 November 2026 in
spreadsheets, one kind a sheet (docs/imports.md: one kind per file). The event runs in New York, where the clocks go
back at 02:00 that night: 01:30 happens twice and the day has 25 hours. The office's clerk, a reporter scoped to
演练区, brings the sheets in through the import page (CSRF on): outages, their partial and full restorations (by
the outages' numbers, read from the report list's download), pumping and its volumes, disinfection counts by
category, debris, activities. The first go of a sheet carries the clerk's slips (a time the clocks showed twice, an
unknown place, a negative volume, a restoration above the outage, a place of 邻区 outside the clerk's scope, a blank
事项, a formula cell): each is named by line and column in one upload, the page answers 422 and nothing of the file
is stored; the corrected sheet imports. A patrol logged twice on two identical lines is two reports
(docs/imports.md), and the preview says so before the button. Times are read and written in the event's zone (the
reports' only local time: the instance's own zone, Asia/Shanghai, names none of them). A coordinator then compiles
the day's brief (the first compile is cut off at the brief's due time, before the sheets were in; its revision
counts them) and every figure is held against sums worked out here from the cells typed. The report list's CSV,
XLSX and JSON hold every row once with its values as typed, the formula-like 事项 neutralised; the brief's CSV, DOCX
and text say the same figures; each sheet imported again adds nothing.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import datetime, time
from html import unescape
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from openpyxl import load_workbook

from incidents.areas.services import create_area
from incidents.auth import tokens
from incidents.auth.services import create_user
from incidents.briefs import queue
from incidents.events.services import create_event
from incidents.models import Report
from tests.api.conftest import TokenClient, marks
from tests.conftest import PASSWORD, csrf_from
from tests.imports.conftest import csv_bytes, xlsx_bytes
from tests.imports.test_pages import upload

ZONE = ZoneInfo("America/New_York")
DAY = "2026-11-01"
FORMULA = '=HYPERLINK("http://example.com/a","转移群众名单")'
EXACT = (False, False)  # a figure's lower-bound and approximate marks: every figure typed here is exact

# ---- The office's sheets (the good rows; the slips are added to each first go below). ----------------------------
OUTAGES = [["序号", "地点", "停电时间", "停电户数", "停电楼栋", "时间", "信息来源", "备注"],
           [1, "甲一小区", "2026-11-01 05:10", 400, 12, "2026-11-01 05:20", "供电所", "主线跳闸"],
           [2, "甲二小区", "2026-11-01 06:30", 120, 4, "2026-11-01 06:40", "供电所", ""],
           [3, "乙镇/乙一村", "2026-11-01 07:00", 80, 3, "2026-11-01 07:15", "村委会", "低压线路受淹"]]
UPDATE_HEADER = ["停电编号", "已恢复户数（累计）", "已恢复楼栋数（累计）", "仍停电户数", "仍停电楼栋数",
                 "已全部恢复供电",
                 "时间", "信息来源"]
PUMPING = [["地点", "队伍或单位", "人数", "水泵（台）", "开始时间", "结束时间", "信息来源"],
           ["甲一小区", "甲街道排涝队", 6, 2, "2026-11-01 06:00", "2026-11-01 18:00", "街道办"],
           ["乙一村", "乙镇抢险队", 4, 1, "2026-11-01 08:00", "", "镇应急办"]]
VOLUME_HEADER = ["排水作业编号", "起始时间", "结束", "排水量（立方米）", "信息来源"]
DISINFECTION = [["地点", "街道", "村", "消杀面积", "出动人员（人次）", "时间（或截至）", "信息来源"],
                ["甲一小区", 12, None, "3000㎡", 20, "2026-11-01 18:00", "街道办"],
                ["乙一村", None, 1, "1.5万", 8, "2026-11-01 17:00", "镇应急办"]]
DEBRIS = [["地点", "起始时间", "结束", "清运量（吨）", "车次", "人数", "车辆", "信息来源", "备注"],
          ["甲二小区", "2026-11-01 08:00", "2026-11-01 12:00", 12.5, 5, 10, 3, "街道办", "淤泥"],
          ["乙一村", "2026-11-01 13:00", "2026-11-01 17:00", "3.2", 2, 6, 1, "镇应急办", "倒伏树木"]]
ACTIVITY = [["序号", "地点", "事项", "时间", "信息来源", "备注"],
            [1, "演练区/乙镇", "乙镇发布暴雨预警", "2026-11-01 01:30-05:00", "镇应急办", "第二个1:30"],
            [2, "甲街道", "甲街道启动防汛四级应急响应", "2026-11-01 04:00", "街道办", ""],
            [3, "乙镇", "巡查河道", "2026-11-01 01:30-04:00", "镇应急办", "第一个1:30"],
            [4, "甲二小区", "清理排水口", "2026-11-01 09:00", "街道办", ""],
            [5, "甲街道", "发放沙袋", "2026-11-01 10:00", "街道办", "500只"],
            [6, "乙镇", FORMULA, "2026-11-01 11:00", "镇应急办", "转移低洼地带群众32人"],
            # The same patrol logged twice: two identical lines are two facts (docs/imports.md), each kept.
            [7, "甲街道", "巡查河道", "2026-11-01 12:00", "街道办", ""],
            [8, "甲街道", "巡查河道", "2026-11-01 12:00", "街道办", ""]]
SUBDISTRICT = {"甲一小区": "甲街道", "甲二小区": "甲街道", "乙镇/乙一村": "乙镇", "乙一村": "乙镇", "甲街道": "甲街道",
               "乙镇": "乙镇", "演练区/乙镇": "乙镇"}


def stored(database) -> int:  # noqa: ANN001
    """Reports stored, read fresh."""
    with database.read_session() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(Report)) or 0


def refused(preview) -> list[tuple[int, str, str]]:  # noqa: ANN001
    """The preview's error table as a clerk reads it: (line, column as the file heads it, message)."""
    table = re.search(r'<table class="import-errors">(.*?)</table>', preview.get_data(as_text=True), re.S)
    return [(int(line), unescape(column), unescape(re.sub(r"<[^>]+>", "", message))) for line, column, message
            in re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>(.*?)</td></tr>", table.group(1) if table else "")]


def as_exported(typed: str) -> str:
    """A time typed in the event's zone as the report list writes it: seconds and the offset of that instant."""
    if re.search(r"[+-]\d\d:\d\d$", typed):
        return typed[:16] + ":00" + typed[16:]
    return datetime.fromisoformat(typed).replace(tzinfo=ZONE).isoformat(sep=" ")


def number(cell: Any) -> float:
    """A quantity as the clerk typed it, read by hand: 1,500, 3000㎡, 1.5万, 12.5."""
    text = str(cell).replace(",", "").removesuffix("㎡")
    return float(text[:-1]) * 10000 if text.endswith("万") else float(text)


def test_a_day_by_spreadsheet_in_and_out_again(app, database, client, auth, make_user):
    # The office's areas and event, set up beforehand (the API's and the pages' own tests hold those paths).
    with database.transaction() as s:
        office = create_user(s, "office", PASSWORD, "coordinator")
        api = TokenClient(app, tokens.create_token(s, office, "town office")[1], office.id, "office")
        district = create_area(s, name="演练区", level="district")
        beside = create_area(s, name="邻区", level="district")
        jia, yi = (create_area(s, name="甲街道", level="subdistrict", parent=district),
                   create_area(s, name="乙镇", level="subdistrict", parent=district))
        bing = create_area(s, name="丙街道", level="subdistrict", parent=beside)
        for name, parent, households, buildings in (("甲一小区", jia, 400, 12), ("甲二小区", jia, 300, 10),
                                                    ("乙一村", yi, 250, 30), ("丙一小区", bing, 100, 5)):
            create_area(s, name=name, level="site", parent=parent, households=households, buildings=buildings)
        # No place of its own: the storm is 演练区's and 邻区's, so 丙一小区's row is refused for the clerk's
        # scope alone.
        event = create_event(s, code="nov-storm", name="十一月暴雨", kind="rainstorm", timezone=ZONE.key,
                             starts_at=datetime(2026, 10, 31, tzinfo=ZONE), brief_time=time(8, 0)).id
    make_user("clerk", "reporter", scope="演练区")
    auth.login("clerk")
    url = f"/events/{event}/import"

    previews: list[str] = []

    def bring_in(rows: list[list[Any]], filename: str) -> int:
        """Upload, read the preview, press its button: the reports it added."""
        before = stored(database)
        data = xlsx_bytes(rows) if filename.endswith(".xlsx") else csv_bytes(rows)
        token, preview = upload(client, url, data, filename=filename)
        assert preview.status_code == 200 and not refused(preview), (preview.status_code, refused(preview))
        previews.append(preview.get_data(as_text=True))
        done = client.post(f"/imports/{token}/confirm",
                           data={"csrf_token": csrf_from(preview.get_data(as_text=True)), "token": token})
        assert done.status_code == 302, done.get_data(as_text=True)
        return stored(database) - before

    def slips(rows: list[list[Any]], filename: str) -> list[tuple[int, str, str]]:
        """Upload a sheet with slips: a 422 naming them, no button to import it, nothing stored."""
        before = stored(database)
        data = xlsx_bytes(rows) if filename.endswith(".xlsx") else csv_bytes(rows)
        token, preview = upload(client, url, data, filename=filename)
        assert preview.status_code == 422, preview.status_code
        assert f"/imports/{token}/confirm" not in preview.get_data(as_text=True)
        assert stored(database) == before
        return refused(preview)

    def numbers(kind: str) -> list[int]:
        """The report numbers of a kind, oldest first, as the clerk reads them off the report list's download."""
        listed = client.get(f"/events/{event}/reports/export.json?kind={kind}&sort=observed_asc")
        assert listed.status_code == 200
        return [int(r["id"]) for r in listed.get_json()["rows"]]

    # ---- The sheets, each first with its slips.
    assert bring_in(OUTAGES, "停电.csv") == 3
    o1, o2, o3 = numbers("outage")
    updates = [UPDATE_HEADER, [o1, 150, 4, None, None, None, "2026-11-01 10:00", "供电所"],
               [o2, None, None, 50, 2, None, "2026-11-01 12:00", "供电所"],
               [o1, None, None, None, None, "是", "2026-11-01 14:00", "供电所"],
               [o3, None, None, None, None, "是", "2026-11-01 16:00", "村委会"]]
    # Updates are checked by storing each in file order; a slip on the last line leaves none of the first three.
    assert slips([*updates, [o2, 200, None, None, None, None, "2026-11-01 13:00", "供电所"]], "恢复供电.xlsx") == [
        (6, "已恢复户数（累计）", "超过受影响的120")]
    assert bring_in(updates, "恢复供电.xlsx") == 4
    assert bring_in(PUMPING, "排水作业.csv") == 2
    p1, p2 = numbers("pumping")
    volumes = [VOLUME_HEADER, [p1, "2026-11-01 06:00", "2026-11-01 12:00", 1200, "街道办"],
               [p1, "2026-11-01 12:00", "2026-11-01 18:00", 900, "街道办"],
               [p2, "2026-11-01 08:00", "2026-11-01 20:00", "1,500", "镇应急办"]]
    assert slips([*volumes, [p2, "2026-11-01 20:00", "2026-11-01 22:00", -200, "镇应急办"]], "排水量.xlsx") == [
        (5, "排水量（立方米）", "不能为负数")]
    assert bring_in(volumes, "排水量.xlsx") == 3
    assert bring_in(DISINFECTION, "消杀.xlsx") == 2
    assert slips([*DEBRIS, ["邻区/丙街道/丙一小区", "2026-11-01 09:00", "2026-11-01 10:00", 1, 1, 2, 1, "邻区", ""],
                  ["甲一小区", "2026-11-01 14:00", "2026-11-01 15:00", 2, 1, 3, 1, "街道办", FORMULA]],
                 "清运.xlsx") == [(4, "地点", "不在您负责的区域内"),
                                  (5, "备注", "是公式：请改为粘贴它的值（选择性粘贴 → 值）")]
    assert bring_in(DEBRIS, "清运.xlsx") == 2
    first_go = [list(row) for row in ACTIVITY]
    first_go[3][3], first_go[4][1], first_go[5][2] = "2026-11-01 01:30", "演练区/甲街道/无此小区", ""
    assert slips(first_go, "动态.csv") == [
        (4, "时间", "这一时刻出现了两次（当地时钟回拨）：请以文本填写并注明UTC偏移：2026-11-01 01:30-04:00（第一次，"
                    "时钟回拨前）或 2026-11-01 01:30-05:00（第二次）"),
        (5, "地点", "未知地点“演练区/甲街道/无此小区”"), (6, "事项", "必填")]
    assert bring_in(ACTIVITY, "动态.csv") == 8
    assert "与前面的行完全相同（第9行同第8行）" in previews[-1]  # the patrol logged twice: said, and kept twice
    sheets = {"停电.csv": OUTAGES, "恢复供电.xlsx": updates, "排水作业.csv": PUMPING, "排水量.xlsx": volumes,
              "消杀.xlsx": DISINFECTION, "清运.xlsx": DEBRIS, "动态.csv": ACTIVITY}
    typed_rows = sum(len(rows) - 1 for rows in sheets.values())
    assert stored(database) == typed_rows == 24

    # ---- By hand, from the cells above. Power at the day's end: 甲一 fully back (400户, 12栋); 甲二 120户/4栋
    # with 50户/2栋 still out (70户/2栋 back); 乙一 fully back (80户, 3栋).
    affected = {o1: (400, 12), o2: (120, 4), o3: (80, 3)}
    still_out = {o1: (0, 0), o2: (50, 2), o3: (0, 0)}
    back = {o: (affected[o][0] - still_out[o][0], affected[o][1] - still_out[o][1]) for o in affected}
    in_jia = (o1, o2)
    m3 = {"甲街道": sum(number(r[3]) for r in volumes[1:] if r[0] == p1),
          "乙镇": sum(number(r[3]) for r in volumes[1:] if r[0] == p2)}
    tonnes = {SUBDISTRICT[r[0]]: number(r[3]) for r in DEBRIS[1:]}
    surface = {SUBDISTRICT[r[0]]: number(r[3]) for r in DISINFECTION[1:]}
    reports_in = {name: sum(1 for rows in sheets.values() for r in rows[1:] if _subdistrict(r, rows[0], {
        o1: "甲街道", o2: "甲街道", o3: "乙镇", p1: "甲街道", p2: "乙镇"}) == name) for name in ("甲街道", "乙镇")}
    assert reports_in == {"甲街道": 15, "乙镇": 9}  # the sheets' rows, counted by where each is

    # ---- The brief: compiled for the day (cut off at its due time, 2 November 08:00, before the sheets came in),
    # then its revision, which counts every report known now.
    compile_url = f"/api/v1/events/{event}/briefs/compile"
    first = _compiled(api, database, api.post(compile_url, json={"day": DAY}))
    assert api.get(first["formats"]["json"]).json["content"]["quality"]["reports_used"] == 0
    brief = _compiled(api, database, api.post(f"/api/v1/briefs/{first['id']}/recompile"))
    day = api.get(brief["formats"]["json"]).json["content"]
    assert (day["header"]["period_hours"], day["header"]["revision"]) == (25, 2)
    power = day["power"]
    assert {k: marks(power[k]) for k in ("households_out", "buildings_out", "households_restored",
                                         "buildings_restored", "households_affected", "buildings_affected")} == {
        "households_out": (sum(h for h, _ in still_out.values()), *EXACT),
        "buildings_out": (sum(b for _, b in still_out.values()), *EXACT),
        "households_restored": (sum(h for h, _ in back.values()), *EXACT),
        "buildings_restored": (sum(b for _, b in back.values()), *EXACT),
        "households_affected": (sum(h for h, _ in affected.values()), *EXACT),
        "buildings_affected": (sum(b for _, b in affected.values()), *EXACT)}
    assert (power["open_outages"], power["restored_in_period"], power["new_in_period"]) == (1, 2, 3)
    pumping = day["pumping"]
    assert (marks(pumping["volume_m3"]["period"]), marks(pumping["volume_m3"]["to_date"]), pumping["active"],
            marks(pumping["people"]), marks(pumping["pumps"]), pumping["still_pumping"]) == (
        (sum(m3.values()), *EXACT), (sum(m3.values()), *EXACT), 2,
        (sum(r[2] for r in PUMPING[1:]), *EXACT), (sum(r[3] for r in PUMPING[1:]), *EXACT), 1)
    disinfection = day["disinfection"]
    assert {c["code"]: marks(c["figure"]["period"]) for c in disinfection["categories"]} == {
        "street": (12, *EXACT), "village": (1, *EXACT), "surface": (sum(surface.values()), *EXACT)}
    assert marks(disinfection["person_times"]["period"]) == (sum(r[4] for r in DISINFECTION[1:]), *EXACT)
    debris = day["debris"]
    assert {k: marks(debris[k]["period"]) for k in ("mass_kg", "truckloads", "people", "vehicles")} == {
        "mass_kg": (round(sum(tonnes.values()) * 1000), *EXACT),
        "truckloads": (sum(r[4] for r in DEBRIS[1:]), *EXACT),
        "people": (sum(r[5] for r in DEBRIS[1:]), *EXACT), "vehicles": (sum(r[6] for r in DEBRIS[1:]), *EXACT)}
    assert {r["name"]: (r["reports"], marks(r["households_restored"]), marks(r["volume_m3"]["period"]),
                        marks(r["debris_kg"]["period"])) for r in day["subdistricts"]} == {
        "甲街道": (reports_in["甲街道"], (sum(back[o][0] for o in in_jia), *EXACT), (m3["甲街道"], *EXACT),
                 (round(tonnes["甲街道"] * 1000), *EXACT)),
        "乙镇": (reports_in["乙镇"], (back[o3][0], *EXACT), (m3["乙镇"], *EXACT),
                (round(tonnes["乙镇"] * 1000), *EXACT)),
        "丙街道": (0, (None, *EXACT), (None, *EXACT), (None, *EXACT))}  # nothing of 丙一小区's row was kept
    assert day["quality"]["reports_used"] == typed_rows
    # Oldest first, the first 01:30 (EDT) before the second (EST); the patrol logged twice, twice.
    assert [(a["area"], a["title"]) for a in day["activity"]] == [
        (r[1].split("/")[-1], r[2]) for r in sorted(ACTIVITY[1:], key=lambda r: _instant(r[3]))]

    # ---- The brief's CSV, text and DOCX say the same figures.
    brief_csv = list(csv.reader(io.StringIO(api.get(brief["formats"]["csv"]).get_data(as_text=True).lstrip("\ufeff"))))
    figures = {row[0]: row[2:4] for row in brief_csv[1:]}
    assert (figures["停电户数"], figures["恢复供电户数"][0], figures["排水量"], figures["消杀面积"],
            figures["清运量"], figures["清运车数"]) == (
        [str(sum(h for h, _ in still_out.values())), f"{sum(h for h, _ in affected.values()):,}"],
        f"{sum(h for h, _ in back.values()):,}", [f"{sum(m3.values()):,.0f}"] * 2,
        [f"{sum(surface.values()):,.0f}"] * 2, [f"{sum(tonnes.values()):g}"] * 2,
        [str(sum(r[4] for r in DEBRIS[1:]))] * 2)
    text = api.get(brief["formats"]["txt"]).get_data(as_text=True)
    with zipfile.ZipFile(io.BytesIO(api.get(brief["formats"]["docx"]).data)) as docx:
        words = re.sub(r"<[^>]+>", "", docx.read("word/document.xml").decode())
    for said in ("共25小时", f"本日排水{sum(m3.values()):,.0f}立方米", f"本日清运{sum(tonnes.values()):g}吨",
                 f"消杀面积{sum(surface.values()):,.0f}平方米", "仍停电1处（甲二小区：2栋，50户）",
                 f"本日恢复供电{sum(b for _, b in back.values())}栋、{sum(h for h, _ in back.values())}户",
                 f"本期采用报告{typed_rows}份", "未报送（零报告制度：本时段既无报告也无零报告）：丙街道"):
        assert said in text and said in words, said
    for said in ("11月1日 01:30 EDT 乙镇：巡查河道", "11月1日 01:30 EST 乙镇：乙镇发布暴雨预警",
                 f"11月1日 11:00 EST 乙镇：{FORMULA}（来源：镇应急办）",
                 # 二、分街道: buildings beside households where the outages were counted in both.
                 f"甲街道：仍停电（处） 1（{still_out[o2][1]}栋、{still_out[o2][0]}户）",
                 f"报告数 {reports_in['甲街道']}",
                 f"乙镇：仍停电（处） 0；本日恢复（处） 1（恢复{back[o3][1]}栋、{back[o3][0]}户）"):
        assert said in text, said

    # ---- The report list's downloads: every typed row once (the patrol twice), its values as typed.
    want = _typed(sheets, {o1: "甲一小区", o2: "甲二小区", o3: "乙一村", p1: "甲一小区", p2: "乙一村"})
    typed: dict[str, set[str]] = {}  # the columns each kind's sheet typed (a volume's observed_at is the product's)
    for kind, _place, values in want:
        typed.setdefault(kind, set()).update(k for k, _v in values)
    base = f"/events/{event}/reports/export"
    listed = client.get(base + ".json").get_json()
    assert sorted(_downloaded(r, typed) for r in listed["rows"]) == sorted(want)
    got = client.get(base + ".csv")
    rows = list(csv.DictReader(io.StringIO(got.get_data(as_text=True).lstrip("\ufeff"))))
    keys = {c["zh"]: c["key"] for c in listed["columns"]}
    kind_of = {str(r["id"]): r["kind"] for r in listed["rows"]}  # the files say a kind in words (停电进展)
    rows = [{keys[k]: v for k, v in r.items() if v != ""} for r in rows]
    assert sorted(_downloaded({**r, "kind": kind_of[r["id"]]}, typed, csv_cells=True) for r in rows) == sorted(
        _neutral(want))
    sheet = load_workbook(io.BytesIO(client.get(base + ".xlsx").data)).active
    header = [keys[c.value] for c in next(sheet.iter_rows(max_row=1))]
    xlsx_rows = [{k: c.value for k, c in zip(header, row, strict=True) if c.value is not None}
                 for row in sheet.iter_rows(min_row=2)]
    assert sorted(_downloaded({**r, "kind": kind_of[str(r["id"])]}, typed, csv_cells=True)
                  for r in xlsx_rows) == sorted(want)
    title = next(c for row in sheet.iter_rows(min_row=2) for c in row if c.value == FORMULA)
    assert (title.data_type, title.quotePrefix) == ("s", True)  # a string shown as typed, never a formula

    # ---- The same sheets again: nothing new, nothing doubled.
    for filename, sheet_rows in sheets.items():
        data = xlsx_bytes(sheet_rows) if filename.endswith(".xlsx") else csv_bytes(sheet_rows)
        _token, preview = upload(client, url, data, filename=filename)
        assert preview.status_code == 200 and "每一行都已导入过" in preview.get_data(as_text=True), filename
        assert "/confirm" not in preview.get_data(as_text=True)
    assert stored(database) == typed_rows


def _compiled(api: TokenClient, database, asked) -> dict[str, Any]:  # noqa: ANN001
    """The brief a compile request made, once the scheduler's queue job has run it."""
    assert asked.status_code == 202, asked.get_json()
    queue.run_queued(database)
    done = api.get(asked.json["url"]).json
    assert done["status"] == "done", done
    return api.get(done["brief_url"]).json


def _instant(typed: str) -> datetime:
    """A typed time as an instant (the sort key of the brief's activity list)."""
    at = datetime.fromisoformat(typed)
    return at if at.tzinfo else at.replace(tzinfo=ZONE)


def _subdistrict(row: list[Any], header: list[Any], parents: dict[int, str]) -> str:
    """Where a typed row is: its place's subdistrict, or its parent report's."""
    if "地点" in header:
        return SUBDISTRICT[row[header.index("地点")]]
    return parents[row[0]]


# Each typed column and the report list's column that must give it back.
NUMBERS = {"停电户数": "households_affected", "停电楼栋": "buildings_affected",
           "已恢复户数（累计）": "households_restored", "已恢复楼栋数（累计）": "buildings_restored",
           "仍停电户数": "households_out", "仍停电楼栋数": "buildings_out",
           "人数": "people", "水泵（台）": "pumps", "排水量（立方米）": "volume_m3", "出动人员（人次）": "person_times",
           "清运量（吨）": "mass_t", "车次": "truckloads", "车辆": "vehicles"}
TIMES = {"停电时间": "started_at", "时间": "observed_at", "开始时间": "observed_at", "时间（或截至）": "observed_at",
         "结束时间": "ended_at", "起始时间": "period_start", "结束": "period_end"}
TEXTS = {"事项": "title", "队伍或单位": "team", "信息来源": "source", "备注": "note"}
KINDS = {"停电.csv": "outage", "恢复供电.xlsx": "outage_update", "排水作业.csv": "pumping",
         "排水量.xlsx": "pumping_volume", "消杀.xlsx": "disinfection", "清运.xlsx": "debris", "动态.csv": "activity"}
COUNTS = {"街道": "street", "村": "village", "消杀面积": "surface"}


def _typed(sheets: dict[str, list[list[Any]]], parents: dict[int, str]) -> list[tuple[Any, ...]]:
    """Each typed row as (kind, place, ((report list column, value as typed), ...)): what the downloads must hold."""
    out = []
    for filename, rows in sheets.items():
        header = rows[0]
        for r in rows[1:]:
            cell = {k: v for k, v in zip(header, r, strict=True) if v not in (None, "")}
            values = {TIMES[k]: as_exported(v) for k, v in cell.items() if k in TIMES}
            values |= {NUMBERS[k]: number(v) for k, v in cell.items() if k in NUMBERS}
            values |= {TEXTS[k]: v for k, v in cell.items() if k in TEXTS}
            if "已全部恢复供电" in header:  # left blank: not fully restored
                values["fully_restored"] = cell.get("已全部恢复供电") == "是"
            if filename == "消杀.xlsx":
                values["counts"] = tuple(sorted((COUNTS[k], number(v)) for k, v in cell.items() if k in COUNTS))
            place = str(cell.get("地点") or parents[r[0]]).split("/")[-1]
            out.append((KINDS[filename], place, tuple(sorted(values.items()))))
    return out


def _downloaded(r: dict[str, Any], typed: dict[str, set[str]], csv_cells: bool = False) -> tuple[Any, ...]:
    """A downloaded report row as _typed writes a typed one, read in the columns its kind's sheet typed (a
    spreadsheet's disinfection counts are one cell of text: 街道 12条; 消杀面积 3000平方米)."""
    values = {}
    for key in typed[r["kind"]]:
        value = r.get(key)
        if value is None or value == "":
            continue
        if key in NUMBERS.values():
            value = float(value)
        elif key == "fully_restored":
            value = value in (True, "是")
        elif key == "counts":
            value = tuple(sorted((code, float(n)) for code, (n, _lb) in value.items())) if not csv_cells else (
                tuple(sorted((COUNTS[name], number(re.sub(r"[^\d.]+$", "", n)))
                             for name, n in (part.split(" ") for part in value.split("; ")))))
        values[key] = value
    return r["kind"], r["place"], tuple(sorted(values.items()))


def _neutral(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The rows as the CSV writes them: formula-like text behind a '."""
    return [(kind, place, tuple((k, "'" + v if isinstance(v, str) and v.startswith("=") else v) for k, v in values))
            for kind, place, values in rows]
