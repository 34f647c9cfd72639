"""Three days of pumping, disinfection, debris clearance, activity and zero reports (零报告) in two subdistricts,
sent through the HTTP API with a token alone (areas and event included) as an outside tester would send them, and
every figure of each compiled brief, in its JSON and on its rendered page, held against a table worked out by hand
here from docs/domain.md and docs/briefs.md (nothing of the product's reckoning called): volumes cut at midnight,
one corrected after the brief that counted it, one sent after the cut-off, an operation ended and a team started
again; disinfection by category with the area in 平方米, a round corrected and a total to date; a duplicate
clearance retracted after its brief; a round sent back (退回) and corrected; zero reports on quiet days.
"""

from __future__ import annotations

import html
import re
from typing import Any

from tests.api.conftest import TokenClient, compiled_with_content, created, marks

EXACT, APPROX = False, True  # the third member of marks(): 约 (an apportioned share, or to date past 24:00)


def page_text(api: TokenClient, brief: dict[str, Any]) -> str:
    """The brief's page as a reader sees its words (a token opens no page: the tester's login), tags dropped."""
    page = api.page(f"/briefs/{brief['id']}")
    assert page.status_code == 200
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", page.get_data(as_text=True))
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def rows(day: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """二、分街道's rows by subdistrict name."""
    return {r["name"]: r for r in day["subdistricts"]}


def categories(figures: list[dict[str, Any]]) -> dict[str, tuple[Any, ...]]:
    """Each disinfection category's (period, to date, previous) as the by-hand table writes them."""
    return {c["code"]: (marks(c["figure"]["period"]), marks(c["figure"]["to_date"]), marks(c["figure"]["previous"]))
            for c in figures}


def test_three_days_of_water_and_cleanup_by_hand(database, coordinator_api: TokenClient):
    # `database` only for the scheduler's queue job that runs the compiles asked over the API (compiled_brief).
    api = coordinator_api

    def area(name: str, level: str, parent: int | None = None, **size: int) -> int:
        return created(api, "/api/v1/areas", {"name": name, "level": level, "parent_id": parent, **size})

    district = area("演练区", "district")
    jia, yi = area("甲街道", "subdistrict", district), area("乙街道", "subdistrict", district)
    site_a = area("甲小区", "site", jia, households=500, buildings=20)
    site_b = area("乙小区", "site", yi, households=800, buildings=30)
    event = created(api, "/api/v1/events", {"code": "water-cleanup", "name": "演练暴雨", "kind": "rainstorm",
                                            "starts_at": "2021-07-01 00:00", "brief_time": "08:00",
                                            "area_id": district})
    url, compile_url = f"/api/v1/events/{event}/reports", f"/api/v1/events/{event}/briefs/compile"

    def send(kind: str, reported: str, **fields: Any) -> int:
        return created(api, url, {"kind": kind, "reported_at": reported, **fields})

    def volume(op: int, m3: int, start: str, end: str, reported: str) -> int:
        return send("pumping_volume", reported, operation_id=op, volume_m3=m3, period_start=start, period_end=end)

    def patch(report: int, **fields: Any) -> None:
        etag = api.get(f"/api/v1/reports/{report}").headers["ETag"]
        fixed = api.patch(f"/api/v1/reports/{report}", json=fields, headers={"If-Match": etag})
        assert fixed.status_code == 200, fixed.get_json()

    def status(report: int, action: str, reason: str | None = None) -> None:
        done = api.post(f"/api/v1/reports/{report}/{action}", json={"reason": reason} if reason else {})
        assert done.status_code == 200, done.get_json()

    # ---- 1 July. 甲's pumps run from 06:00; 乙 has nothing and says so (零报告).
    p1 = send("pumping", "2021-07-01 06:10", area_id=site_a, team="一队", people=6, pumps=2,
              observed_at="2021-07-01 06:00")
    send("activity", "2021-07-01 07:05", area_id=jia, title="甲街道启动防汛应急响应",
              observed_at="2021-07-01 07:00")
    volume(p1, 800, "2021-07-01 08:00", "2021-07-01 12:00", "2021-07-01 12:10")
    d1 = send("disinfection", "2021-07-01 18:10", area_id=site_a, counts={"street": 12, "surface": "3000㎡"},
              person_times=20, observed_at="2021-07-01 18:00")
    v2 = volume(p1, 1600, "2021-07-01 12:00", "2021-07-01 20:00", "2021-07-01 20:15")
    send("zero_report", "2021-07-01 21:00", area_id=yi, period_day="2021-07-01")
    volume(p1, 1000, "2021-07-01 20:00", "2021-07-02 04:00", "2021-07-02 04:30")
    # A running total is no volume (docs/domain.md, report kinds): a pumped volume has no `cumulative`.
    total = api.post(url, json={"kind": "pumping_volume", "operation_id": p1, "volume_m3": 3400, "cumulative": True,
                                "period_start": "2021-07-01 06:00", "period_end": "2021-07-02 04:00",
                                "reported_at": "2021-07-02 04:40"})
    assert total.status_code == 422 and list(total.json["errors"]) == ["cumulative"], total.get_json()

    brief1, day1 = compiled_with_content(api, database, compile_url, {"day": "2021-07-01"})
    assert day1["header"]["cutoff"] == "2021-07-02T00:00:00Z"  # 2 July 08:00 local: v3 (04:30) is in
    # By hand, 1 July: m³ 800 (v1) + 1,600 (v2) + ⌊1000 × 4 / 8⌋ = 500 (v3's 20:00–24:00 of 20:00–04:00, 约)
    #   = 2,900, 约; to date the same (v3 runs past 24:00: 约). One operation at work, still pumping: 6 people, 2 pumps.
    #   Disinfection: 12 streets, 3,000 m², 20 person-times (d1). Nothing cleared: 未报 (null), not 0.
    #   甲 reports bearing on the day: p1, a1, v1, d1, v2, v3 = 6; 乙 none with data, its 零报告 on the board.
    assert (marks(day1["pumping"]["volume_m3"]["period"]), marks(day1["pumping"]["volume_m3"]["to_date"]),
            day1["pumping"]["volume_m3"]["previous"]) == ((2900, False, APPROX), (2900, False, APPROX), None)
    pumping = day1["pumping"]
    assert (pumping["active"], pumping["still_pumping"], marks(pumping["people"]), marks(pumping["pumps"]),
            pumping["operations_to_date"], pumping["volume_reports_in_period"]) == (
        1, 1, (6, False, EXACT), (2, False, EXACT), 1, 3)
    assert categories(day1["disinfection"]["categories"]) == {
        "street": ((12, False, EXACT), (12, False, EXACT), None),
        "surface": ((3000, False, EXACT), (3000, False, EXACT), None)}
    assert marks(day1["disinfection"]["person_times"]["to_date"]) == (20, False, EXACT)
    assert (marks(day1["debris"]["mass_kg"]["period"]), day1["debris"]["reports_in_period"]) == (
        (None, False, False), 0)
    assert [(a["area"], a["title"]) for a in day1["activity"]] == [("甲街道", "甲街道启动防汛应急响应")]
    assert {name: (r["reports"], marks(r["volume_m3"]["period"]), categories(r["disinfection"]))
            for name, r in rows(day1).items()} == {
        "甲街道": (6, (2900, False, APPROX), {"street": ((12, False, EXACT), (12, False, EXACT), None),
                                            "surface": ((3000, False, EXACT), (3000, False, EXACT), None)}),
        "乙街道": (0, (None, False, False), {})}
    quality = day1["quality"]
    assert (quality["reports_used"], quality["late_total"], quality["returned"], quality["silent"],
            [a["name"] for a in quality["zero_reported"]]) == (6, 0, 0, [], ["乙街道"])
    text = page_text(api, brief1)
    for said in ("本日排水 约2,900立方米 （按作业时段分摊估算），累计 约2,900立方米",
                 "本日消杀街道 12条 ，消杀面积 3,000平方米 ，投入 20人次",
                 "甲街道 0 0 约2,900 / 约2,900 街道 12条 / 12条 、消杀面积 3,000平方米 / 3,000平方米 — / — 6",
                 "乙街道 0 0 — / — — / — — / — 0", "甲街道启动防汛应急响应", "本期采用报告 6份",
                 "迟报：无。", "零报告（本时段无情况）：乙街道。"):
        assert said in text, (said, text)

    # ---- After that brief: v2's 1,600 m³ corrected to 1,200; d1's 12 streets corrected to 15.
    patch(v2, volume_m3=1200)
    patch(d1, counts={"street": 15, "surface": 3000})
    # ---- 2 July. 300 m³ of 1 July 06:00–08:00 sent after the cut-off (late); the night shift's 900 m³ to 10:00,
    # when the pumps stop (p1 ended); the team starts again at 16:00 (a new operation, p2) into the night.
    late = volume(p1, 300, "2021-07-01 06:00", "2021-07-01 08:00", "2021-07-02 09:30")
    volume(p1, 900, "2021-07-02 04:00", "2021-07-02 10:00", "2021-07-02 10:20")
    patch(p1, ended_at="2021-07-02 10:00")
    send("activity", "2021-07-02 09:10", area_id=yi, title="乙街道转移低洼地带群众", observed_at="2021-07-02 09:00")
    d2 = send("disinfection", "2021-07-02 10:30", area_id=site_b, counts={"compound": 3, "surface": "1.5万平方米"},
              person_times=8, observed_at="2021-07-02 10:00")
    status(d2, "return", "消杀面积有误，请核实")  # sent back (退回): counts nowhere until corrected
    p2 = send("pumping", "2021-07-02 16:05", area_id=site_a, team="一队", people=4, pumps=1,
              observed_at="2021-07-02 16:00")
    clearance = {"period_start": "2021-07-02 08:00", "period_end": "2021-07-02 20:00", "mass_t": "12.5",
                 "truckloads": 5, "people": 10, "vehicles": 3}
    send("debris", "2021-07-02 20:30", area_id=site_b, **clearance)
    c2 = send("debris", "2021-07-02 20:40", area_id=site_b, **clearance)  # the same clearance sent twice
    volume(p2, 2000, "2021-07-02 16:00", "2021-07-03 02:00", "2021-07-03 02:30")

    brief2, day2 = compiled_with_content(api, database, compile_url, {"day": "2021-07-02"})
    # By hand, 2 July as known at 3 July 08:00:
    #   m³ in the day: v3's 1,000 − 500 = 500 (约) + v5 900 + v6 ⌊2000 × 8 / 10⌋ = 1,600 (16:00–24:00 of 10 h, 约)
    #     = 3,000, 约; to date 800 + 1,200 (v2 as corrected) + 1,000 + 300 (late) + 900 + 1,600 = 5,800, 约 (v6
    #     runs on); previous 2,900, 约, as the brief of 1 July stored it (not its 2,800 as corrected since).
    #   at work: p1 (until 10:00) and p2: 2, still pumping at 24:00 p2 only: 1; 6 + 4 = 10 people, 2 + 1 = 3 pumps.
    #   disinfection: d2 sent back counts nowhere, so no round in the day (null, "—"); to date d1 as corrected, 15
    #     streets, 3,000 m², 20 person-times; previous 12 streets, 3,000 m², 20.
    #   debris: c1 + c2 = 12.5 t × 2 = 25,000 kg in the day (both 08:00–20:00), 5 + 5 = 10 loads, 10 + 10 = 20
    #     people, 3 + 3 = 6 vehicles; to date the same; previous: the brief of 1 July had none (null).
    #   甲 reports bearing on the day: v3 (into it), late (stamped in it), v5, p2, v6 = 5; 乙: the activity, c1,
    #     c2 = 3 (d2 sent back is not counted). Late for 1 July: the 300 m³. Sent back: d2.
    volumes = day2["pumping"]["volume_m3"]
    assert (marks(volumes["period"]), marks(volumes["to_date"]), marks(volumes["previous"]), volumes["fell"]) == (
        (3000, False, APPROX), (5800, False, APPROX), (2900, False, APPROX), False)
    pumping = day2["pumping"]
    assert (pumping["active"], pumping["still_pumping"], marks(pumping["people"]), marks(pumping["pumps"]),
            pumping["operations_to_date"], pumping["volume_reports_in_period"]) == (
        2, 1, (10, False, EXACT), (3, False, EXACT), 2, 3)
    assert categories(day2["disinfection"]["categories"]) == {
        "street": ((None, False, False), (15, False, EXACT), (12, False, EXACT)),
        "surface": ((None, False, False), (3000, False, EXACT), (3000, False, EXACT))}
    people = day2["disinfection"]["person_times"]
    assert (marks(people["to_date"]), marks(people["previous"]), day2["disinfection"]["reports_in_period"]) == (
        (20, False, EXACT), (20, False, EXACT), 0)
    debris = day2["debris"]
    assert {name: (marks(debris[name]["period"]), marks(debris[name]["to_date"]), marks(debris[name]["previous"]))
            for name in ("mass_kg", "truckloads", "people", "vehicles")} == {
        "mass_kg": ((25000, False, EXACT), (25000, False, EXACT), (None, False, False)),
        "truckloads": ((10, False, EXACT), (10, False, EXACT), (None, False, False)),
        "people": ((20, False, EXACT), (20, False, EXACT), (None, False, False)),
        "vehicles": ((6, False, EXACT), (6, False, EXACT), (None, False, False))}
    assert [(a["area"], a["title"]) for a in day2["activity"]] == [("乙街道", "乙街道转移低洼地带群众")]
    # A row's m³ and tonnes carry their previous; its disinfection categories none (the API's reference: the
    # district's categories carry it).
    assert {name: (r["reports"], marks(r["volume_m3"]["period"]), marks(r["volume_m3"]["to_date"]),
                   marks(r["debris_kg"]["period"]), categories(r["disinfection"]))
            for name, r in rows(day2).items()} == {
        "甲街道": (5, (3000, False, APPROX), (5800, False, APPROX), (None, False, False), {
            "street": ((None, False, False), (15, False, EXACT), None),
            "surface": ((None, False, False), (3000, False, EXACT), None)}),
        "乙街道": (3, (None, False, False), (None, False, False), (25000, False, EXACT), {})}
    quality = day2["quality"]
    assert (quality["reports_used"], [(r["report_id"], r["day"]) for r in quality["late"]],
            [(r["report_id"], r["reason"]) for r in quality["returned_reports"]], quality["silent"],
            quality["zero_reported"]) == (8, [(late, "2021-07-01")], [(d2, "消杀面积有误，请核实")], [], [])
    text = page_text(api, brief2)
    for said in ("本日排水 约3,000立方米 （按作业时段分摊估算），累计 约5,800立方米",
                 "甲小区：一队 6人 ，已于 7月2日 10:00 结束",
                 "消杀： 本日无新报告；累计街道 15条 、消杀面积 3,000平方米 ， 20人次",
                 "本日清运 25吨 、 10车 ，投入 20人 ，出动车辆 6辆 ；累计 25吨 ， 10车",
                 "甲街道 0 0 约3,000 / 约5,800 街道— / 15条 、消杀面积— / 3,000平方米 — / — 5",
                 "乙街道 0 0 — / — — / — 25 / 25 3", "本期采用报告 8份",
                 "退回修改的报告 1份 ：乙小区消杀（ 7月2日 10:00 ），退回原因：消杀面积有误，请核实",
                 "迟报 1份 （所属日期的日报编发后获知）：甲小区排水量报告（属 7月1日 ，第1期）， 7月2日 09:30 获知",
                 "各街道（镇）本时段均有报告。"):
        assert said in text, (said, text)

    # ---- After that brief: c2 retracted (the same clearance twice); d2 corrected, 12,000 m², which resubmits it.
    status(c2, "retract", "重复报送")
    patch(d2, counts={"compound": 3, "surface": 12000})
    assert api.get(f"/api/v1/reports/{d2}").json["status"] == "submitted"
    # ---- 3 July. p2 stopped at 02:00 (its end added); 甲 clears silt and sends a total to date of its rounds; 乙
    # has nothing new and says so.
    patch(p2, ended_at="2021-07-03 02:00")
    send("activity", "2021-07-03 09:05", area_id=jia, title="甲街道开展灾后清淤", observed_at="2021-07-03 09:00")
    send("debris", "2021-07-03 15:10", area_id=site_a, period_start="2021-07-03 09:00",
              period_end="2021-07-03 15:00", mass_kg=6000, truckloads=3, people=8, vehicles=2)
    send("disinfection", "2021-07-03 12:10", area_id=site_a, counts={"street": 40}, person_times=60,
              cumulative=True, observed_at="2021-07-03 12:00")
    send("zero_report", "2021-07-03 20:00", area_id=yi, period_day="2021-07-03")

    brief3, day3 = compiled_with_content(api, database, compile_url, {"day": "2021-07-03"})
    # By hand, 3 July as known at 4 July 08:00:
    #   m³: v6's 2,000 − 1,600 = 400 (约); to date 800 + 1,200 + 1,000 + 300 + 900 + 2,000 = 6,200, exact (nothing
    #     runs past 24:00 now); previous 5,800, 约. At work p2 alone (ended 02:00): 1, none still pumping; 4 people.
    #   disinfection per place and category: 甲小区's streets, d1's 15 replaced by d3's total to date 40 → the day's
    #     40 − 15 = 25 (cum); its person-times 20 → 60, the day's 40; its 3,000 m² stay (d3 names no area);
    #     乙小区 d2 as corrected (2 July, counted again): 3 compounds, 12,000 m², 8 person-times.
    #     to date: streets 40, compounds 3, m² 3,000 + 12,000 = 15,000, person-times 60 + 8 = 68;
    #     previous (the brief of 2 July): 15 streets, 3,000 m², 20 person-times, no compounds.
    #   debris: c3 6,000 kg, 3 loads, 8 people, 2 vehicles in the day; to date c1 + c3 (c2 retracted): 12,500 +
    #     6,000 = 18,500 kg, 5 + 3 = 8 loads, 10 + 8 = 18 people, 3 + 2 = 5 vehicles; previous 25,000, 10, 20, 6:
    #     every one of the four fell, and the brief says so for each.
    #   甲 reports bearing on the day: v6 (into it), the activity, c3, d3 = 4; 乙 none with data: its 零报告.
    volumes = day3["pumping"]["volume_m3"]
    assert (marks(volumes["period"]), marks(volumes["to_date"]), marks(volumes["previous"]), volumes["fell"]) == (
        (400, False, APPROX), (6200, False, EXACT), (5800, False, APPROX), False)
    pumping = day3["pumping"]
    assert (pumping["active"], pumping["still_pumping"], marks(pumping["people"]), pumping["operations_to_date"]) == (
        1, 0, (4, False, EXACT), 2)
    assert categories(day3["disinfection"]["categories"]) == {
        "street": ((25, False, EXACT), (40, False, EXACT), (15, False, EXACT)),
        "compound": ((None, False, False), (3, False, EXACT), None),
        "surface": ((None, False, False), (15000, False, EXACT), (3000, False, EXACT))}
    people = day3["disinfection"]["person_times"]
    assert (marks(people["period"]), marks(people["to_date"]), marks(people["previous"])) == (
        (40, False, EXACT), (68, False, EXACT), (20, False, EXACT))
    assert people["period"]["cum"] and people["to_date"]["cum"]  # a total to date is in it (截至目前)
    debris = day3["debris"]
    assert {name: (marks(debris[name]["period"]), marks(debris[name]["to_date"]), marks(debris[name]["previous"]),
                   debris[name]["fell"]) for name in ("mass_kg", "truckloads", "people", "vehicles")} == {
        "mass_kg": ((6000, False, EXACT), (18500, False, EXACT), (25000, False, EXACT), True),
        "truckloads": ((3, False, EXACT), (8, False, EXACT), (10, False, EXACT), True),
        "people": ((8, False, EXACT), (18, False, EXACT), (20, False, EXACT), True),
        "vehicles": ((2, False, EXACT), (5, False, EXACT), (6, False, EXACT), True)}
    assert [(a["area"], a["title"]) for a in day3["activity"]] == [("甲街道", "甲街道开展灾后清淤")]
    assert {name: (r["reports"], marks(r["volume_m3"]["to_date"]), marks(r["debris_kg"]["period"]),
                   marks(r["debris_kg"]["to_date"]), categories(r["disinfection"]))
            for name, r in rows(day3).items()} == {
        "甲街道": (4, (6200, False, EXACT), (6000, False, EXACT), (6000, False, EXACT), {
            "street": ((25, False, EXACT), (40, False, EXACT), None),
            "surface": ((None, False, False), (3000, False, EXACT), None)}),
        "乙街道": (0, (None, False, False), (None, False, False), (12500, False, EXACT), {
            "compound": ((None, False, False), (3, False, EXACT), None),
            "surface": ((None, False, False), (12000, False, EXACT), None)})}
    quality = day3["quality"]
    assert (quality["reports_used"], quality["late_total"], quality["returned"], quality["silent"],
            [a["name"] for a in quality["zero_reported"]]) == (4, 0, 0, [], ["乙街道"])
    assert sorted(quality["falls"]) == ["debris.mass_kg", "debris.people", "debris.truckloads", "debris.vehicles"]
    text = page_text(api, brief3)
    for said in ("本日排水 约400立方米 （按作业时段分摊估算），累计 6,200立方米",
                 "本日消杀街道 25条 ，投入 40人次 （含本日报送的截至目前累计数）；累计街道 40条 、小区楼院 3个 、"
                 "消杀面积 15,000平方米 ， 68人次",
                 "本日清运 6吨 、 3车 ，投入 8人 ，出动车辆 2辆 ；累计 18.5吨 ， 8车",
                 "甲街道 0 0 约400 / 6,200 街道 25条 （含截至目前累计数） / 40条 、消杀面积— / 3,000平方米 6 / 6 4",
                 "乙街道 0 0 — / — 小区楼院— / 3个 、消杀面积— / 12,000平方米 — / 12.5 0", "本期采用报告 4份",
                 "迟报：无。", "零报告（本时段无情况）：乙街道。",
                 "累计数低于上期的项目（因更正或撤回）：清运量、清运车数、清运人员、清运车辆。"):
        assert said in text, (said, text)

    # ---- Revisions asked for now (cut off now: every report counts as it stands).
    # 1 July again: m³ 800 + 1,200 (v2 corrected) + 500 + 300 (the late volume) = 2,800, 约; 15 streets (d1
    # corrected); still pumping at 24:00 (p1 ran to 2 July 10:00). Added since the first revision: the late volume;
    # corrected: v2, d1 and p1 (its end added); reports bearing on it 6 + 1 = 7.
    revision1, again1 = compiled_with_content(api, database, f"/api/v1/briefs/{brief1['id']}/recompile")
    assert (marks(again1["pumping"]["volume_m3"]["period"]), again1["pumping"]["still_pumping"],
            categories(again1["disinfection"]["categories"])["street"][1]) == (
        (2800, False, APPROX), 1, (15, False, EXACT))
    quality = again1["quality"]
    assert (quality["reports_used"], quality["added_since_previous_revision"],
            quality["corrected_since_previous_revision"], quality["retracted_since_previous_revision"]) == (7, 1, 3, 0)
    assert "新纳入此后获知的报告 1份 ，更正 3份 。" in page_text(api, revision1)
    # 2 July again: d2 corrected counts on its own day, 3 compounds, 12,000 m², 8 person-times (to date 3,000 +
    # 12,000 = 15,000 m², 20 + 8 = 28); c2 retracted leaves 12,500 kg, 5 loads; m³ as before, 3,000, its previous now
    # the revision of 1 July just compiled, 2,800. Added since: none; corrected: p2 (its end) and d2; retracted: c2.
    # Reports bearing on it: 甲 5, 乙 the activity, c1, d2 = 3. The late volume is now shown by 1 July's revision 2.
    revision2, again2 = compiled_with_content(api, database, f"/api/v1/briefs/{brief2['id']}/recompile")
    assert categories(again2["disinfection"]["categories"]) == {
        "street": ((None, False, False), (15, False, EXACT), (15, False, EXACT)),
        "compound": ((3, False, EXACT), (3, False, EXACT), None),
        "surface": ((12000, False, EXACT), (15000, False, EXACT), (3000, False, EXACT))}
    assert (marks(again2["disinfection"]["person_times"]["period"]),
            marks(again2["disinfection"]["person_times"]["to_date"])) == ((8, False, EXACT), (28, False, EXACT))
    assert (marks(again2["debris"]["mass_kg"]["to_date"]), marks(again2["debris"]["truckloads"]["to_date"])) == (
        (12500, False, EXACT), (5, False, EXACT))
    volumes = again2["pumping"]["volume_m3"]
    assert (marks(volumes["period"]), marks(volumes["previous"])) == ((3000, False, APPROX), (2800, False, APPROX))
    quality = again2["quality"]
    assert (quality["reports_used"], quality["added_since_previous_revision"],
            quality["corrected_since_previous_revision"], quality["retracted_since_previous_revision"],
            quality["returned"], [(r["report_id"], r["shown_in"]) for r in quality["late"]]) == (
        8, 0, 2, 1, 0, [(late, 2)])
    text = page_text(api, revision2)
    for said in ("乙街道 0 0 — / — 小区楼院 3个 / 3个 、消杀面积 12,000平方米 / 12,000平方米 12.5 / 12.5 3",
                 "（已在第1期第 2版 中体现）",
                 "本版替代第 1版 （数据截至 2021年7月3日 08:00 ），此后，更正 2份 ，撤回 1份 。"):
        assert said in text, (said, text)
