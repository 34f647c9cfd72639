"""Typhoon In-Fa (烟花) over 余姚市, 24–26 July 2021, replayed through the HTTP API as an outside tester would.

What the earlier replays left aside, each held against figures computed in tests/api/infa_model.py:
- reports arriving after the brief of their day was compiled (an update stamped at the cut-off's next second, a
  volume an hour late, a zero report a second late): late in the next brief, counted by a new revision of the old
  one, the first revision and the next day's brief unchanged;
- corrections and retractions of reports a compiled brief counted (an outage's size, a disinfection count, a
  duplicate outage, a whole disinfection round): the next brief counts them as they stand, its 上期 as stored;
- times at the day's edges, 23:59, 00:00, 00:01 +08:00, and the same instants sent as UTC `Z`;
- two events at once over the same places (the typhoon over the city; the 姚江 flood over 兰江街道, briefs at 09:30):
  the flood's place is silent on its own board on a day only the typhoon's reports name it;
- a third revision after a retraction of an outage begun at 00:00 the next day: the second's figures, nothing counted;
- a subdistrict that sends only zero reports, a town that sends nothing;
- 余 figures, an approximate start, an outage restored, out again, restored, out again and restored again;
- a volume across midnight, a two-minute volume astride one, disinfection by category with a total to date.
The figures are the scenario's own (plausible, not reported ones).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import docx

from tests.api.conftest import TokenClient, compiled_with_content
from tests.api.infa_model import EPS, Model, Sent
from tests.api.outsider_arithmetic import at, bounds, cutoff
from tests.api.outsider_places import Places

SUBS = ["凤山街道", "兰江街道", "梨洲街道", "陆埠镇"]
CODES = {"凤山街道": "330281001", "兰江街道": "330281002", "梨洲街道": "330281003", "陆埠镇": "330281101"}
COMMUNITIES = {"凤山街道": ["舜水社区", "凤亭社区"], "兰江街道": ["丰乐社区", "江南社区"], "梨洲街道": ["梨洲社区"]}


def test_infa_in_yuyao_by_hand(database, token_client):
    MISMATCHES.clear()
    STORED.clear()
    desk = token_client("yuyao-desk", "coordinator")
    places = Places(desk)
    areas, sub_of = places.ids, places.sub_of
    places.city("余姚市", "330281", SUBS, CODES, COMMUNITIES)

    def event(code: str, name: str, starts: str, brief_time: str, place: str) -> int:
        made = desk.post("/api/v1/events", json={"code": code, "name": name, "kind": "typhoon",
                                                 "timezone": "Asia/Shanghai", "starts_at": starts,
                                                 "brief_time": brief_time, "area_id": areas[place]})
        assert made.status_code == 201, made.get_json()
        return int(made.json["id"])

    events = {"A": event("infa-yuyao-2021", "台风烟花余姚", "2021-07-24 08:00", "08:00", "余姚市"),
              "B": event("yaojiang-2021", "姚江洪水兰江", "2021-07-25 00:00", "09:30", "兰江街道")}
    model = Model()

    def send(key: str, kind: str, place: str, body: dict[str, Any], facts: dict[str, Any], ev: str = "A",
             by: TokenClient | None = None, idempotency: str | None = None) -> Sent:
        made = (by or desk).post(f"/api/v1/events/{events[ev]}/reports", json=body,
                                 headers={"Idempotency-Key": idempotency} if idempotency else None)
        assert made.status_code == 201, (key, made.get_json())
        model.sent[key] = Sent(key, kind, ev, place, sub_of[place], at(body["reported_at"]), facts, id=made.json["id"])
        return model.sent[key]

    def outage(key: str, place: str, households: str, started: str, reported: str, ev: str = "A",
               idempotency: str | None = None) -> Sent:
        n, lb = int(households.rstrip("户余")), "余" in households
        return send(key, "outage", place, {"kind": "outage", "area_id": areas[place], "households_affected":
                                           households, "started_at": started, "reported_at": reported},
                    {"started": at(started.replace("~", "")), "observed": at(started.replace("~", "")),
                     "households": n, "lb": lb}, ev, idempotency=idempotency)

    def update(key: str, of: str, observed: str, reported: str, facts: dict[str, Any], **body: Any) -> Sent:
        parent = model.sent[of]
        return send(key, "update", parent.place, {"kind": "outage_update", "outage_id": parent.id,
                                                  "observed_at": observed, "reported_at": reported, **body},
                    {"outage": of, "observed": at(observed.replace("~", "")), **facts}, parent.event)

    def volume(key: str, of: str, m3: str, start: str, end: str, reported: str) -> Sent:
        parent = model.sent[of]
        return send(key, "volume", parent.place, {"kind": "pumping_volume", "operation_id": parent.id,
                                                  "volume_m3": m3, "period_start": start, "period_end": end,
                                                  "reported_at": reported},
                    {"operation": of, "start": at(start), "end": at(end), "observed": at(start),
                     "m3": int(float(m3.rstrip("方余立米").replace("万", "")) * (10000 if "万" in m3 else 1)),
                     "lb": "余" in m3}, parent.event)

    def disinfect(key: str, place: str, observed: str, reported: str, counts: dict[str, str],
                  person_times: int | None = None, cumulative: bool = False) -> Sent:
        body = {"kind": "disinfection", "area_id": areas[place], "counts": counts, "observed_at": observed,
                "reported_at": reported, **({"person_times": person_times} if person_times is not None else {}),
                **({"cumulative": True} if cumulative else {})}
        read = {code: (int("".join(c for c in str(text) if c.isdigit())), "余" in str(text))
                for code, text in counts.items()}
        return send(key, "disinfection", place, body, {"observed": at(observed), "counts": read,
                                                       **({"person_times": person_times} if person_times else {}),
                                                       "cumulative": cumulative})

    def zero(key: str, sub: str, reported: str, day: str | None, answers: str) -> Sent:
        return send(key, "zero", sub, {"kind": "zero_report", "area_id": areas[sub], "reported_at": reported,
                                       **({"period_day": day} if day else {})},
                    {"day": answers, "observed": at(f"{answers} 12:00")})

    def activity(key: str, place: str, title: str, observed: str, reported: str) -> Sent:
        return send(key, "activity", place, {"kind": "activity", "area_id": areas[place], "title": title,
                                             "observed_at": observed, "reported_at": reported},
                    {"observed": at(observed), "title": title})

    # ---- 24 July: In-Fa's outer bands; the city goes out in the evening ------------------------------------------
    activity("A1", "余姚市", "市防指启动防台风Ⅰ级应急响应", "2021-07-24 09:00", "2021-07-24 09:10")
    outage("O1", "舜水社区", "320户", "2021-07-24 18:00", "2021-07-24 18:10", idempotency="infa-o1")
    outage("O2", "丰乐社区", "200余户", "2021-07-24 ~21:30", "2021-07-24 21:50")
    update("U1", "O1", "2021-07-24 22:00", "2021-07-24 22:05", {"restored": 120}, households_restored=120)
    # 23:59 local, sent five minutes after midnight: the 24th's, known by its cut-off.
    outage("O3", "凤亭社区", "150户", "2021-07-24T23:59:00+08:00", "2021-07-25T00:05:00+08:00")
    # 00:00 local of the 25th sent in UTC: not the 24th's.
    outage("O4", "江南社区", "80户", "2021-07-24T16:00:00Z", "2021-07-24T16:10:00Z")
    send("P1", "pumping", "丰乐社区", {"kind": "pumping", "area_id": areas["丰乐社区"], "team": "兰江街道排涝抢险队",
                                       "people": "12人", "pumps": "4台", "observed_at": "2021-07-24 20:00",
                                       "reported_at": "2021-07-24 20:10"}, {"observed": at("2021-07-24 20:00")})
    send("P2", "pumping", "舜水社区", {"kind": "pumping", "area_id": areas["舜水社区"], "team": "凤山街道应急分队",
                                       "people": "8人", "pumps": "2台", "observed_at": "2021-07-24 21:00",
                                       "reported_at": "2021-07-24 21:10"}, {"observed": at("2021-07-24 21:00")})
    volume("V1", "P1", "3000方", "2021-07-24 20:00", "2021-07-25 02:00", "2021-07-25 02:30")
    zero("Z1", "梨洲街道", "2021-07-24 20:00", "2021-07-24", "2021-07-24")
    # The phone resent the first outage under its key: one report.
    again = desk.post(f"/api/v1/events/{events['A']}/reports", headers={"Idempotency-Key": "infa-o1"}, json={
        "kind": "outage", "area_id": areas["舜水社区"], "households_affected": "320户",
        "started_at": "2021-07-24 18:00", "reported_at": "2021-07-24 18:10"})
    assert (again.status_code, again.headers.get("Idempotent-Replayed"), again.json["id"]) == (
        200, "true", model.sent["O1"].id), again.get_json()

    # Stamped before the 24th's cut-off, sent before its brief is compiled.
    outage("O5", "江南社区", "80户", "2021-07-25 00:00", "2021-07-25 00:15")  # O4 again, from another phone
    update("U3", "O1", "2021-07-24T16:00:00Z", "2021-07-25 00:20", {"full": True}, fully_restored=True)
    activity("A2", "江南社区", "江南社区转移低洼群众126人", "2021-07-24T16:00:00Z", "2021-07-25 00:30")
    outage("O6", "丰乐社区", "60户", "2021-07-25 06:00", "2021-07-25 06:10", ev="B")  # the flood's own, same place
    briefs: dict[tuple[str, str, int], tuple[dict[str, Any], dict[str, Any]]] = {}

    def compile_(ev: str, day: str) -> dict[str, Any]:
        made = compiled_with_content(desk, database, f"/api/v1/events/{events[ev]}/briefs/compile", {"day": day})
        briefs[(ev, day, made[0]["revision"])] = made
        return made[1]

    def outages(ev: str) -> Callable[[str, datetime], list[tuple[int, int, bool]]]:
        def read(as_of: str, known_at: datetime) -> list[tuple[int, int, bool]]:
            got = desk.get(f"/api/v1/events/{events[ev]}/outages", query_string={
                "as_of": as_of, "known_at": known_at.isoformat().replace("+00:00", "Z")})
            assert got.status_code == 200, got.get_json()
            return sorted((o["outage_id"], o["households_out"], o["households_out_lb"])
                          for o in got.json["outages"] if o["open"])
        return read

    def text(ev: str, day: str, rev: int = 1) -> str:
        return desk.get(briefs[(ev, day, rev)][0]["formats"]["txt"]).get_data(as_text=True)

    def recompile(ev: str, day: str) -> tuple[dict[str, Any], datetime]:
        first = briefs[(ev, day, 1)][0]
        made = compiled_with_content(desk, database, f"/api/v1/briefs/{first['id']}/recompile")
        briefs[(ev, day, made[0]["revision"])] = made
        return made[1], datetime.fromisoformat(made[1]["header"]["cutoff"])

    c24 = compile_("A", "2021-07-24")
    check(model, c24, "A", "2021-07-24", cutoff("2021-07-24"), expect={
        "zero": ["梨洲街道"], "silent": ["陆埠镇"], "late": [], "revision": (0, 0, 0)},
        text=text("A", "2021-07-24", 1), outages=outages("A"))

    # ---- 25 July: what the night's brief missed, then the day ---------------------------------------------------
    update("U2", "O1", "2021-07-24 23:00", "2021-07-25 08:00:01", {"restored": 170}, households_restored=170)
    volume("V2", "P2", "800余方", "2021-07-24 21:00", "2021-07-24 23:00", "2021-07-25 09:00")
    # 凤亭社区's count was 180: corrected on the ETag read (a stale one first: 412, nothing changed).
    o3 = desk.get(f"/api/v1/reports/{model.sent['O3'].id}")
    stale = desk.patch(f"/api/v1/reports/{model.sent['O3'].id}", json={"households_affected": "180户"},
                       headers={"If-Match": '"2"'})
    assert stale.status_code == 412 and desk.get(stale.request.path).json == o3.json, stale.get_json()
    fixed = desk.patch(f"/api/v1/reports/{model.sent['O3'].id}", json={"households_affected": "180户"},
                       headers={"If-Match": o3.headers["ETag"]})
    assert fixed.status_code == 200, fixed.get_json()
    model.sent["O3"].facts["households"] = 180
    model.sent["O3"].changed.append((datetime.fromisoformat(fixed.json["updated_at"]), "corrected"))
    send("P3", "pumping", "丰乐社区", {"kind": "pumping", "area_id": areas["丰乐社区"], "team": "姚江抢险突击队",
                                       "people": "6人", "pumps": "2台", "observed_at": "2021-07-25 09:00",
                                       "reported_at": "2021-07-25 09:05"}, {"observed": at("2021-07-25 09:00")}, "B")
    update("U4", "O1", "2021-07-25 10:00", "2021-07-25 10:10", {"out": 90}, households_out="90户")
    volume("V5", "P3", "500方", "2021-07-25 09:00", "2021-07-25 11:00", "2021-07-25 11:10")
    update("U5", "O2", "2021-07-25 12:00", "2021-07-25 12:10", {"restored": 150}, households_restored=150)
    disinfect("D1", "舜水社区", "2021-07-25 15:00", "2021-07-25 15:30",
              {"street": "12条", "garbage_point": "30余处", "surface": "5000平方米"}, person_times=40)
    update("U6", "O1", "2021-07-25 16:00", "2021-07-25 16:05", {"full": True}, fully_restored=True)
    update("UB1", "O6", "2021-07-25 18:00", "2021-07-25 18:05", {"full": True}, fully_restored=True)
    update("U7", "O3", "2021-07-25 20:00", "2021-07-25 20:10", {"restored": 100}, households_restored=100)
    update("U8", "O1", "2021-07-25T23:59:00+08:00", "2021-07-26 00:05", {"out": 30}, households_out="30户")
    disinfect("D2", "丰乐社区", "2021-07-25T15:59:59Z", "2021-07-26 00:10", {"street": "8", "public_toilet": "6座"},
              person_times=20)
    update("U9", "O1", "2021-07-26T00:01:00+08:00", "2021-07-26 00:10", {"full": True}, fully_restored=True)
    update("U12", "O4", "2021-07-25T16:00:00Z", "2021-07-26 00:30", {"full": True}, fully_restored=True)
    disinfect("D4", "丰乐社区", "2021-07-25T16:00:00Z", "2021-07-26 00:40", {"street": "5", "drain_grate": "50余个"},
              person_times=10)
    volume("V4", "P2", "2000方", "2021-07-25 23:59", "2021-07-26 00:01", "2021-07-26 07:59:59")
    # No day named, stamped at the cut-off's very second: it answers the 26th, the period open then.
    zero("Z3", "梨洲街道", "2021-07-26 08:00:00", None, "2021-07-26")

    c25 = compile_("A", "2021-07-25")
    check(model, c25, "A", "2021-07-25", cutoff("2021-07-25"), expect={
        "zero": [], "silent": ["梨洲街道", "陆埠镇"], "late": [("U2", "2021-07-24"), ("V2", "2021-07-24")],
        "revision": (0, 0, 0)},
        text=text("A", "2021-07-25", 1), outages=outages("A"))
    b25 = compile_("B", "2021-07-25")
    check(model, b25, "B", "2021-07-25", at("2021-07-26 09:30"), expect={"rows": ["兰江街道"], "revision": (0, 0, 0)},
        text=text("B", "2021-07-25", 1), outages=outages("B"))

    # A new revision of the 24th counts what came since; the first revision and the 25th's brief stay as they were.
    r24, r24_cut = recompile("A", "2021-07-24")
    check(model, r24, "A", "2021-07-24", r24_cut, expect={
        "zero": ["梨洲街道"], "silent": ["陆埠镇"], "late": [], "revision": (2, 1, 0)},
        text=text("A", "2021-07-24", 2), outages=outages("A"))
    assert desk.get(briefs[("A", "2021-07-24", 1)][0]["formats"]["json"]).json["content"] == c24
    assert desk.get(briefs[("A", "2021-07-25", 1)][0]["formats"]["json"]).json["content"] == c25

    # ---- 26 July: the water goes down; a late volume, a late zero report, a duplicate and a round retracted ----
    zero("Z2", "梨洲街道", "2021-07-26 08:00:01", "2021-07-25", "2021-07-25")
    volume("V3", "P1", "1.2万方", "2021-07-25 08:00", "2021-07-26 08:00", "2021-07-26 08:30")
    for key in ("O5", "D2"):
        gone = desk.post(f"/api/v1/reports/{model.sent[key].id}/retract", json={"reason": "重复报送"})
        assert gone.status_code == 200, gone.get_json()
        model.sent[key].live = False
        model.sent[key].changed.append((datetime.fromisoformat(gone.json["updated_at"]), "retracted"))
    d1 = desk.get(f"/api/v1/reports/{model.sent['D1'].id}")
    fixed = desk.patch(f"/api/v1/reports/{model.sent['D1'].id}", headers={"If-Match": d1.headers["ETag"]},
                       json={"counts": {"street": 12, "garbage_point": "35处", "surface": "5000平方米"}})
    assert fixed.status_code == 200, fixed.get_json()
    model.sent["D1"].facts["counts"]["garbage_point"] = (35, False)
    model.sent["D1"].changed.append((datetime.fromisoformat(fixed.json["updated_at"]), "corrected"))
    # None of those bears on the 24th (the duplicate went out at 00:00 on the 25th): a third revision says what the
    # second did, and counts nothing new.
    r24b, r24b_cut = recompile("A", "2021-07-24")
    check(model, r24b, "A", "2021-07-24", r24b_cut, expect={
        "zero": ["梨洲街道"], "silent": ["陆埠镇"], "late": [], "revision": (0, 0, 0)},
        text=text("A", "2021-07-24", 3), outages=outages("A"))
    for part in ("power", "pumping", "disinfection", "subdistricts", "activity", "changes", "trend"):
        same(f"A 2021-07-24 rev3 {part} as rev2", r24b[part], r24[part])
    # The night's volume was 3,600 m³ (across midnight: both days' shares change).
    v1 = desk.get(f"/api/v1/reports/{model.sent['V1'].id}")
    fixed = desk.patch(f"/api/v1/reports/{model.sent['V1'].id}", headers={"If-Match": v1.headers["ETag"]},
                       json={"volume_m3": "3600方"})
    assert fixed.status_code == 200, fixed.get_json()
    model.sent["V1"].facts["m3"] = 3600
    model.sent["V1"].changed.append((datetime.fromisoformat(fixed.json["updated_at"]), "corrected"))
    update("U10", "O2", "2021-07-26 10:00", "2021-07-26 10:05", {"full": True}, fully_restored=True)
    disinfect("D3", "舜水社区", "2021-07-26 12:00", "2021-07-26 12:30", {"street": "30条"}, cumulative=True)
    update("U11", "O3", "2021-07-26 ~14:00", "2021-07-26 14:20", {"full": True}, fully_restored=True)

    r25, r25_cut = recompile("A", "2021-07-25")
    check(model, r25, "A", "2021-07-25", r25_cut, expect={
        "zero": ["梨洲街道"], "silent": ["陆埠镇"], "late": [("U2", "2021-07-24"), ("V2", "2021-07-24")],
        "revision": (2, 2, 2), "shown_in": 2},
        text=text("A", "2021-07-25", 2), outages=outages("A"))
    c26 = compile_("A", "2021-07-26")
    check(model, c26, "A", "2021-07-26", cutoff("2021-07-26"), expect={
        "zero": ["梨洲街道"], "silent": ["陆埠镇"], "late": [("V3", "2021-07-25"), ("Z2", "2021-07-25")],
        "revision": (0, 0, 0)},
        text=text("A", "2021-07-26", 1), outages=outages("A"))
    # The flood sent nothing on the 26th: its place is silent on its board, whatever the typhoon's reports say of it.
    b26 = compile_("B", "2021-07-26")
    check(model, b26, "B", "2021-07-26", at("2021-07-27 09:30"), expect={
        "rows": ["兰江街道"], "zero": [], "silent": ["兰江街道"], "revision": (0, 0, 0)},
        text=text("B", "2021-07-26", 1), outages=outages("B"))
    # The CSV and DOCX of the last brief say the figures computed by hand (each text is read in check()).
    a26 = briefs[("A", "2021-07-26", 1)][0]
    rows = {r[0]: r[1:] for r in csv.reader(io.StringIO(
        desk.get(a26["formats"]["csv"] + "?table=figures").get_data(as_text=True).lstrip("\ufeff")))}
    (period, _lb, approx), (to_date, lb, _approx) = (model.m3("A", "2021-07-26", cutoff("2021-07-26"), upto_start=u)
                                                     for u in (False, True))
    # 上期 is the 25th's first brief's to date, 4,800余 apportioned, as check() held it against the model then.
    same("A 2021-07-26 csv m³", rows["排水量"][1:4],
         [f"{'约' if approx else ''}{period or 0:,}", f"{to_date or 0:,}{'余' if lb else ''}", "4,800余（估）"])
    same("A 2021-07-26 csv public toilets", rows["公厕"][1:4], ["—", "0", "6"])
    document = docx.Document(io.BytesIO(desk.get(a26["formats"]["docx"]).get_data()))
    words = "\n".join(p.text for p in document.paragraphs)
    same("A 2021-07-26 docx silent", "未报送（零报告制度：本时段既无报告也无零报告）：陆埠镇。" in words, True)
    assert not MISMATCHES, "\n".join(MISMATCHES)


MISMATCHES: list[str] = []


def same(what: str, told: Any, computed: Any) -> None:
    """Note a figure the brief states that the model computes otherwise (all are reported at the end)."""
    if told != computed:
        MISMATCHES.append(f"{what}: brief {told!r}, by hand {computed!r}")


def q(qty: dict[str, Any] | None) -> tuple[Any, ...] | None:
    """A quantity as (value, more than, about)."""
    return None if qty is None else (qty["value"], qty["lb"], qty["approx"])


def check(model: Model, content: dict[str, Any], ev: str, day: str, cut: datetime, expect: dict[str, Any],
          text: str, outages: Callable[[str, datetime], list[tuple[int, int, bool]]]) -> None:
    """Every figure of one brief's JSON against the model's."""
    name = f"{ev} {day} rev{content['header']['revision']}"
    same(f"{name} cutoff", datetime.fromisoformat(content["header"]["cutoff"]), cut)
    power, got = content["power"], model.power(ev, day, cut)
    same(f"{name} households out", q(power["households_out"]), (*got["households_out"], False))
    same(f"{name} open", power["open_outages"], got["open"])
    same(f"{name} new", power["new_in_period"], got["new"])
    same(f"{name} restored", power["restored_in_period"], got["restored"])
    back = (*got["back"], False) if got["back"][0] or got["restored"] else (None, False, False)
    same(f"{name} households back", q(power["households_restored"]), back)
    same(f"{name} peak", q(power["peak_households"]), (*got["peak"], False))
    if got["peak"][0]:
        same(f"{name} % restored", power["pct_restored_households"],
             model.pct(got["peak"][0], got["households_out"][0]))
    again = sum(c["qty"]["value"] for c in content["changes"] if c["kind"] == "outage_again")
    same(f"{name} out again", again, got["again"])
    # 二、分街道: each subdistrict's power over its own outages, its reports.
    rows = {r["name"]: r for r in content["subdistricts"]}
    subs = expect.get("rows", SUBS)  # the flood's own place, 兰江街道, is its one row
    same(f"{name} rows", [r["name"] for r in content["subdistricts"]][:len(subs)], subs)
    for sub in subs:
        row, mine = rows[sub], model.power(ev, day, cut, sub)
        same(f"{name} {sub} out", q(row["households_out"]), (*mine["households_out"], False))
        same(f"{name} {sub} open", row["open_outages"], mine["open"])
        same(f"{name} {sub} reports", row["reports"], model.reports_used(ev, day, cut, sub))
    # Pumping: the day's m³ and to date, 上期 as the day before's brief stored it.
    m3 = content["pumping"]["volume_m3"]
    same(f"{name} m³ period", q(m3["period"]), model.m3(ev, day, cut))
    same(f"{name} m³ to date", q(m3["to_date"]), model.m3(ev, day, cut, upto_start=True))
    # 上期: the latest revision of the day before whose cut-off is at or before this one's (docs/briefs.md, 5.).
    day_before = str(date.fromisoformat(day) - timedelta(days=1))
    before = max(((c, stored) for e, d, c, stored in STORED if (e, d) == (ev, day_before) and c <= cut),
                 key=lambda pair: pair[0], default=(None, None))[1]
    same(f"{name} m³ previous", q(m3["previous"]), before and q(before["pumping"]["volume_m3"]["to_date"]))
    same(f"{name} m³ fell", m3["fell"], bool(before and (model.m3(ev, day, cut, upto_start=True)[0] or 0)
                                              < (before["pumping"]["volume_m3"]["to_date"]["value"] or 0)))
    # Disinfection by category, person-times.
    told = {c["code"]: c["figure"] for c in content["disinfection"]["categories"]}
    for code in sorted(set(told) | {"street", "garbage_point", "surface", "public_toilet", "drain_grate"}):
        mine = model.disinfection(ev, day, cut, code)
        fig = told.get(code)
        if mine["to_date"] is None and fig is None:
            continue
        if fig is None:
            MISMATCHES.append(f"{name} {code}: brief none, by hand {mine}")
            continue
        same(f"{name} {code} period", (fig["period"]["value"], fig["period"]["lb"], fig["period"]["cum"]),
             mine["period"])
        same(f"{name} {code} period at most, about", (fig["period"].get("ub", False), fig["period"]["approx"]),
             mine["marks"])
        same(f"{name} {code} to date", (fig["to_date"]["value"], fig["to_date"]["lb"], fig["to_date"]["cum"]),
             mine["to_date"] or (0, False, False))
        # 上期 as the brief before stored it (none where it had no such category); fell when to date is below it.
        stored = {c["code"]: c["figure"]["to_date"] for c in before["disinfection"]["categories"]} if before else {}
        same(f"{name} {code} previous", q(fig["previous"]), q(stored.get(code)))
        same(f"{name} {code} fell", fig["fell"],
             code in stored and (mine["to_date"] or (0,))[0] < stored[code]["value"])
    pt, mine = content["disinfection"]["person_times"], model.disinfection(ev, day, cut, "person_times")
    for part in ("period", "to_date"):
        same(f"{name} person-times {part}", (pt[part]["value"], pt[part]["lb"], pt[part]["cum"]), mine[part])
    if before:
        stored_pt = before["disinfection"]["person_times"]["to_date"]
        same(f"{name} person-times previous", q(pt["previous"]), q(stored_pt))
        # A "more than" sum below 上期 is said to have fallen too (a retracted round took it below): 50余 under 60.
        same(f"{name} person-times fell", pt["fell"], (mine["to_date"][0] or 0) < (stored_pt["value"] or 0))
    # 五、数据质量: the board, the late list, the reports used, what a revision counts.
    quality = content["quality"]
    if "zero" in expect:
        zero, silent = model.answered(ev, day, cut, subs)
        same(f"{name} zero board (model)", (zero, silent), (expect["zero"], expect["silent"]))
        same(f"{name} zero board", ([a["name"] for a in quality["zero_reported"]],
                                    [a["name"] for a in quality["silent"]]), (zero, silent))
    same(f"{name} reports used", quality["reports_used"], model.reports_used(ev, day, cut))
    if "late" in expect:
        by_id = {s.id: k for k, s in model.sent.items()}
        first_before = cutoff(str(date.fromisoformat(day) - timedelta(days=1)))
        late = model.late(ev, day, cut, first_before)
        same(f"{name} late (model)", late, expect["late"])
        same(f"{name} late", sorted((by_id[x["report_id"]], x["day"]) for x in quality["late"]), late)
        # Each names the revision of its missed day that shows it, among those cut off by this brief's cut-off.
        reported = {k: model.sent[k].reported for k, _d in late}
        shown = [min((stored["header"]["revision"] for e, d, c, stored in STORED
                      if (e, d) == (ev, missed) and reported[k] <= c <= cut), default=None) for k, missed in late]
        same(f"{name} late shown in (model)", set(shown), {expect.get("shown_in")} if late else set())
        same(f"{name} late shown in", [x["shown_in"] for x in sorted(
            quality["late"], key=lambda x: (by_id[x["report_id"]], x["day"]))], shown)
    # What a revision counts since the one before: its cut-off and compile time as that brief stored them.
    revision = content["header"]["revision"]
    counts = (0, 0, 0)
    if revision > 1:
        before_rev = next(stored for e, d, _c, stored in STORED
                          if (e, d) == (ev, day) and stored["header"]["revision"] == revision - 1)
        counts = model.revision_counts(ev, day, datetime.fromisoformat(before_rev["header"]["cutoff"]),
                                       datetime.fromisoformat(before_rev["header"]["compiled_at"]), cut)
    same(f"{name} revision counts (model)", counts, expect["revision"])
    same(f"{name} revision counts", (quality["added_since_previous_revision"],
                                     quality["corrected_since_previous_revision"],
                                     quality["retracted_since_previous_revision"]), counts)
    # The text (plain, for a chat) says the same figures, as the model words them.
    back, back_lb = got["back"]
    m3, m3_lb, m3_approx = model.m3(ev, day, cut)
    said = [f"本日恢复供电{back:,}{'余' if back_lb else ''}户" if back else "",
            f"再次停电（{got['again']}户）" if got["again"] else "",
            f"停电峰值{got['peak'][0]:,}{'余' if got['peak'][1] else ''}户",
            f"本日排水{'约' if m3_approx and not m3_lb else ''}{m3:,}{'余' if m3_lb else ''}立方米" if m3 else ""]
    if "zero" in expect:
        said += [f"零报告（本时段无情况）：{'、'.join(expect['zero'])}。" if expect["zero"] else "",
                 f"未报送（零报告制度：本时段既无报告也无零报告）：{'、'.join(expect['silent'])}。" if expect["silent"]
                 else ""]
    for words in filter(None, said):
        same(f"{name} text says {words}", words in text, True)
    # The outages read at the day's last instant, spelled +08:00 and Z, as known at the cut-off; and at the next 00:00.
    start, end = bounds(day)
    for as_of, moment in ((f"{day}T23:59:59.999999+08:00", end - EPS),
                          ((end - EPS).strftime("%Y-%m-%dT%H:%M:%S.%fZ"), end - EPS),
                          (end.strftime("%Y-%m-%dT%H:%M:%SZ"), end)):
        known = model.known(ev, cut)
        mine = sorted((o.id, *state) for o in model.outages(known)
                      if (state := model.outage_at(o.key, moment, known)) and state[0])
        same(f"{name} outages as of {as_of}", outages(as_of, cut), mine)
    # 四、工作动态: the day's activities as known at the cut-off.
    titles = sorted(r.facts["title"] for r in model.known(ev, cut)
                    if r.kind == "activity" and start <= r.facts["observed"] < end)
    same(f"{name} activity", (content["activity_total"], sorted(a["title"] for a in content["activity"])),
         (len(titles), titles))
    STORED.append((ev, day, cut, content))


STORED: list[tuple[str, str, datetime, dict[str, Any]]] = []
