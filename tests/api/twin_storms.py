"""An outside tester's two storms at once: a rainstorm in 漳南区 and, two days later, a typhoon over the
same district, loaded through the HTTP API alone.

Both events run over 08-03 and 08-04; some places are hit in both; each event's briefs are numbered on
their own (第N期). A town and a community are added to the tree mid-event; the scheduler is down for a
day (no catch-up at 08-03 08:05) and catches up the next morning; coordinators backdate reports with
`reported_at`, subdistrict reporters send theirs with their own tokens (learned at the server's clock,
so after both events: the late phase). `twin_storms_model.py` computes every brief from the same data
without the product. `python -m tests.api.twin_storms --base URL --token il_… --out DIR` loads it into a
running server whose database is empty but for the coordinator (DATABASE_URL and INCIDENTS_INSTANCE as
the server has them: the reporters and their tokens are made with `incidents create-user` and `incidents
tokens create`, the catch-ups with `incidents scheduler --once --as-of`); scripts/twin_storms_deploy.sh
runs it against gunicorn and a scheduler process on PostgreSQL, then on SQLite, and compares the two.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.api.rainstorm import (
    ACTIONS,
    Api,
    act,
    arguments,
    body_of,
    briefs,
    catch_up,
    create_area,
    http_api,
    incidents_command,
    iso,
    latest_brief,
)

DISTRICT = "漳南区"
# name: (level, parent, households, buildings); "later" areas are added mid-event (an "area" row).
AREAS: dict[str, tuple[str, str | None, int | None, int | None]] = {
    "漳南区": ("district", None, None, None),
    "城关街道": ("subdistrict", "漳南区", None, None),
    "北郊街道": ("subdistrict", "漳南区", None, None),
    "河湾镇": ("subdistrict", "漳南区", None, None),
    "南关社区": ("community", "城关街道", 1500, 50),
    "一号院": ("site", "南关社区", 200, 8),
    "北关社区": ("community", "城关街道", 800, 30),
    "北郊村": ("community", "北郊街道", 600, None),
    "化工小区": ("community", "北郊街道", 400, 12),
    "河湾村": ("community", "河湾镇", 500, None),
    "沙洲村": ("community", "河湾镇", 300, None),
    "幸福家园": ("community", "北郊街道", 350, 10),
    "东山镇": ("subdistrict", "漳南区", None, None),
    "东山村": ("community", "东山镇", 200, 6),
}
LATER = ("幸福家园", "东山镇", "东山村")


def _subdistrict(name: str) -> str | None:
    """The subdistrict or town a place lies in (None: the district itself)."""
    level, parent, _, _ = AREAS[name]
    return name if level == "subdistrict" else _subdistrict(parent) if parent else None


SUBDISTRICT = {name: _subdistrict(name) for name in AREAS}
EVENTS = {
    "R": {"code": "zhangnan-2026-08-rainstorm", "name": "漳南区“8·1”暴雨", "kind": "rainstorm",
          "starts_at": "2026-08-01 06:00", "brief_time": "08:00"},
    "T": {"code": "zhangnan-2026-08-typhoon", "name": "台风“海燕”", "kind": "typhoon",
          "starts_at": "2026-08-03 00:00", "brief_time": "09:00"},
}
DAYS = {"R": ("2026-08-01", "2026-08-02", "2026-08-03", "2026-08-04"),
        "T": ("2026-08-03", "2026-08-04", "2026-08-05")}
CUTOFFS = {"R": {d: f"2026-08-{int(d[-2:]) + 1:02d} 08:00" for d in DAYS["R"]},
           "T": {d: f"2026-08-{int(d[-2:]) + 1:02d} 09:00" for d in DAYS["T"]}}
R = dict  # readability


def reports() -> list[dict[str, Any]]:
    """Every report and action, in the order the office learned of them. A report's key starts with its
    event (R: the rainstorm, T: the typhoon); `by` names the subdistrict reporter who sends it."""
    return [
        # ---- 08-01: the rainstorm ---------------------------------------------------------------
        R(key="RA1", kind="activity", area="漳南区", observed_at="2026-08-01 08:30", rep="2026-08-01 08:40",
          title="区防指启动防汛IV级应急响应"),
        R(key="RO1", kind="outage", area="一号院", started_at="2026-08-01 09:00", rep="2026-08-01 09:20",
          households_affected=150, buildings_affected=6, etr_at="2026-08-01 18:00"),
        R(key="RO2", kind="outage", area="北郊村", started_at="~2026-08-01 10:00", rep="2026-08-01 10:30",
          households_affected="60余户"),
        R(key="RO6", kind="outage", area="北郊村", started_at="2026-08-01 10:05", rep="2026-08-01 10:40",
          households_affected=60, note="重复报送"),
        R(key="RP1", kind="pumping", area="南关社区", observed_at="2026-08-01 11:00", rep="2026-08-01 11:10",
          team="城关消防救援站", pumps=3, people=9),
        R(key="RU1a", kind="outage_update", outage="RO1", observed_at="2026-08-01 13:00", rep="2026-08-01 13:10",
          households_restored="100余户"),
        R(key="RO3", kind="outage", area="化工小区", started_at="2026-08-01 14:00", rep="2026-08-01 14:20",
          households_affected=300, buildings_affected=10),
        R(key="RO4", kind="outage", area="河湾村", started_at="2026-08-01 20:00", rep="2026-08-01 20:30"),
        R(key="RU3a", kind="outage_update", outage="RO3", observed_at="2026-08-01 21:00", rep="2026-08-01 21:10",
          households_out=120, buildings_out=4),
        R(key="RV1a", kind="pumping_volume", operation="RP1", period_start="2026-08-01 11:00",
          period_end="2026-08-01 23:00", rep="2026-08-01 23:10", volume_m3=2400),
        R(key="RV1b", kind="pumping_volume", operation="RP1", period_start="2026-08-01 23:00",
          period_end="2026-08-02 05:00", rep="2026-08-02 05:30", volume_m3="1500余"),
        {"action": "retract", "key": "RO6"},
        {"action": "verify", "key": "RO1"},
        {"action": "compile", "as_of": "2026-08-02 08:05"},
        # ---- 08-02 ------------------------------------------------------------------------------
        {"action": "area", "name": "幸福家园"},
        {"action": "area", "name": "东山镇"},
        {"action": "area", "name": "东山村"},
        R(key="RO7", kind="outage", area="幸福家园", started_at="2026-08-02 07:00", rep="2026-08-02 08:30",
          households_affected=200, buildings_affected=8),
        R(key="RO5", kind="outage", area="南关社区", started_at="2026-08-01 23:30", rep="2026-08-02 09:00",
          households_affected=80, note="夜间停电，上午才报"),  # late for 08-01
        R(key="RU2a", kind="outage_update", outage="RO2", observed_at="2026-08-02 09:00", rep="2026-08-02 09:10",
          households_restored=30),
        R(key="RU1b", kind="outage_update", outage="RO1", observed_at="2026-08-02 10:00", rep="2026-08-02 10:05",
          fully_restored=True),
        R(key="RU4a", kind="outage_update", outage="RO4", observed_at="2026-08-02 12:00", rep="2026-08-02 12:10",
          households_affected=90),
        R(key="RP2", kind="pumping", area="河湾村", observed_at="2026-08-02 13:00", rep="2026-08-02 13:20",
          team="河湾镇排涝队", pumps=2, people=5),
        R(key="RD1", kind="disinfection", area="北郊村", observed_at="2026-08-02 15:00", rep="2026-08-02 15:20",
          person_times=40, counts={"street": 4, "surface": "1.2万平方米"}),
        R(key="RR1", kind="debris", area="南关社区", period_start="2026-08-02 08:00", period_end="2026-08-02 16:00",
          rep="2026-08-02 16:30", mass_t="25.5", truckloads=6, people=12, vehicles=3),
        {"action": "patch", "key": "RP1", "fields": {"ended_at": "2026-08-02 05:00"}},
        {"action": "return", "key": "RO3", "reason": "楼栋数有误，请核实"},
        R(key="RZ1", kind="zero_report", area="东山镇", period_day="2026-08-02", rep="2026-08-02 20:00",
          note="东山镇本时段无灾情"),
        R(key="RV2a", kind="pumping_volume", operation="RP2", period_start="2026-08-02 13:00",
          period_end="2026-08-03 01:00", rep="2026-08-03 01:30", volume_m3=1200),
        # ---- 08-03: the typhoon begins; the scheduler is down all day (no catch-up at 08:05) --------
        R(key="TA1", kind="activity", area="漳南区", observed_at="2026-08-03 06:00", rep="2026-08-03 06:10",
          title="防御台风“海燕”启动III级应急响应"),
        R(key="TO1", kind="outage", area="一号院", started_at="2026-08-03 08:00", rep="2026-08-03 08:20",
          households_affected=180, buildings_affected=7),
        R(key="RA3", kind="activity", area="河湾镇", observed_at="2026-08-02 18:00", rep="2026-08-03 09:00",
          title="河湾镇转移沿河低洼户群众"),  # late for 08-02, learned while the scheduler was down
        R(key="TO2", kind="outage", area="北关社区", started_at="2026-08-03 09:00", rep="2026-08-03 09:15",
          households_affected="500余户", buildings_affected=20),
        R(key="RU2b", kind="outage_update", outage="RO2", observed_at="2026-08-03 10:00", rep="2026-08-03 10:10",
          fully_restored=True),
        R(key="RU7a", kind="outage_update", outage="RO7", observed_at="2026-08-03 11:00", rep="2026-08-03 11:10",
          fully_restored=True),
        R(key="TP1", kind="pumping", area="北关社区", observed_at="2026-08-03 12:00", rep="2026-08-03 12:10",
          team="区排涝抢险队", pumps=5, people=15),
        R(key="TR1", kind="debris", area="沙洲村", period_start="2026-08-03 14:00", period_end="2026-08-03 20:00",
          rep="2026-08-03 20:30", mass_t=8, truckloads=3, people=6, vehicles=2),
        R(key="RU7b", kind="outage_update", outage="RO7", observed_at="2026-08-03 15:00", rep="2026-08-03 15:10",
          households_out=60),  # out again after the full restoration: buildings not said
        R(key="TD1", kind="disinfection", area="一号院", observed_at="2026-08-03 16:00", rep="2026-08-03 16:20",
          person_times="20余", counts={"compound": 1, "surface": 5000}),
        {"action": "patch", "key": "RR1", "fields": {"mass_t": "22.5"}},  # the tonnes corrected
        R(key="TO3", kind="outage", area="幸福家园", started_at="2026-08-03 18:00", rep="2026-08-03 18:10",
          households_affected=100),
        R(key="RZ2", kind="zero_report", area="东山镇", period_day="2026-08-03", rep="2026-08-03 20:00"),
        R(key="TZ1", kind="zero_report", area="河湾镇", period_day="2026-08-03", rep="2026-08-03 21:00"),
        R(key="TU1a", kind="outage_update", outage="TO1", observed_at="2026-08-03 22:00", rep="2026-08-03 22:10",
          households_restored=100, buildings_restored=3),
        R(key="TV1a", kind="pumping_volume", operation="TP1", period_start="2026-08-03 12:00",
          period_end="2026-08-04 06:00", rep="2026-08-04 06:30", volume_m3=5000),
        R(key="TU2a", kind="outage_update", outage="TO2", observed_at="2026-08-04 08:30", rep="2026-08-04 08:40",
          households_out="200余户"),
        R(key="RU7c", kind="outage_update", outage="RO7", observed_at="2026-08-04 09:00", rep="2026-08-04 09:30",
          households_out=20),
        {"action": "compile", "as_of": "2026-08-04 10:00"},  # the scheduler back: three briefs at once
        # ---- 08-04 ------------------------------------------------------------------------------
        R(key="RD2", kind="disinfection", area="南关社区", observed_at="2026-08-04 10:00", rep="2026-08-04 10:30",
          person_times=30, counts={"street": 6, "compound": 2}),
        R(key="RD4", kind="disinfection", area="河湾村", observed_at="2026-08-02 11:00", rep="2026-08-02 12:00",
          person_times=10, counts={"village": 1}),  # a paper log filed afterwards with the time it was learned
        R(key="TO4", kind="outage", area="东山村", started_at="2026-08-04 11:00", rep="2026-08-04 11:30",
          buildings_affected=5),
        R(key="RU4b", kind="outage_update", outage="RO4", observed_at="2026-08-04 12:00", rep="2026-08-04 12:10",
          fully_restored=True),
        R(key="TR2", kind="debris", area="北关社区", period_start="2026-08-04 08:00", period_end="2026-08-04 12:00",
          rep="2026-08-04 12:30", mass_t="10余", truckloads=4, people=8, vehicles=2),
        R(key="TU1b", kind="outage_update", outage="TO1", observed_at="2026-08-04 14:00", rep="2026-08-04 14:10",
          fully_restored=True),
        R(key="RU7d", kind="outage_update", outage="RO7", observed_at="2026-08-04 16:00", rep="2026-08-04 16:10",
          fully_restored=True),
        R(key="RD3", kind="disinfection", area="北郊村", observed_at="2026-08-04 17:00", rep="2026-08-04 17:10",
          cumulative=True, person_times=100, counts={"street": 10, "surface": "2万平方米"}),  # totals to date
        R(key="TV1b", kind="pumping_volume", operation="TP1", period_start="2026-08-04 06:00",
          period_end="2026-08-04 18:00", rep="2026-08-04 18:30", volume_m3=3000),
        {"action": "patch", "key": "TP1", "fields": {"ended_at": "2026-08-04 18:00"}},
        R(key="RA2", kind="activity", area="城关街道", observed_at="2026-08-04 19:00", rep="2026-08-04 19:10",
          title="城关街道组织群众返回住所"),
        {"action": "close", "event": "R", "ends_at": "2026-08-04 20:00"},
        R(key="TU3a", kind="outage_update", outage="TO3", observed_at="2026-08-05 08:00", rep="2026-08-05 08:30",
          households_restored=50),
        R(key="TU4a", kind="outage_update", outage="TO4", observed_at="2026-08-05 09:00", rep="2026-08-05 09:20",
          households_affected=60),
        {"action": "compile", "as_of": "2026-08-05 09:30"},
        # ---- 08-05: the typhoon alone -----------------------------------------------------------
        R(key="TU2b", kind="outage_update", outage="TO2", observed_at="2026-08-05 10:00", rep="2026-08-05 10:10",
          fully_restored=True),
        R(key="TZ2", kind="zero_report", area="河湾镇", period_day="2026-08-05", rep="2026-08-05 12:00"),
        R(key="TU4b", kind="outage_update", outage="TO4", observed_at="2026-08-05 16:00", rep="2026-08-05 16:10",
          fully_restored=True),
        {"action": "close", "event": "T", "ends_at": "2026-08-05 22:00"},
        {"action": "compile", "as_of": "2026-08-06 09:30"},
        # ---- afterwards: late reports, corrections, the subdistricts' own late reports -----------
        R(key="RO8", kind="outage", area="北关社区", started_at="2026-08-03 20:00", rep="2026-08-06 10:00",
          households_affected=50),  # late for 08-03
        R(key="RU8a", kind="outage_update", outage="RO8", observed_at="2026-08-04 06:00", rep="2026-08-06 10:05",
          fully_restored=True),
        {"action": "retract", "key": "RD2"},
        {"action": "patch", "key": "RO3", "fields": {"buildings_affected": 11}},  # sent back, corrected
        R(key="TD2", kind="disinfection", by="城关街道", area="一号院", observed_at="2026-08-05 10:00",
          person_times=12, counts={"compound": 2}),
        R(key="TZ3", kind="zero_report", by="北郊街道", period_day="2026-08-04", note="北郊街道4日无新增情况（补报）"),
        R(key="TU3b", kind="outage_update", by="北郊街道", outage="TO3", observed_at="2026-08-05 18:00",
          fully_restored=True),
        {"action": "recompile", "event": "R", "day": "2026-08-03"},
        {"action": "recompile", "event": "R", "day": "2026-08-04"},
        {"action": "recompile", "event": "T", "day": "2026-08-04"},
        {"action": "recompile", "event": "T", "day": "2026-08-05"},
        {"action": "compile", "as_of": "2026-08-06 11:00"},  # runs the revisions asked for (cut off when asked)
        {"action": "publish", "event": "R", "day": "2026-08-04"},
        {"action": "publish", "event": "T", "day": "2026-08-05"},
    ]


def event_of(key: str) -> str:
    """A report's event, by its key."""
    return key[0]


