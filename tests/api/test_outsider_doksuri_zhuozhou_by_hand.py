"""Typhoon Doksuri's floods in Zhuozhou (涿州市, Hebei), 31 July – 3 August 2023, replayed through the HTTP API as an
outside tester would: the rain of the 31st, the 拒马河 over its banks on 1 August, 刁窝镇 and 码头镇 under water for
days, power cut and restored in steps (码头村东区 back, then out again as the water rose), rescue teams pumping day and
night, then cleanup and disinfection as the water went down. The places, dates and order of things follow the news
of those days; the figures are the scenario's, each within its place's size.

The city's desk (an unscoped coordinator) sets up the towns (镇, with codes out of the order they are entered in),
villages and the event, and compiles each day's brief through the compile endpoint; each town's flood office sends
its reports on a token scoped to it (a scoped coordinator, stating `reported_at` as a town desk keying in its notes
does), and 义和庄村's worker (a scoped reporter, stamped by the server's clock) the last of them today. The field's
mess: an outage retried with the same `Idempotency-Key` (one report), another sent under two keys (both counted, a
village out more households than it has, until the desk retracts one), a key reused for another body (422), out again
after a full restoration and then a new ETR alone, ETRs moved and passed, volumes in 方, 万方, 立方米 and 余, a
correction on a stale ETag first, a volume at a cut-off's very second and one a second after, zero reports on time,
twice and late, a town silent, 吨 and 公斤, a clearance with no crew given, a disinfection total to date, a duplicate
round, and the revisions of the last three days. Every figure is computed from what was sent, in plain Python
(`tests/api/doksuri_model.py`, from docs/domain.md and docs/briefs.md), never the product's, and held against the
brief's JSON and its text in Chinese and in English.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from tests.api.conftest import TokenClient, compiled_with_content, marks
from tests.api.doksuri_model import TOWNS, Model, Sent
from tests.api.outsider_arithmetic import at, bounds, cutoff


def test_doksuri_in_zhuozhou_by_hand(database, token_client):
    desk = token_client("zhuozhou-desk", "coordinator")
    areas: dict[str, int] = {}
    # The towns are entered as the desk came to them; the brief lists them by their codes.
    for name, level, parent, more in (
            ("涿州市", "district", None, {"code": "130681"}),
            ("刁窝镇", "subdistrict", "涿州市", {"code": "130681106"}),
            ("码头镇", "subdistrict", "涿州市", {"code": "130681101"}),
            ("东城坊镇", "subdistrict", "涿州市", {"code": "130681108"}),
            ("义和庄镇", "subdistrict", "涿州市", {"code": "130681103"}),
            ("码头村", "community", "码头镇", {}),
            ("码头村东区", "site", "码头村", {"households": 900, "buildings": 300}),
            ("刁窝村", "community", "刁窝镇", {"households": 1200, "buildings": 400}),
            ("义和庄村", "community", "义和庄镇", {"households": 600, "buildings": 200})):
        made = desk.post("/api/v1/areas", json={"name": name, "level": level, **more,
                                                **({"parent_id": areas[parent]} if parent else {})})
        assert made.status_code == 201, made.get_json()
        areas[name] = made.json["id"]
    event = desk.post("/api/v1/events", json={
        "code": "doksuri-zhuozhou-2023", "name": "台风杜苏芮涿州洪涝", "kind": "typhoon", "timezone": "Asia/Shanghai",
        "starts_at": "2023-07-31 08:00", "brief_time": "08:00", "area_id": areas["涿州市"]})
    assert event.status_code == 201, event.get_json()
    url = f"/api/v1/events/{event.json['id']}/reports"
    compile_url = f"/api/v1/events/{event.json['id']}/briefs/compile"
    matou = token_client("matou-office", "coordinator", scope="涿州市/码头镇")
    diaowo = token_client("diaowo-office", "coordinator", scope="涿州市/刁窝镇")
    dongcheng = token_client("dongchengfang-office", "coordinator", scope="涿州市/东城坊镇")
    yihe = token_client("yihezhuang-worker", "reporter", scope="涿州市/义和庄镇/义和庄村")
    model = Model()

    def send(by: TokenClient, key: str, kind: str, place: str, body: dict[str, Any], facts: dict[str, Any],
             idempotency: str | None = None) -> Sent:
        made = by.post(url, json=body, headers={"Idempotency-Key": idempotency} if idempotency else None)
        assert made.status_code == 201, (key, made.get_json())
        reported = at(body["reported_at"]) if "reported_at" in body else datetime.fromisoformat(
            made.json["reported_at"])
        model.sent[key] = Sent(key, kind, place, reported, facts, id=made.json["id"])
        return model.sent[key]

    def outage(by: TokenClient, key: str, place: str, households: str, started: str, reported: str,
               facts: dict[str, Any], idempotency: str | None = None, **more: Any) -> Sent:
        return send(by, key, "outage", place, {"kind": "outage", "area_id": areas[place],
                                               "households_affected": households, "started_at": started,
                                               "reported_at": reported, **more},
                    {"started": at(started), **({"etr": at(more["etr_at"])} if "etr_at" in more else {}), **facts},
                    idempotency)

    def update(by: TokenClient, key: str, of: str, observed: str, reported: str, facts: dict[str, Any],
               **body: Any) -> Sent:
        parent = model.sent[of]
        return send(by, key, "update", parent.place, {"kind": "outage_update", "outage_id": parent.id,
                                                      "observed_at": observed, "reported_at": reported, **body},
                    {"outage": of, "observed": at(observed),
                     **({"etr": at(body["etr_at"])} if "etr_at" in body else {}),
                     **facts})

    def volume(by: TokenClient, key: str, operation: str, m3: str, start: str, end: str, reported: str,
               facts: dict[str, Any], idempotency: str | None = None) -> Sent:
        parent = model.sent[operation]
        return send(by, key, "volume", parent.place, {"kind": "pumping_volume", "operation_id": parent.id,
                                                      "volume_m3": m3, "period_start": start, "period_end": end,
                                                      "reported_at": reported},
                    {"start": at(start), "end": at(end), **facts}, idempotency)

    def zero(by: TokenClient, key: str, town: str, reported: str, day: str, **more: Any) -> Sent:
        return send(by, key, "zero", town, {"kind": "zero_report", "reported_at": reported, **more},
                    {"day": day, "observed": at(f"{day} 12:00")})

    compiled: dict[str, datetime] = {}
    briefs: dict[str, Any] = {}

    def brief(day: str) -> str:
        briefs[day] = compiled_with_content(desk, database, compile_url, {"day": day})
        compiled[day] = datetime.now(UTC)
        return check(model, day, cutoff(day), *briefs[day], desk)

    # ---- 31 July: the rain sets in; 码头村东区 loses power in the night ---------------------------------------------
    o1 = {"kind": "outage", "area_id": areas["码头村东区"], "households_affected": "600户", "buildings_affected": 120,
          "started_at": "2023-07-31 21:00", "etr_at": "2023-08-01 12:00", "reported_at": "2023-07-31 21:20"}
    outage(matou, "O1", "码头村东区", "600户", "2023-07-31 21:00", "2023-07-31 21:20",
           {"households": 600, "buildings": 120},
           idempotency="matou-0731-outage-1", buildings_affected=120, etr_at="2023-08-01 12:00")
    # The town's phone lost the answer and sent it again: the same report, said so.
    again = matou.post(url, json=o1, headers={"Idempotency-Key": "matou-0731-outage-1"})
    assert (again.status_code, again.headers.get("Idempotent-Replayed"), again.json["id"]) == (
        200, "true", model.sent["O1"].id), again.get_json()
    # The same key for another body is refused, nothing saved.
    reused = matou.post(url, json={**o1, "households_affected": 650},
                        headers={"Idempotency-Key": "matou-0731-outage-1"})
    assert reused.status_code == 422 and list(reused.json["errors"]) == ["idempotency_key"], reused.get_json()
    send(matou, "P1", "pumping", "码头村东区", {
        "kind": "pumping", "area_id": areas["码头村东区"], "team": "涿州市消防救援大队", "people": "15人", "pumps": 3,
        "observed_at": "2023-07-31 22:00", "reported_at": "2023-07-31 22:10"},
        {"observed": at("2023-07-31 22:00"), "people": 15, "pumps": 3})
    send(diaowo, "A1", "activity", "刁窝村", {
        "kind": "activity", "area_id": areas["刁窝村"], "title": "刁窝镇转移沿河低洼村庄群众",
        "observed_at": "2023-07-31 18:00", "reported_at": "2023-07-31 18:30"},
        {"observed": at("2023-07-31 18:00"), "title": "刁窝镇转移沿河低洼村庄群众"})
    zero(dongcheng, "Z1", "东城坊镇", "2023-07-31 23:00", "2023-07-31")  # no place: its own town, the open period
    # Then something to say after all: data makes the town reported, its zero report kept.
    send(dongcheng, "A0", "activity", "东城坊镇", {
        "kind": "activity", "area_id": areas["东城坊镇"], "title": "东城坊镇组织巡堤查险",
        "observed_at": "2023-07-31 23:30", "reported_at": "2023-07-31 23:40"},
        {"observed": at("2023-07-31 23:30"), "title": "东城坊镇组织巡堤查险"})
    volume(matou, "V1", "P1", "2400方", "2023-07-31 22:00", "2023-08-01 06:00", "2023-08-01 06:20", {"m3": 2400})
    brief("2023-07-31")

    # ---- 1 August: the 拒马河 over its banks; 刁窝 under water -----------------------------------------------------
    # 刁窝村's outage keyed twice: the town's app made a new key for the retry, so it is stored twice.
    for key, idem in (("O2", "diaowo-0801-a"), ("O2dup", "diaowo-0801-b")):
        outage(diaowo, key, "刁窝村", "1000户", "2023-08-01 03:00", "2023-08-01 03:30", {"households": 1000},
               idempotency=idem, etr_at="2023-08-02 18:00")
    update(matou, "U1", "O1", "2023-08-01 06:00", "2023-08-01 06:10", {"restored": 200, "b_restored": 40},
           households_restored=200, buildings_restored=40)
    update(matou, "U2", "O1", "2023-08-01 11:00", "2023-08-01 11:05", {}, etr_at="2023-08-01 20:00")
    v2 = {"kind": "pumping_volume", "operation_id": model.sent["P1"].id, "volume_m3": "1.5万方",
          "period_start": "2023-08-01 06:00", "period_end": "2023-08-01 18:00", "reported_at": "2023-08-01 18:30"}
    volume(matou, "V2", "P1", "1.5万方", "2023-08-01 06:00", "2023-08-01 18:00", "2023-08-01 18:30", {"m3": 15000},
           idempotency="matou-0801-v2")
    replay = matou.post(url, json=v2, headers={"Idempotency-Key": "matou-0801-v2"})
    assert (replay.status_code, replay.json["id"]) == (200, model.sent["V2"].id), replay.get_json()
    send(diaowo, "P2", "pumping", "刁窝村", {
        "kind": "pumping", "area_id": areas["刁窝村"], "team": "中国安能救援队", "people": 40, "pumps": "8台",
        "observed_at": "2023-08-01 10:00", "reported_at": "2023-08-01 10:20"},
        {"observed": at("2023-08-01 10:00"), "people": 40, "pumps": 8})
    update(matou, "U3", "O1", "2023-08-01 19:00", "2023-08-01 19:05", {"full": True}, fully_restored=True)
    update(matou, "U4", "O1", "2023-08-01 22:00", "2023-08-01 22:10", {"out": 150}, households_out="150户")
    # Out again, power is promised back by noon: a new ETR alone, no count.
    update(matou, "U4b", "O1", "2023-08-01 23:00", "2023-08-01 23:05", {}, etr_at="2023-08-02 12:00")
    zero(desk, "Z2", "义和庄镇", "2023-08-01 20:00", "2023-08-01", area_id=areas["义和庄镇"])
    twice = desk.post(url, json={"kind": "zero_report", "area_id": areas["义和庄镇"], "period_day": "2023-08-01",
                                 "reported_at": "2023-08-01 21:00"})
    assert twice.status_code == 422 and list(twice.json["errors"]) == ["period_day"], twice.get_json()
    assert f"#{model.sent['Z2'].id}" in twice.json["errors"]["period_day"], twice.get_json()
    volume(matou, "V3", "P1", "3000立方米", "2023-08-01 18:00", "2023-08-02 06:00", "2023-08-02 06:30", {"m3": 3000})
    # At the cut-off's very second: in the brief of 1 August. A second after: late, in the next one.
    volume(diaowo, "V4", "P2", "2万方", "2023-08-01 10:00", "2023-08-02 06:00", "2023-08-02 08:00:00",
           {"m3": 20000})
    volume(diaowo, "V5", "P2", "800余方", "2023-08-01 14:00", "2023-08-01 16:00", "2023-08-02 08:00:01",
           {"m3": 800, "lb": True})
    text = brief("2023-08-01")
    # The duplicate outage was counted: 刁窝村 is out more households than it has, and says so.
    assert [(p["area"], p["households"], p["households_out"]["value"], p["outages"])
            for p in briefs["2023-08-01"][1]["power"]["over_households"]] == model.over("2023-08-01", cutoff(
                "2023-08-01")) == [("刁窝村", 1200, 2000, 2)]
    assert "多于该处登记的1,200户" in text and "more than the 1,200 households it has" in text, text
    # Out again with a new ETR given after: news of the day, its ETR the new one, and no partial restoration.
    for said in ("码头村东区恢复供电后于8月1日 22:00再次停电（150户）",
                 "恢复供电后于8月1日 22:00再次停电，已2小时，预计恢复时间8月2日 12:00",
                 "码头村东区: power cut again 1 Aug 22:00 for households whose power had come back (150 households)",
                 "power cut again 1 Aug 22:00 after it had been restored, for 2 hours; "
                 "estimated restoration 2 Aug 12:00"):
        assert said in text, (said, text)
    assert "部分恢复" not in text and "partial" not in text, text
    dup = model.sent["O2dup"]
    assert desk.post(f"/api/v1/reports/{dup.id}/retract", json={"reason": "重复报送（手机重发）"}).status_code == 200
    dup.live = False
    dup.history.append((datetime.now(UTC), "retracted"))

    # ---- 2 August: 码头 drains, 刁窝 still deep; cleanup begins -----------------------------------------------------
    outage(desk, "O3", "义和庄村", "300", "2023-08-02 02:00", "2023-08-02 07:00", {"households": 300, "buildings": 50},
           buildings_affected="50栋", etr_at="2023-08-02 16:00")
    update(matou, "U5", "O1", "2023-08-02 09:00", "2023-08-02 09:10", {"full": True}, fully_restored=True)
    update(diaowo, "U6", "O2", "2023-08-02 12:00", "2023-08-02 12:10", {"restored": 300}, households_restored=300)
    update(diaowo, "U7", "O2", "2023-08-02 20:00", "2023-08-02 20:05", {}, etr_at="2023-08-03 12:00")
    # The 3000 立方米 was 3600: a correction on a stale ETag first (412, nothing changed), then on the one read.
    v3 = f"/api/v1/reports/{model.sent['V3'].id}"
    stale = matou.patch(v3, json={"volume_m3": "3600方"}, headers={"If-Match": '"2"'})
    assert stale.status_code == 412 and matou.get(v3).json["volume_m3"] == 3000, stale.get_json()
    fixed = matou.patch(v3, json={"volume_m3": "3600方"}, headers={"If-Match": matou.get(v3).headers["ETag"]})
    assert fixed.status_code == 200, fixed.get_json()
    model.sent["V3"].fields["m3"] = 3600
    model.sent["V3"].history.append((datetime.now(UTC), "corrected"))
    send(desk, "A2", "activity", "涿州市", {
        "kind": "activity", "area_id": areas["涿州市"], "title": "市防指召开灾后恢复调度会",
        "observed_at": "2023-08-02 09:00", "reported_at": "2023-08-02 09:30"},
        {"observed": at("2023-08-02 09:00"), "title": "市防指召开灾后恢复调度会"})
    send(matou, "D1", "disinfection", "码头村东区", {
        "kind": "disinfection", "area_id": areas["码头村东区"], "counts": {"street": "6条", "surface": "2万平方米"},
        "person_times": "60人次", "observed_at": "2023-08-02 15:00", "reported_at": "2023-08-02 15:30"},
        {"observed": at("2023-08-02 15:00"), "street": 6, "surface": 20000, "person_times": 60})
    send(matou, "C1", "debris", "码头村东区", {
        "kind": "debris", "area_id": areas["码头村东区"], "mass_t": "35.5", "truckloads": "12车", "people": 20,
        "vehicles": "6辆", "period_start": "2023-08-02 08:00", "period_end": "2023-08-02 18:00",
        "reported_at": "2023-08-02 18:20"},
        {"start": at("2023-08-02 08:00"), "end": at("2023-08-02 18:00"), "kg": 35500, "loads": 12, "people": 20,
         "vehicles": 6})
    # 刁窝's night clearance gives no crew: its people and vehicles are "more than" the others'.
    send(diaowo, "C2", "debris", "刁窝村", {
        "kind": "debris", "area_id": areas["刁窝村"], "mass_kg": "8000公斤", "truckloads": 4,
        "period_start": "2023-08-02 20:00", "period_end": "2023-08-03 04:00", "reported_at": "2023-08-03 05:00"},
        {"start": at("2023-08-02 20:00"), "end": at("2023-08-03 04:00"), "kg": 8000, "loads": 4})
    # 东城坊镇 answers for the 2nd half an hour after its cut-off: 未报送 in that brief, late in the next.
    zero(dongcheng, "Z3", "东城坊镇", "2023-08-03 08:30", "2023-08-02", period_day="2023-08-02")
    text = brief("2023-08-02")
    # The outages "as of" the day's last instant as known at its cut-off say what the brief says.
    states = desk.get(f"/api/v1/events/{event.json['id']}/outages?as_of=2023-08-02T23:59:59.999999%2B08:00"
                      "&known_at=2023-08-03T08:00:00%2B08:00")
    assert sorted((o["outage_id"], o["households_out"]) for o in states.json["outages"] if o["open"]) == sorted(
        (o.id, model.out_at(o, at("2023-08-02T23:59:59.999999+08:00"), cutoff("2023-08-02"))[0])
        for o in model.open_at("2023-08-02", cutoff("2023-08-02"))), states.get_json()
    # 刁窝村's ETR moved before it passed; 义和庄村's passed by 24:00.
    for said in ("刁窝村（刁窝镇）：自8月1日 03:00起停电，已45小时，预计恢复时间8月3日 12:00。",
                 "义和庄村（义和庄镇）：自8月2日 02:00起停电，已22小时，预计恢复时间8月2日 16:00"
                 "（已超过预计恢复时间）。",
                 "1处部分恢复供电", "本日恢复供电450户（含部分恢复）",
                 "义和庄村 (义和庄镇): without power since 2 Aug 02:00, for 22 hours; "
                 "estimated restoration 2 Aug 16:00 (overdue)."):
        assert said in text, (said, text)

    # ---- 3 August -------------------------------------------------------------------------------------------------
    update(desk, "U8", "O3", "2023-08-03 09:00", "2023-08-03 09:10", {"full": True}, fully_restored=True)
    update(diaowo, "U9", "O2", "2023-08-03 10:00", "2023-08-03 10:10", {"out": 500, "lb": True},
           households_out="500余户")
    send(matou, "D2", "disinfection", "码头村东区", {
        "kind": "disinfection", "area_id": areas["码头村东区"], "counts": {"street": 15, "surface": "5万平方米"},
        "person_times": 150, "cumulative": True, "observed_at": "2023-08-03 16:00", "reported_at": "2023-08-03 16:30"},
        {"observed": at("2023-08-03 16:00"), "street": 15, "surface": 50000, "person_times": 150, "cumulative": True})
    d3 = {"kind": "disinfection", "area_id": areas["刁窝村"], "counts": {"surface": "8000㎡"}, "person_times": 20,
          "observed_at": "2023-08-03 11:00", "reported_at": "2023-08-03 11:30"}
    send(diaowo, "D3", "disinfection", "刁窝村", d3, {"observed": at("2023-08-03 11:00"), "surface": 8000,
                                                     "person_times": 20}, idempotency="diaowo-0803-d3")
    send(diaowo, "D3dup", "disinfection", "刁窝村", d3, {"observed": at("2023-08-03 11:00"), "surface": 8000,
                                                        "person_times": 20}, idempotency="diaowo-0803-d3-retry")
    assert diaowo.post(f"/api/v1/reports/{model.sent['D3dup'].id}/retract",
                       json={"reason": "重复"}).status_code == 200
    model.sent["D3dup"].live = False
    send(diaowo, "C3", "debris", "刁窝村", {
        "kind": "debris", "area_id": areas["刁窝村"], "mass_t": "20吨", "truckloads": 8, "people": "15人",
        "vehicles": 4,
        "period_start": "2023-08-03 08:00", "period_end": "2023-08-03 16:00", "reported_at": "2023-08-03 16:10"},
        {"start": at("2023-08-03 08:00"), "end": at("2023-08-03 16:00"), "kg": 20000, "loads": 8, "people": 15,
         "vehicles": 4})
    zero(dongcheng, "Z4", "东城坊镇", "2023-08-03 21:00", "2023-08-03")
    text = brief("2023-08-03")
    # Both teams pump on and nobody gave the day's m³: 未报 in the key figures, so in the 合计 row (the key figures').
    # Each town's row likewise, its own team at work with no m³ given.
    # 刁窝村, still out and partly back, never gave its buildings: 栋数未报 beside its households, as 停电楼栋 reads.
    for said in ("本日排水量未报", "合计：仍停电（处） 1（500余户，栋数未报）；"
                 "本日恢复（处） 1（恢复50栋、不超过500户）；排水（立方米）本日/累计 未报 / 41,800余",
                 "volume pumped in the period not reported",
                 "码头镇：仍停电（处） 0；本日恢复（处） 0；排水（立方米）本日/累计 未报 / 21,000；",
                 "刁窝镇：仍停电（处） 1（500余户，栋数未报）；本日恢复（处） 0（恢复不超过200户，栋数未报）；"
                 "排水（立方米）本日/累计 未报 / 20,800余；",
                 "码头镇: Still without power 0; Restored in period 0; "
                 "Pumped (m³): period / to date Not reported / 21,000;",
                 "District total: Still without power 1 (500+ households, building counts not reported); Restored in "
                 "period 1 (50 buildings, at most 500 households back); Pumped (m³): period / to date Not reported / "
                 "41,800+"):
        assert said in text, (said, text)

    # ---- Today: 义和庄村's worker, stamped by the server's clock ----------------------------------------------------
    outside = yihe.post(url, json={"kind": "disinfection", "area_id": areas["刁窝村"], "counts": {"surface": 100},
                                   "observed_at": "2023-08-03 14:00"})
    assert outside.status_code == 403 and list(outside.json["errors"]) == ["area_id"], outside.get_json()
    stated = yihe.post(url, json={"kind": "disinfection", "area_id": areas["义和庄村"], "counts": {"surface": 100},
                                  "observed_at": "2023-08-03 14:00", "reported_at": "2023-08-03 14:10"})
    assert stated.status_code == 422 and list(stated.json["errors"]) == ["reported_at"], stated.get_json()
    w1 = send(yihe, "W1", "disinfection", "义和庄村", {
        "kind": "disinfection", "area_id": areas["义和庄村"], "counts": {"surface": "3000平方米"},
        "person_times": "10人次", "observed_at": "2023-08-03 14:00"},
        {"observed": at("2023-08-03 14:00"), "surface": 3000, "person_times": 10})
    foreign = matou.patch(f"/api/v1/reports/{w1.id}", json={"person_times": 12}, headers={"If-Match": '"1"'})
    assert foreign.status_code == 403, foreign.get_json()
    own = yihe.patch(f"/api/v1/reports/{w1.id}", json={"person_times": "12人次"}, headers={"If-Match": '"1"'})
    assert own.status_code == 200, own.get_json()
    w1.fields["person_times"] = 12

    for day in ("2023-08-01", "2023-08-02", "2023-08-03"):
        revised = compiled_with_content(desk, database, f"/api/v1/briefs/{briefs[day][0]['id']}/recompile")
        now = datetime.fromisoformat(revised[1]["header"]["cutoff"])
        check(model, day, now, *revised, desk)
        quality = revised[1]["quality"]
        assert (quality["added_since_previous_revision"], quality["corrected_since_previous_revision"],
                quality["retracted_since_previous_revision"]) == model.revised(day, compiled[day], now), (day, quality)


def check(model: Model, day: str, by: datetime, brief: dict[str, Any], content: dict[str, Any],
          api: TokenClient) -> str:
    """The brief's JSON and its text in Chinese and English against the tester's figures for `day` as known at `by`
    (上期, `previous`, is the day before's latest brief cut off by this one's cut-off, as that brief stored it); the
    Chinese text."""
    start, end = bounds(day)
    power, got = model.power(day, by), content["power"]
    back = (*power["back"][:2], False)
    assert (marks(got["households_out"]), marks(got["households_restored"]),
            got["households_restored"].get("ub", False),
            got["peak_households"]["value"], got["pct_restored_households"], got["pct_restored_households_approx"]) == (
        power["out"], back, power["back_ub"], power["peak"], power["pct"], power["pct_approx"]), (day, got)
    assert (got["open_outages"], got["new_in_period"], got["restored_in_period"], got["outages_to_date"],
            got["restored_to_date"]) == model.counts(day, by), (day, got)
    buildings, unknown = model.buildings(day, by)
    assert (got["buildings_out"]["value"], got["buildings_unknown"]) == (buildings, unknown), (day, got)
    assert got["partial_in_period"] == model.partial(day, by), (day, got)
    assert [(o["outage_id"], o["hours_out"], o["etr"]["at"] and at(o["etr"]["at"]), o["overdue"])
            for o in got["open"]] == model.open_lines(day, by), (day, got["open"])
    assert [(p["area"], p["households"], p["households_out"]["value"], p["outages"])
            for p in got.get("over_households", [])] == model.over(day, by), (day, got.get("over_households"))
    # Pumping, disinfection and debris, with 上期 as the day before's brief stored it.
    before = model.stored.get((date.fromisoformat(day) - timedelta(days=1)).isoformat(), {})
    m3, m3_now = content["pumping"]["volume_m3"], model.interval("volume", "m3", day, by)
    assert (marks(m3["period"]), marks(m3["to_date"]), marks(m3["previous"])) == (*m3_now, before.get("m3")), (day, m3)
    pumping, (active, people, pumps) = content["pumping"], model.pumping(day, by)
    assert (pumping["active"], pumping["people"]["value"], pumping["pumps"]["value"]) == (active, people, pumps), day
    categories = {c["code"]: c["figure"] for c in content["disinfection"]["categories"]}
    figures = {what: content["disinfection"]["person_times"] if what == "person_times" else categories.get(what)
               for what in ("street", "surface", "person_times")}
    told = {what: (f["period"]["value"], f["to_date"]["value"]) if f else (None, None) for what, f in figures.items()}
    assert told == {what: model.disinfection(what, day, by) for what in figures}, (day, figures)
    debris = content["debris"]
    cleared = {"mass_kg": model.interval("debris", "kg", day, by),
               "truckloads": model.interval("debris", "loads", day, by),
               "people": model.crews("people", day, by), "vehicles": model.crews("vehicles", day, by)}
    assert {k: (marks(debris[k]["period"]), marks(debris[k]["to_date"]), marks(debris[k]["previous"]))
            for k in cleared} == {k: (*v, before.get(k)) for k, v in cleared.items()}, (day, debris)
    model.stored[day] = {"m3": marks(m3["to_date"]), **{k: marks(debris[k]["to_date"]) for k in cleared},
                         "peak": power["peak"]}
    # 二、分街道: the towns in the order of their codes, the city's own row last where it has reports; the board.
    used = model.used(day, by)
    assert [(r["name"] or "涿州市", r["reports"]) for r in content["subdistricts"]] == [
        (name, n) for name, n in used.items() if name in TOWNS or n], (day, content["subdistricts"])
    assert {r["name"]: (marks(r["households_out"]), marks(r["households_restored"]),
                        r["households_restored"].get("ub", False)) for r in content["subdistricts"] if r["name"]} == {
        town: (here["out"], here["back"], here["back_ub"]) for town in TOWNS
        for here in [model.power(day, by, town)]}, day
    quality = content["quality"]
    zero, silent = model.board(day, by)
    assert ([a["name"] for a in quality["zero_reported"]], [a["name"] for a in quality["silent"]]) == (zero, silent)
    assert sorted((r["report_id"], r["day"]) for r in quality["late"]) == model.late(day, by), (day, quality)
    assert quality["reports_used"] == sum(used.values()), (day, quality)
    assert [(a["area"], a["title"]) for a in content["activity"]] == [
        (r.place, r.fields["title"]) for r in sorted(model.known(by, "activity"), key=lambda r: (r.first, r.id))
        if start <= r.first < end], (day, content["activity"])
    # The trend: each day as now known, marked where it differs from what that day's own latest brief said.
    for point in content["trend"]:
        now = model.trend(point["day"], by)
        assert {k: point[k] if k in ("open_outages", "buildings_out") else (
            (point[k], point["households_out_lb"]) if k == "households_out" else marks(point[k]))
            for k in now} == now, (
            day, point)
        said = now if point["day"] == day else model.shown.get(point["day"], now)
        assert point["revised"] == [k for k in now if now[k] != said[k]], (day, point)
    model.shown[day] = model.trend(day, by)
    # The text says the same figures, in Chinese and in English.
    zh = api.get(brief["formats"]["txt"]).get_data(as_text=True)
    en = api.get(brief["formats"]["txt"] + "?lang=en").get_data(as_text=True)
    (out, lb, _), bb = power["out"], model.buildings_back(day, by)
    # A peak lower than the day before's brief's (a correction) has that one beside it: it has no 上期 column.
    was = before.get("peak")
    fell = was is not None and power["peak"] < was
    fell_zh = f"（上期{was:,}户，累计数下降，请核实）" if fell else ""
    fell_en = f" (previous brief: {was:,} households; to date fell: check)" if fell else ""
    said_zh = [f"仍停电{got['open_outages']}处", f"共{f'{buildings:,}栋、' if buildings is not None else ''}{out:,}"
               f"{'余' if lb else ''}户",
               f"停电峰值{power['peak']:,}户{fell_zh}，已恢复{'约' if power['pct_approx'] else ''}{power['pct']:g}%",
               f"本期采用报告{sum(used.values())}份"]
    said_en = [f"Still without power at 24:00: {got['open_outages']}",
               f"{f'{buildings:,} buildings, ' if buildings is not None else ''}{out:,}{'+' if lb else ''} households "
               "still out", f"peak {power['peak']:,} households{fell_en} without power, "
               f"{'about ' if power['pct_approx'] else ''}{power['pct']:g}% of it restored",
               f"Reports used for this period: {sum(used.values())}"]
    if power["back"][0]:
        ub = power["back_ub"]
        said_zh.append(f"本日恢复供电{f'{bb:,}栋、' if bb else ''}{'不超过' if ub else ''}{power['back'][0]:,}户")
        said_en.append(f"power back in the period for {f'{bb:,} buildings, ' if bb else ''}{'at most ' if ub else ''}"
                       f"{power['back'][0]:,} households")
    (period, p_lb, p_approx), (to_date, t_lb, t_approx) = m3_now
    if period is not None:  # the sentence says 按作业时段分摊估算 after an apportioned figure
        said_zh.append(f"本日排水{'约' if p_approx and not p_lb else ''}{period:,}{'余' if p_lb else ''}立方米")
        said_en.append(f"pumped in the period {'≈' if p_approx and not p_lb else ''}{period:,}{'+' if p_lb else ''} m³")
    if to_date is not None:
        said_zh.append(f"累计{'约' if t_approx and not t_lb else ''}{to_date:,}{'余' if t_lb else ''}立方米"
                       f"{'（估）' if t_lb and t_approx else ''}")
        said_en.append(f"to date {'≈' if t_approx and not t_lb else ''}{to_date:,}{'+' if t_lb else ''} m³"
                       f"{' (est.)' if t_lb and t_approx else ''}")
    streets, area, person_times = (told[what][0] for what in ("street", "surface", "person_times"))
    if area is not None:
        said_zh.append(f"消杀面积{area:,}平方米，投入{person_times}人次")
        said_en.append(f"area disinfected {area:,} m², {person_times} person-times deployed")
    if streets is not None:
        said_zh.append(f"本日消杀街道{streets}条")
        said_en.append(f"In the period disinfected streets {streets}")
    (kg, _, kg_approx), (loads, _, _) = cleared["mass_kg"][0], cleared["truckloads"][0]
    if kg is not None:
        tonnes = f"{Decimal(kg) / 1000:f}".rstrip("0").rstrip(".")
        said_zh.append(f"本日清运{'约' if kg_approx else ''}{tonnes}吨、{'约' if kg_approx else ''}{loads}车")
        said_en.append(f"Cleared in the period {'≈' if kg_approx else ''}{tonnes} t, {'≈' if kg_approx else ''}{loads} "
                       "truckloads")
        (crew, crew_lb, _), (cars, cars_lb, _) = cleared["people"][0], cleared["vehicles"][0]
        said_zh.append(f"投入{crew}{'余' if crew_lb else ''}人，出动车辆{cars}{'余' if cars_lb else ''}辆")
        said_en.append(f"{crew}{'+' if crew_lb else ''} people deployed, vehicles {cars}{'+' if cars_lb else ''}")
    said_zh.append(f"零报告（本时段无情况）：{'、'.join(zero)}。" if zero else "")
    said_en.append(f"Zero report (nothing to report this period): {', '.join(zero)}." if zero else "")
    said_zh.append(f"未报送（零报告制度：本时段既无报告也无零报告）：{'、'.join(silent)}。" if silent else
                   "各街道（镇）本时段均有报告。")
    said_en.append(f"Not reported (zero-report rule: no report and no zero report this period): {', '.join(silent)}."
                   if silent else "Every subdistrict / town reported this period.")
    late = model.late(day, by)
    said_zh.append(f"迟报{len(late)}份（" if late else "迟报：无。")
    said_en.append(f"after the brief of their day): {len(late)}: " if late else "Late reports: none.")
    for text, phrases in ((zh, said_zh), (en, said_en)):
        for phrase in phrases:
            assert phrase in text, (day, phrase, text)
    return zh + en
