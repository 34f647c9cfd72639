"""Typhoon Lekima (利奇马) over 临海市 (Taizhou, Zhejiang), 10–12 August 2019, replayed through the HTTP API and the
import page as an outside tester would: the old city inside the wall (古城街道) under 2–3 m of water on the 10th and
11th, power out across 古城街道 and 大洋街道, pumping day and night, disinfection, people moved.

What the earlier replays (Doksuri, In-Fa, Yagi, the levee breach, the rainstorms) left aside:
- several senders with their own scopes: the city's desk (unscoped), each 街道's office (a coordinator scoped to it,
  stating `reported_at`), a community worker (a reporter scoped to 紫阳社区, stamped by the server's clock, so after
  every first cut-off); the worker's report for 大洋街道's 溪头社区 refused (403 naming `area_id`, nothing stored,
  the list unchanged) and resent by 大洋街道's office; 古城's office correcting 大洋's outage (403, unchanged),
  compiling the city's brief (403), and 大洋's importing a sheet with a row of 古城's (refused whole, nothing stored);
- the same office's rows sent partly over the API and partly by the import page (CSRF on): its activities and
  disinfection rounds as a CSV, then the grown sheet as an XLSX (the CSV's rows and two more): each counted once;
- figures in 余 and 多 (300余户, 200多户, 40余条) followed by exact ones (a correction to 320户, a total to date of
  36条 that really falls below 上期), worded as a reader expects (多 is said 余; 约50户 refused as an estimate);
- the report list paged (a small `limit`) and filtered by area, kind and day against the brief's counts;
- the brief's JSON, text, CSV and DOCX against each other and the model.
Every JSON figure is held against tests/api/infa_model.py's arithmetic (plain Python, from docs/domain.md and
docs/briefs.md) through the In-Fa replay's `check`; the figures are the scenario's own, not the newspapers'.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import datetime
from typing import Any

import docx

from tests.api import test_outsider_infa_yuyao_by_hand as infa
from tests.api.conftest import TokenClient, compiled_with_content
from tests.api.infa_model import Model, Sent
from tests.api.outsider_arithmetic import at, cutoff
from tests.api.outsider_places import Places
from tests.conftest import csrf_from
from tests.imports.conftest import csv_bytes, xlsx_bytes
from tests.imports.test_pages import upload

SUBS = ["古城街道", "大洋街道", "江南街道"]
CODES = {"古城街道": "331082001", "大洋街道": "331082002", "江南街道": "331082003"}
COMMUNITIES = {"古城街道": ["紫阳社区", "继光社区"], "大洋街道": ["大洋社区", "溪头社区"]}

# 大洋街道's own sheets: activities and disinfection rounds as its clerk keeps them (获知时间: the office's stamp).
ACTIVITY_HEADER = ["序号", "地点", "事项", "时间", "信息来源", "获知时间"]
ACTIVITIES = [[1, "大洋社区", "大洋社区转移低洼地带群众", "2019-08-10 11:00", "社区", "2019-08-10 11:20"],
              [2, "溪头社区", "溪头社区沙袋封堵地下车库入口", "2019-08-10 13:00", "社区", "2019-08-10 13:30"],
              [3, "大洋街道", "大洋街道启动防台风Ⅰ级应急响应", "2019-08-10 07:00", "街道办", "2019-08-10 07:05"]]
MORE_ACTIVITIES = [[4, "大洋社区", "大洋社区设立临时安置点", "2019-08-11 09:00", "社区", "2019-08-11 09:10"]]
ROUND_HEADER = ["地点", "街道", "消杀面积", "出动人员（人次）", "时间（或截至）", "信息来源", "获知时间"]
ROUNDS = [["大洋社区", 6, "8000平方米", 24, "2019-08-11 15:00", "街道办", "2019-08-11 15:30"]]
MORE_ROUNDS = [["溪头社区", 4, "5000平方米", 12, "2019-08-11 16:00", "街道办", "2019-08-11 16:30"]]


def test_lekima_in_linhai_by_hand(database, token_client):
    infa.MISMATCHES.clear()
    infa.STORED.clear()
    desk = token_client("linhai-desk", "coordinator")
    places = Places(desk)
    areas, sub_of = places.ids, places.sub_of
    places.city("临海市", "331082", SUBS, CODES, COMMUNITIES)
    gucheng = token_client("gucheng-office", "coordinator", scope="临海市/古城街道")
    dayang = token_client("dayang-office", "coordinator", scope="临海市/大洋街道")
    worker = token_client("ziyang-worker", "reporter", scope="临海市/古城街道/紫阳社区")
    made = desk.post("/api/v1/events", json={"code": "lekima-linhai-2019", "name": "台风利奇马临海", "kind": "typhoon",
                                             "timezone": "Asia/Shanghai", "starts_at": "2019-08-10 00:00",
                                             "brief_time": "08:00", "area_id": areas["临海市"]})
    assert made.status_code == 201, made.get_json()
    event = int(made.json["id"])
    url = f"/api/v1/events/{event}/reports"
    model = Model()

    def send(key: str, kind: str, place: str, body: dict[str, Any], facts: dict[str, Any], by: TokenClient,
             idempotency: str | None = None) -> Sent:
        made = by.post(url, json=body, headers={"Idempotency-Key": idempotency} if idempotency else None)
        assert made.status_code == 201, (key, made.get_json())
        # The server's stamp where the sender may state none (the worker's): read back, as the tester would.
        stamp = datetime.fromisoformat(made.json["reported_at"].replace("Z", "+00:00"))
        model.sent[key] = Sent(key, kind, "A", place, sub_of[place], stamp, facts, id=made.json["id"])
        return model.sent[key]

    def outage(key: str, place: str, households: str, started: str, reported: str, by: TokenClient,
               idempotency: str | None = None) -> Sent:
        n, lb = int(households.rstrip("户余多")), households.rstrip("户").endswith(("余", "多"))
        return send(key, "outage", place, {"kind": "outage", "area_id": areas[place], "households_affected":
                                           households, "started_at": started, "reported_at": reported},
                    {"started": at(started), "observed": at(started), "households": n, "lb": lb}, by, idempotency)

    def update(key: str, of: str, observed: str, reported: str, facts: dict[str, Any], by: TokenClient,
               **body: Any) -> Sent:
        parent = model.sent[of]
        return send(key, "update", parent.place, {"kind": "outage_update", "outage_id": parent.id,
                                                  "observed_at": observed, "reported_at": reported, **body},
                    {"outage": of, "observed": at(observed), **facts}, by)

    def volume(key: str, of: str, m3: str, start: str, end: str, reported: str, by: TokenClient) -> Sent:
        parent = model.sent[of]
        amount = float(m3.rstrip("方余立米").replace("万", "")) * (10000 if "万" in m3 else 1)
        return send(key, "volume", parent.place, {"kind": "pumping_volume", "operation_id": parent.id,
                                                  "volume_m3": m3, "period_start": start, "period_end": end,
                                                  "reported_at": reported},
                    {"operation": of, "start": at(start), "end": at(end), "observed": at(start), "m3": int(amount),
                     "lb": "余" in m3}, by)

    def pumping(key: str, place: str, team: str, observed: str, reported: str, by: TokenClient) -> Sent:
        return send(key, "pumping", place, {"kind": "pumping", "area_id": areas[place], "team": team,
                                            "people": "10人", "pumps": "4台", "observed_at": observed,
                                            "reported_at": reported}, {"observed": at(observed)}, by)

    def disinfect(key: str, place: str, observed: str, reported: str, counts: dict[str, str], by: TokenClient,
                  person_times: int | None = None, cumulative: bool = False) -> Sent:
        body = {"kind": "disinfection", "area_id": areas[place], "counts": counts, "observed_at": observed,
                "reported_at": reported, **({"person_times": person_times} if person_times is not None else {}),
                **({"cumulative": True} if cumulative else {})}
        read = {code: (int("".join(c for c in str(text) if c.isdigit())), str(text).rstrip("条处").endswith("余"))
                for code, text in counts.items()}
        return send(key, "disinfection", place, body, {"observed": at(observed), "counts": read,
                                                       **({"person_times": person_times} if person_times else {}),
                                                       "cumulative": cumulative}, by)

    def zero(key: str, sub: str, reported: str, day: str) -> Sent:
        return send(key, "zero", sub, {"kind": "zero_report", "area_id": areas[sub], "reported_at": reported,
                                       "period_day": day}, {"day": day, "observed": at(f"{day} 12:00")}, desk)

    def activity(key: str, place: str, title: str, observed: str, reported: str | None, by: TokenClient) -> Sent:
        return send(key, "activity", place, {"kind": "activity", "area_id": areas[place], "title": title,
                                             "observed_at": observed,
                                             **({"reported_at": reported} if reported else {})},
                    {"observed": at(observed), "title": title}, by)

    def listed(limit: int = 50, **filters: str) -> list[dict[str, Any]]:
        """Every report the list gives for the filters, walked `limit` at a time by its cursor."""
        found, cursor = [], None
        while True:
            page = desk.get(url, query_string={**filters, "limit": limit, **({"cursor": cursor} if cursor else {})})
            assert page.status_code == 200, page.get_json()
            found += page.json["reports"]
            cursor = page.json["next_cursor"]
            if not cursor:
                return found

    def imported(rows: list[list[Any]], filename: str) -> int:
        """大洋街道's clerk brings a sheet in through the import page (upload, preview, confirm): reports added."""
        page_url = f"/events/{event}/import"
        dayang.page(page_url)  # the office's login in a browser
        before = len(listed(status="all"))
        data = xlsx_bytes(rows) if filename.endswith(".xlsx") else csv_bytes(rows)
        token, preview = upload(dayang.browser, page_url, data, filename=filename)
        html = preview.get_data(as_text=True)
        assert preview.status_code == 200, html[-3000:]
        if f"/imports/{token}/confirm" in html:
            done = dayang.browser.post(f"/imports/{token}/confirm", data={"csrf_token": csrf_from(html),
                                                                          "token": token})
            assert done.status_code == 302, done.get_data(as_text=True)[-3000:]
        return len(listed(status="all")) - before

    def from_import(prefix: str, kind: str, rows: list[list[Any]]) -> None:
        """The model's record of imported rows, matched to the stored reports by title or place and time."""
        stored = listed(kind=kind, status="all")
        for n, row in enumerate(rows):
            if kind == "activity":
                _no, place, title, observed, _source, reported = row
                mine = next(r for r in stored if r["title"] == title)
                facts = {"observed": at(observed), "title": title}
            else:
                place, streets, surface, people, observed, _source, reported = row
                mine = next(r for r in stored if r["area_id"] == areas[place]
                            and at(observed) == datetime.fromisoformat(mine_time(r)))
                facts = {"observed": at(observed), "person_times": people,
                         "counts": {"street": (streets, False), "surface": (int(surface.rstrip("平方米")), False)},
                         "cumulative": False}
            model.sent[f"{prefix}{n}"] = Sent(f"{prefix}{n}", kind if kind == "activity" else "disinfection", "A",
                                              place, sub_of[place], at(reported), facts, id=mine["id"])

    briefs: dict[tuple[str, int], tuple[dict[str, Any], dict[str, Any]]] = {}

    def compile_(day: str) -> dict[str, Any]:
        made = compiled_with_content(desk, database, f"/api/v1/events/{event}/briefs/compile", {"day": day})
        briefs[(day, made[0]["revision"])] = made
        return made[1]

    def recompile(day: str) -> tuple[dict[str, Any], datetime]:
        made = compiled_with_content(desk, database, f"/api/v1/briefs/{briefs[(day, 1)][0]['id']}/recompile")
        briefs[(day, made[0]["revision"])] = made
        return made[1], datetime.fromisoformat(made[1]["header"]["cutoff"])

    def text(day: str, rev: int) -> str:
        return desk.get(briefs[(day, rev)][0]["formats"]["txt"]).get_data(as_text=True)

    def outages() -> Callable[[str, datetime], list[tuple[int, int, bool]]]:
        def read(as_of: str, known_at: datetime) -> list[tuple[int, int, bool]]:
            got = desk.get(f"/api/v1/events/{event}/outages", query_string={
                "as_of": as_of, "known_at": known_at.isoformat().replace("+00:00", "Z")})
            assert got.status_code == 200, got.get_json()
            return sorted((o["outage_id"], o["households_out"], o["households_out_lb"])
                          for o in got.json["outages"] if o["open"])
        return read

    def check(content: dict[str, Any], day: str, cut: datetime, rev: int, **expect: Any) -> None:
        infa.check(model, content, "A", day, cut, {"rows": SUBS, **expect}, text=text(day, rev), outages=outages())

    # ---- 10 August: landfall at 温岭 01:45; the old city floods through the day --------------------------------------
    outage("O1", "紫阳社区", "300余户", "2019-08-10 04:00", "2019-08-10 04:20", gucheng)
    # 继光社区's outage sent with a key; the phone resends it (one report), then the key is reused for another body.
    o2 = {"kind": "outage", "area_id": areas["继光社区"], "households_affected": "200多户",
          "started_at": "2019-08-10 06:00", "reported_at": "2019-08-10 06:15"}
    outage("O2", "继光社区", "200多户", "2019-08-10 06:00", "2019-08-10 06:15", gucheng, idempotency="lekima-o2")
    again = gucheng.post(url, json=o2, headers={"Idempotency-Key": "lekima-o2"})
    assert (again.status_code, again.headers.get("Idempotent-Replayed"), again.json["id"]) == (
        200, "true", model.sent["O2"].id), again.get_json()
    stored_o2 = desk.get(f"/api/v1/reports/{model.sent['O2'].id}").json
    other = gucheng.post(url, json={**o2, "households_affected": "250多户"}, headers={"Idempotency-Key": "lekima-o2"})
    assert other.status_code == 422, other.get_json()
    assert desk.get(f"/api/v1/reports/{model.sent['O2'].id}").json == stored_o2
    assert len(listed(kind="outage", status="all")) == 2
    # 约 is no figure (docs/domain.md: an estimate is refused saying so, never stored as one): nothing stored.
    about = gucheng.post(url, json={**o2, "area_id": areas["紫阳社区"], "households_affected": "约50户",
                                    "started_at": "2019-08-10 06:05"})
    assert about.status_code == 422 and list(about.json["errors"]) == ["households_affected"], about.get_json()
    assert len(listed(kind="outage", status="all")) == 2
    outage("O3", "大洋社区", "450户", "2019-08-10 08:30", "2019-08-10 08:45", dayang)
    pumping("P1", "大洋社区", "大洋街道排涝队", "2019-08-10 14:00", "2019-08-10 14:10", dayang)
    pumping("P2", "紫阳社区", "古城街道抢险队", "2019-08-10 18:00", "2019-08-10 18:10", gucheng)
    update("U1", "O2", "2019-08-10 18:00", "2019-08-10 18:10", {"out": 150}, gucheng, households_out="150户")
    update("U2", "O3", "2019-08-10 20:00", "2019-08-10 20:05", {"restored": 100}, dayang, households_restored=100)
    volume("V1", "P1", "1.2万方", "2019-08-10 14:00", "2019-08-11 02:00", "2019-08-11 02:10", dayang)
    # The worker logs the evacuation from 紫阳社区 (stamped now, long after every first brief) …
    activity("W1", "紫阳社区", "紫阳社区转移被困群众86人", "2019-08-10 15:00", None, worker)
    # … and the one at 溪头社区, outside the worker's scope: refused, nothing stored; 大洋街道's office sends it.
    before = listed(status="all")
    refused = worker.post(url, json={"kind": "activity", "area_id": areas["溪头社区"], "title": "溪头社区转移群众40人",
                                     "observed_at": "2019-08-10 16:00"})
    assert refused.status_code == 403 and list(refused.json["errors"]) == ["area_id"], refused.get_json()
    assert listed(status="all") == before
    activity("A1", "溪头社区", "溪头社区转移群众40人", "2019-08-10 16:00", "2019-08-10 16:10", dayang)
    zero("Z1", "江南街道", "2019-08-10 21:00", "2019-08-10")
    # 大洋街道's clerk brings in the day's activities kept in a sheet.
    assert imported([ACTIVITY_HEADER, *ACTIVITIES], "dayang-activities.csv") == 3
    from_import("I", "activity", ACTIVITIES)
    # 古城's volume reported at the 10th's cut-off's very second (in its brief), the next one a second after (late).
    volume("V2", "P2", "5000方", "2019-08-10 18:00", "2019-08-10 23:00", "2019-08-11 08:00:00", gucheng)
    volume("V3", "P2", "800方", "2019-08-10 23:00", "2019-08-11 00:00", "2019-08-11 08:00:01", gucheng)

    c10 = compile_("2019-08-10")
    check(c10, "2019-08-10", cutoff("2019-08-10"), 1, zero=["江南街道"], silent=[], late=[], revision=(0, 0, 0))

    # ---- 11 August: the water stays in the old city; the count of 紫阳社区 made exact ---------------------------
    o1 = desk.get(f"/api/v1/reports/{model.sent['O1'].id}")
    fixed = gucheng.patch(f"/api/v1/reports/{model.sent['O1'].id}", json={"households_affected": "320户"},
                          headers={"If-Match": o1.headers["ETag"]})
    assert fixed.status_code == 200, fixed.get_json()
    model.sent["O1"].facts.update(households=320, lb=False)
    model.sent["O1"].changed.append((datetime.fromisoformat(fixed.json["updated_at"]), "corrected"))
    outage("O4", "溪头社区", "120户", "2019-08-11 03:00", "2019-08-11 03:10", dayang)
    volume("V4", "P1", "3000余方", "2019-08-11 02:00", "2019-08-11 08:00", "2019-08-11 08:10", dayang)
    update("U3", "O3", "2019-08-11 12:00", "2019-08-11 12:10", {"restored": 250}, dayang, households_restored=250)
    update("U4", "O2", "2019-08-11 20:00", "2019-08-11 20:05", {"full": True}, gucheng, fully_restored=True)
    update("U5", "O4", "2019-08-11 18:00", "2019-08-11 18:05", {"full": True}, dayang, fully_restored=True)
    disinfect("D1", "紫阳社区", "2019-08-11 17:00", "2019-08-11 17:20", {"street": "40余条"}, gucheng,
              person_times=30, cumulative=True)
    # The grown sheet comes as an XLSX: its first three rows are the CSV's (nothing new), the fourth is new.
    assert imported([ACTIVITY_HEADER, *ACTIVITIES, *MORE_ACTIVITIES], "dayang-activities.xlsx") == 1
    from_import("I", "activity", ACTIVITIES + MORE_ACTIVITIES)
    # The clerk's first go carries a round of 古城街道's 紫阳社区, outside the office's scope: the file is refused on
    # that line, nothing of it stored; the corrected sheet imports.
    before = listed(status="all")
    page_url = f"/events/{event}/import"
    outside = ["紫阳社区", 3, "2000平方米", 6, "2019-08-11 15:20", "街道办", "2019-08-11 15:40"]
    _token, slip = upload(dayang.browser, page_url, csv_bytes([ROUND_HEADER, *ROUNDS, outside]), filename="r.csv")
    assert slip.status_code == 422 and f"/imports/{_token}/confirm" not in slip.get_data(as_text=True)
    assert "紫阳社区" in slip.get_data(as_text=True) and listed(status="all") == before
    assert imported([ROUND_HEADER, *ROUNDS], "dayang-rounds.csv") == 1
    assert imported([ROUND_HEADER, *ROUNDS, *MORE_ROUNDS], "dayang-rounds.xlsx") == 1
    from_import("R", "disinfection", ROUNDS + MORE_ROUNDS)

    # Each office writes and corrects only its own 街道: 古城's correcting 大洋's outage is refused, nothing changed; a
    # scoped office compiles no brief of the whole city.
    o3 = desk.get(f"/api/v1/reports/{model.sent['O3'].id}")
    foreign = gucheng.patch(f"/api/v1/reports/{model.sent['O3'].id}", json={"households_affected": "400户"},
                            headers={"If-Match": o3.headers["ETag"]})
    assert foreign.status_code == 403 and desk.get(f"/api/v1/reports/{model.sent['O3'].id}").json == o3.json
    asked = gucheng.post(f"/api/v1/events/{event}/briefs/compile", json={"day": "2019-08-11"})
    assert asked.status_code == 403, asked.get_json()
    c11 = compile_("2019-08-11")
    check(c11, "2019-08-11", cutoff("2019-08-11"), 1, zero=[], silent=["江南街道"], late=[("V3", "2019-08-10")],
          revision=(0, 0, 0))

    # ---- The 10th revised: the correction, the late volume and the worker's line ----------------------------------
    r10, r10_cut = recompile("2019-08-10")
    check(r10, "2019-08-10", r10_cut, 2, zero=["江南街道"], silent=[], late=[], revision=(2, 1, 0))

    # ---- 12 August: the water goes down; a duplicate outage retracted; 古城's street count made exact (it falls)
    outage("O5", "大洋社区", "450户", "2019-08-12 00:30", "2019-08-12 00:40", dayang)  # O3 again, another phone
    gone = desk.post(f"/api/v1/reports/{model.sent['O5'].id}/retract", json={"reason": "重复报送"})
    assert gone.status_code == 200, gone.get_json()
    model.sent["O5"].live = False
    model.sent["O5"].changed.append((datetime.fromisoformat(gone.json["updated_at"]), "retracted"))
    update("U6", "O1", "2019-08-12 09:00", "2019-08-12 09:10", {"full": True}, gucheng, fully_restored=True)
    update("U7", "O3", "2019-08-12 15:00", "2019-08-12 15:05", {"full": True}, dayang, fully_restored=True)
    disinfect("D2", "紫阳社区", "2019-08-12 17:00", "2019-08-12 17:20", {"street": "36条"}, gucheng,
              person_times=48, cumulative=True)
    zero("Z2", "江南街道", "2019-08-12 20:00", "2019-08-12")

    c12 = compile_("2019-08-12")
    check(c12, "2019-08-12", cutoff("2019-08-12"), 1, zero=["江南街道"], silent=[], late=[], revision=(0, 0, 0))
    assert c12["disinfection"]["person_times"]["fell"] is False

    r11, r11_cut = recompile("2019-08-11")
    check(r11, "2019-08-11", r11_cut, 2, zero=[], silent=["江南街道"], late=[("V3", "2019-08-10"),
                                                                        ("W1", "2019-08-10")], revision=(0, 0, 0),
          shown_in=2)

    # ---- 多 is said as 余 (a lower bound), the exact figures after 余 as exact, the fall by its size ----------------
    said10, said12 = text("2019-08-10", 1), text("2019-08-12", 1)
    infa.same("10th: 200多户 said 200余户",
              "继光社区于8月10日 06:00停电（200余户）" in said10 and "多户" not in said10, True)
    infa.same("10th: 300余户 said so", "紫阳社区：300余户" in said10, True)
    infa.same("11th rev2: 320户 exact", "紫阳社区：320户" in text("2019-08-11", 2), True)
    # 紫阳社区 40余条 to date, then 36条: a fall of more than 4 (at most −4), said so in the day's line and the table.
    infa.same("12th: the fall",
              "本日消杀街道减少4余条" in said12 and "街道-4余条（含截至目前累计数） / 36条" in said12, True)
    row = next(c["figure"] for c in {r["name"]: r for r in c12["subdistricts"]}["古城街道"]["disinfection"]
               if c["code"] == "street")
    infa.same("12th 古城街道 streets", (infa.q(row["period"]), row["period"].get("ub"), infa.q(row["to_date"])),
              ((-4, False, False), True, (36, False, False)))

    # ---- The report list, paged and filtered by area, kind and day, against the model and the briefs --------------
    # Walked two at a time, each report comes once, in the order stored, as one page of all of them gives it.
    walked, whole = listed(limit=2, status="all"), desk.get(url, query_string={"status": "all", "limit": 1000}).json
    infa.same("list walked by two", [r["id"] for r in walked], [r["id"] for r in whole["reports"]])
    infa.same("list walked by two: each once", len({r["id"] for r in walked}), len(walked))
    for day, content in (("2019-08-10", r10), ("2019-08-11", r11), ("2019-08-12", c12)):
        start, end = (at(f"{day} 00:00"), at(f"{day} 23:59:59.999999"))
        for sub in SUBS:
            for kind, mine in (("outage", "outage"), ("outage_update", "update"), ("activity", "activity"),
                               ("disinfection", "disinfection")):
                got = sorted(r["id"] for r in listed(kind=kind, area=str(areas[sub]), day=day, status="counted"))
                counted = sorted(r.id for r in model.known("A", at("2100-01-01 00:00"))
                                 if r.kind == mine and r.sub == sub and start <= r.facts["observed"] <= end)
                infa.same(f"{day} {sub} list of {kind}", got, counted)
        infa.same(f"{day} list: outages begun", len(listed(kind="outage", day=day, status="counted")),
                  content["power"]["new_in_period"])
        infa.same(f"{day} list: activities", len(listed(kind="activity", day=day, status="counted")),
                  content["activity_total"])
    # A retracted report leaves the counted list and stays in the whole one.
    infa.same("12th: the duplicate retracted", [len(listed(kind="outage", day="2019-08-12", status=s))
                                                for s in ("counted", "all")], [0, 1])

    # ---- The formats agree: JSON, text, CSV, DOCX -------------------------------------------------------------------
    for day, rev, content in (("2019-08-11", 2, r11), ("2019-08-12", 1, c12)):
        brief = briefs[(day, rev)][0]
        figures = {r[0]: r[1:] for r in csv.reader(io.StringIO(
            desk.get(brief["formats"]["csv"] + "?table=figures").get_data(as_text=True).lstrip("\ufeff")))}
        power, m3 = content["power"], content["pumping"]["volume_m3"]
        streets = next(c["figure"] for c in content["disinfection"]["categories"] if c["code"] == "street")
        people = content["disinfection"]["person_times"]
        infa.same(f"{day} csv power", (figures["仍停电"][1], figures["停电户数"][1], figures["恢复供电户数"][1]),
                  (str(power["open_outages"]), words(power["households_out"]),
                   words(power["households_restored"]) if power["households_restored"]["value"] else "—"))
        # Sites pumping on a day no volume was given for: 未报, never — (docs/briefs.md, "Pumping").
        owed = m3["period"]["value"] is None and content["pumping"]["operations_total"] > 0
        infa.same(f"{day} csv m³", figures["排水量"][1:4],
                  ["未报" if owed else words(m3["period"]), words(m3["to_date"]), words(m3["previous"])])
        # A cell beginning with "-" that is no number is quoted ('-4余), as a formula would be (docs/exports.md).
        infa.same(f"{day} csv streets", figures["街道"][1:4],
                  [("'" if w.startswith("-") and not w.lstrip("-").isdigit() else "") + w
                   for w in (words(streets[p]) for p in ("period", "to_date", "previous"))])
        infa.same(f"{day} csv person-times", figures["消杀人员"][1:3],
                  [words(people[p]) for p in ("period", "to_date")])
        said = text(day, rev)
        overview = [line for line in said.splitlines()
                    if line.startswith(("停电：", "排涝：", "消杀：", "较上期变化："))]
        document = docx.Document(io.BytesIO(desk.get(brief["formats"]["docx"]).get_data()))
        paragraphs = {p.text for p in document.paragraphs}
        infa.same(f"{day} docx says the text's overview", [line in paragraphs for line in overview],
                  [True] * 4)
        infa.same(f"{day} text households out", f"共{power['households_out']['value']:,}户" in said
                  or power["open_outages"] == 0, True)
    assert not infa.MISMATCHES, "\n".join(infa.MISMATCHES)


def words(q: dict[str, Any] | None) -> str:
    """A quantity of the brief's JSON as its key figures' table writes it (— for none reported)."""
    if q is None or q["value"] is None:
        return "—"
    if q["value"] < 0 and (q["lb"] or q.get("ub")):  # a fall read by its size
        return "-" + words({**q, "value": -q["value"], "lb": q.get("ub", False), "ub": q["lb"]})
    estimate = "（估）" if q["lb"] and q["approx"] else ""
    return (f"{'约' if q['approx'] and not q['lb'] else ''}{'不超过' if q.get('ub') else ''}{q['value']:,}"
            f"{'余' if q['lb'] else ''}{estimate}")


def mine_time(report: dict[str, Any]) -> str:
    """A listed report's observed time as ISO."""
    return report["observed_at"].replace("Z", "+00:00")