def load(api: Api, reporter: Callable[[str], Api], catch_up: Callable[[str], None]) -> dict[str, Any]:
    """Send the whole scenario with the coordinator's `api` and each subdistrict's `reporter(name)`;
    `catch_up(as_of_iso)` runs the scheduler's catch-up as of a moment. Returns the ids (areas, reports,
    events) and the moments the server stamped on the reporters' reports."""
    areas: dict[str, int] = {}
    for name in AREAS:
        if name not in LATER:
            create_area(api, areas, name, AREAS[name])
    events = {}
    for code, event in EVENTS.items():
        status, body = api("POST", "/api/v1/events", {**event, "area_id": areas[DISTRICT]})
        assert status == 201, body
        events[code] = body["id"]
    ids: dict[str, int] = {}
    stamped: dict[str, str] = {}
    asked: list[str] = []  # compiles asked for, not yet run
    for row in reports():
        action = row.get("action")
        if action is None:
            send = reporter(row["by"]) if "by" in row else api
            url = f"/api/v1/events/{events[event_of(row['key'])]}/reports"
            body = body_of(row, ids, areas, "by" not in row)
            if "by" in row:
                refused = refusals(send, url, body, areas, row["by"])
                assert not refused, refused
            status, answer = send("POST", url, body, {"Idempotency-Key": f"twin-{row['key']}"})
            assert status == 201, (row["key"], status, answer)
            ids[row["key"]] = answer["id"]
            if "by" in row:
                stamped[row["key"]] = answer["reported_at"]
        elif action == "area":
            create_area(api, areas, row["name"], AREAS[row["name"]])
        elif action in ACTIONS:
            act(api, row, ids, areas)
        elif action == "close":
            status, answer = api("POST", f"/api/v1/events/{events[row['event']]}/close",
                                 {"ends_at": iso(row["ends_at"])})
            assert status == 200, (row, status, answer)
        elif action == "compile":
            catch_up(iso(row["as_of"]))
            for url in asked:
                done = finished(api, url)
                assert done["status"] == "done", done
            asked = []
        elif action == "recompile":  # queued: the next catch-up runs it
            brief = latest_brief(api, events[row["event"]], row["day"])
            status, answer = api("POST", f"/api/v1/briefs/{brief['id']}/recompile")
            assert status in (200, 202), (row, status, answer)
            asked.append(answer["url"])
        elif action == "publish":
            brief = latest_brief(api, events[row["event"]], row["day"])
            status, answer = api("POST", f"/api/v1/briefs/{brief['id']}/publish")
            assert status == 200, (row, status, answer)
    return {"areas": areas, "reports": ids, "events": events, "stamped": stamped}


def finished(api: Api, url: str, wait: float = 60) -> dict[str, Any]:
    """A compile asked for, once it is done or failed: a scheduler process of its own may be running it
    while the catch-up finds nothing left to take."""
    deadline = time.monotonic() + wait
    while True:
        _, state = api("GET", url)
        if state["status"] in ("done", "failed") or time.monotonic() > deadline:
            return state
        time.sleep(0.2)


def refusals(send: Api, url: str, body: dict[str, Any], areas: dict[str, int], scope: str) -> list[str]:
    """A subdistrict reporter's token is refused a backdated report and a place outside its subdistrict,
    and nothing is saved (the same body then goes through); it reads the whole district's briefs."""
    found = []
    status, answer = send("POST", url, {**body, "reported_at": "2026-08-05T12:00+08:00"})
    if status != 422 or "reported_at" not in (answer or {}).get("errors", {}):
        found.append(f"reported_at from a reporter: {status} {answer}")
    status, answer = send("GET", url.replace("/reports", "/briefs"))
    if status != 200 or not answer["days"]:
        found.append(f"{scope} reporter reading the district's briefs: {status} {answer}")  # scope limits writing
    elsewhere = next(name for name, sub in SUBDISTRICT.items()
                     if sub and sub != scope and AREAS[name][0] != "subdistrict")
    if "area_id" in body:
        status, answer = send("POST", url, {**body, "area_id": areas[elsewhere]})
        if status != 403:
            found.append(f"{scope} reporter at {elsewhere}: {status} {answer}")
    return found


def main() -> None:
    """Load the scenario into a running server, save every brief's JSON and compare with the hand computation."""
    args = arguments(__doc__)
    api = http_api(args.base, args.token)
    incidents = incidents_command()
    tokens: dict[str, str] = {}

    def reporter(name: str) -> Api:
        if name not in tokens:
            user = f"twin-{name}"
            subprocess.run([incidents, "create-user", user, "--role", "reporter", "--scope", f"{DISTRICT}/{name}",
                            "--password", "twin-storms-reporter"], capture_output=True, check=True)
            made = subprocess.run([incidents, "tokens", "create", user, "--name", "twin storms"],
                                  capture_output=True, text=True, check=True)
            tokens[name] = made.stdout.split()[-1]
        return http_api(args.base, tokens[name])

    ids = load(api, reporter, catch_up)
    from tests.api.test_twin_storms_outsider import differences  # the hand computation

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "ids.json").write_text(json.dumps(ids, ensure_ascii=False, indent=1))
    got = {code: briefs(api, event, ("txt", "md")) for code, event in ids["events"].items()}
    for code, by_day in got.items():
        for (day, revision), content in by_day.items():
            (args.out / f"{day}-{code}-r{revision}.json").write_text(json.dumps(
                {k: v for k, v in content.items() if not k.startswith("_")}, ensure_ascii=False, indent=1))
    found = differences(api, ids, got)
    if args.same_as:
        found += same_as(args.out, args.same_as)
    print("\n".join(found) or "every brief, timeline and export figure as computed by hand")
    sys.exit(1 if found else 0)


def same_as(here: Path, there: Path) -> list[str]:
    """Every field where two runs' briefs differ, but the moments of the run itself: when compiled, signed
    and cut off (a revision asked for now), and when the server stamped the reporters' reports."""
    moments = ("compiled_at", "cutoff", "previous_cutoff", "published_at", "signed_at")

    def strip(value: Any, stamped: dict[str, str]) -> Any:
        if isinstance(value, dict):
            return {k: strip(v, stamped) for k, v in value.items() if k not in moments}
        if isinstance(value, list):
            return [strip(v, stamped) for v in value]
        return stamped.get(value, value) if isinstance(value, str) else value

    def stamps(folder: Path) -> dict[str, str]:
        return {at: f"<{key}>" for key, at in json.loads((folder / "ids.json").read_text())["stamped"].items()}

    mine, theirs = stamps(here), stamps(there)
    found = []
    for path in sorted(here.glob("2*.json")):
        other = there / path.name
        if not other.exists() or strip(json.loads(path.read_text()), mine) != strip(json.loads(other.read_text()),
                                                                                    theirs):
            found.append(f"{path.name}: not the same as {other}")
    return found


if __name__ == "__main__":
    main()
