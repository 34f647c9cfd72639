"""An outside tester's rainstorm: three days in 洹滨区, loaded through the HTTP API alone.

The scenario is data (areas, an event, reports in the order the office learned them, with the
actions a coordinator took between briefs); `load` sends it over any client that speaks the API, and
`tests/api/rainstorm_model.py` computes each brief's figures from the same data, without the product.
`python -m tests.api.rainstorm --base http://127.0.0.1:5064 --token il_… --out DIR` loads it into a
running server (an empty database: a coordinator's token, no event yet), runs the scheduler's
catch-ups against that server's database (DATABASE_URL and INCIDENTS_INSTANCE as the server has them),
writes every brief's JSON to DIR, prints every figure where a brief or the timeline differs from the
hand computation, and with `--same-as OTHER_DIR` every field where the briefs differ from another
run's (SQLite against PostgreSQL; the compile times and revisions' cut-offs, the moments they ran, aside).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

TZ = "+08:00"
DISTRICT = "洹滨区"
# name: (level, parent, households, buildings)
AREAS: dict[str, tuple[str, str | None, int | None, int | None]] = {
    "洹滨区": ("district", None, None, None),
    "东关街道": ("subdistrict", "洹滨区", None, None),
    "西关街道": ("subdistrict", "洹滨区", None, None),
    "柳园镇": ("subdistrict", "洹滨区", None, None),
    "红旗社区": ("community", "东关街道", 1200, 40),
    "建设社区": ("community", "东关街道", 2000, 60),
    "一号院": ("site", "红旗社区", 120, 6),
    "文明社区": ("community", "西关街道", 900, 30),
    "西关社区": ("community", "西关街道", 600, 20),
    "柳园村": ("community", "柳园镇", 500, None),
    "河口村": ("community", "柳园镇", 400, None),
}
SUBDISTRICT = {"东关街道": "东关街道", "西关街道": "西关街道", "柳园镇": "柳园镇", "红旗社区": "东关街道",
               "建设社区": "东关街道", "一号院": "东关街道", "文明社区": "西关街道", "西关社区": "西关街道",
               "柳园村": "柳园镇", "河口村": "柳园镇", "洹滨区": None}
EVENT = {"code": "huanbin-2026-07-rainstorm", "name": "洹滨区“7·10”暴雨", "kind": "rainstorm",
         "starts_at": "2026-07-10 06:00", "brief_time": "08:00"}
ENDS_AT = "2026-07-12 22:00"
DAYS = ("2026-07-10", "2026-07-11", "2026-07-12")
CUTOFFS = {"2026-07-10": "2026-07-11 08:00", "2026-07-11": "2026-07-12 08:00", "2026-07-12": "2026-07-13 08:00"}

# Each row: a key, the kind, its area (or parent key), fields, and "rep" (reported_at, local).
# Phases are the days the office lived through: before each brief's cut-off the scheduler catches up.
R = dict  # readability


def reports() -> list[dict[str, Any]]:
    """Every report, in the order the office learned it (phase by phase)."""
    return [
        # ---- day 1, 2026-07-10 -----------------------------------------------------------------
        R(key="A1", kind="activity", area="洹滨区", observed_at="2026-07-10 08:30", rep="2026-07-10 08:40",
          title="区防指启动防汛IV级应急响应"),
        R(key="O1", kind="outage", area="一号院", started_at="2026-07-10 09:20", rep="2026-07-10 09:40",
          households_affected=120, buildings_affected=6, etr_at="2026-07-10 20:00"),
        R(key="O2", kind="outage", area="建设社区", started_at="2026-07-10 11:00", rep="2026-07-10 11:30",
          households_affected="50余户"),
        R(key="O8", kind="outage", area="建设社区", started_at="2026-07-10 11:05", rep="2026-07-10 11:40",
          households_affected=50, note="重复报送"),
        R(key="P1", kind="pumping", area="建设社区", observed_at="2026-07-10 12:00", rep="2026-07-10 12:20",
          team="消防救援大队一中队", pumps=4, people=12),
        R(key="U1a", kind="outage_update", outage="O1", observed_at="2026-07-10 13:00", rep="2026-07-10 13:10",
          households_restored=50),
        R(key="O3", kind="outage", area="文明社区", started_at="~2026-07-10 14:00", rep="2026-07-10 14:30",
          households_affected=300, buildings_affected=12),
        R(key="P2", kind="pumping", area="文明社区", observed_at="2026-07-10 15:00", rep="2026-07-10 15:10",
          team="城管排涝队", pumps=2, people=6),
        R(key="O4", kind="outage", area="西关社区", started_at="2026-07-10 16:00", rep="2026-07-10 16:20",
          households_affected=60, buildings_affected=3),
        R(key="U1b", kind="outage_update", outage="O1", observed_at="2026-07-10 18:00", rep="2026-07-10 18:05",
          fully_restored=True),
        R(key="U3a", kind="outage_update", outage="O3", observed_at="2026-07-10 20:00", rep="2026-07-10 20:10",
          households_restored="200余户"),
        R(key="V1a", kind="pumping_volume", operation="P1", period_start="2026-07-10 12:00",
          period_end="2026-07-10 20:00", rep="2026-07-10 20:30", volume_m3=1600),
        R(key="Z1", kind="zero_report", area="柳园镇", period_day="2026-07-10", rep="2026-07-10 21:00",
          note="柳园镇本时段无灾情"),
        R(key="U4a", kind="outage_update", outage="O4", observed_at="2026-07-10 22:00", rep="2026-07-10 22:15",
          households_restored="40余户"),
        R(key="V2a", kind="pumping_volume", operation="P2", period_start="2026-07-10 15:00",
          period_end="2026-07-11 04:00", rep="2026-07-11 04:30", volume_m3=1000),
        R(key="O5", kind="outage", area="柳园村", started_at="2026-07-11 01:00", rep="2026-07-11 06:00"),
        R(key="V1b", kind="pumping_volume", operation="P1", period_start="2026-07-10 20:00",
          period_end="2026-07-11 06:00", rep="2026-07-11 06:10", volume_m3=3000),
        R(key="O6", kind="outage", area="河口村", started_at="2026-07-11 02:00", rep="2026-07-11 06:30",
          buildings_affected=15, etr_at="2026-07-12 18:00"),
        {"action": "retract", "key": "O8", "phase": 1},
        {"action": "verify", "key": "O1"},
        {"action": "verify", "key": "O2"},
        {"action": "compile", "as_of": "2026-07-11 08:05"},
        # ---- day 2, 2026-07-11 -----------------------------------------------------------------
        R(key="O10", kind="outage", area="西关社区", started_at="2026-07-11 08:00", rep="2026-07-11 08:30",
          households_affected=500, buildings_affected=10),
        R(key="U2a", kind="outage_update", outage="O2", observed_at="2026-07-11 09:00", rep="2026-07-11 09:10",
          households_restored=30),
        R(key="A2", kind="activity", area="东关街道", observed_at="2026-07-11 09:00", rep="2026-07-11 09:20",
          title="东关街道转移低洼地带群众"),
        R(key="O9", kind="outage", area="文明社区", started_at="2026-07-10 23:00", rep="2026-07-11 09:30",
          households_affected=80, note="夜间停电，上午才报"),  # late for the 07-10 brief
        R(key="P3", kind="pumping", area="河口村", observed_at="2026-07-11 08:00", rep="2026-07-11 09:40",
          team="柳园镇应急排涝队", pumps=3, people=8),
        R(key="O7", kind="outage", area="红旗社区", started_at="2026-07-11 10:00", rep="2026-07-11 10:20",
          households_affected=400, buildings_affected=10),
        R(key="D1", kind="disinfection", area="红旗社区", observed_at="2026-07-11 10:00", rep="2026-07-11 10:30",
          person_times=30, counts={"street": 5, "compound": 3, "surface": "1.5万平方米"}),
        {"action": "return", "key": "O10", "reason": "户数与楼栋数有误，请核实"},
        R(key="U9a", kind="outage_update", outage="O9", observed_at="2026-07-11 11:00", rep="2026-07-11 11:05",
          fully_restored=True),
        R(key="U3b", kind="outage_update", outage="O3", observed_at="2026-07-11 12:00", rep="2026-07-11 12:15",
          households_out=40, buildings_out=2),
        R(key="U7a", kind="outage_update", outage="O7", observed_at="2026-07-11 14:00", rep="2026-07-11 14:10",
          households_affected=450, households_restored=100),
        R(key="U1c", kind="outage_update", outage="O1", observed_at="2026-07-11 15:30", rep="2026-07-11 15:40",
          households_out=80),
        R(key="U5a", kind="outage_update", outage="O5", observed_at="2026-07-11 16:00", rep="2026-07-11 16:10",
          fully_restored=True),
        R(key="U4b", kind="outage_update", outage="O4", observed_at="2026-07-11 17:00", rep="2026-07-11 17:05",
          fully_restored=True),
        R(key="V1c", kind="pumping_volume", operation="P1", period_start="2026-07-11 06:00",
          period_end="2026-07-11 18:00", rep="2026-07-11 18:20", volume_m3="2400+"),
        {"action": "patch", "key": "P1", "fields": {"ended_at": "2026-07-11 18:00"}},
        R(key="U2b", kind="outage_update", outage="O2", observed_at="2026-07-11 20:00", rep="2026-07-11 20:10",
          fully_restored=True),
        R(key="R1", kind="debris", area="建设社区", period_start="2026-07-11 08:00", period_end="2026-07-11 20:00",
          rep="2026-07-11 20:30", mass_t="12.5", truckloads=5, people=10, vehicles=3),
        R(key="V2b", kind="pumping_volume", operation="P2", period_start="2026-07-11 14:00",
          period_end="2026-07-11 22:00", rep="2026-07-11 22:10", volume_m3=700),
        R(key="U3c", kind="outage_update", outage="O3", observed_at="2026-07-11 23:00", rep="2026-07-11 23:10",
          fully_restored=True),
        R(key="O11", kind="outage", area="柳园村", started_at="2026-07-12 06:58", rep="2026-07-12 07:30",
          households_affected=120),
        R(key="U11a", kind="outage_update", outage="O11", observed_at="2026-07-12 06:58", rep="2026-07-12 07:31",
          households_restored=80),  # at the very instant it began: counts a second later (peak 120)
        {"action": "compile", "as_of": "2026-07-12 08:05"},
        # ---- day 3, 2026-07-12 -----------------------------------------------------------------
        R(key="Z3", kind="zero_report", area="柳园镇", period_day="2026-07-12", rep="2026-07-12 08:10",
          note="柳园镇暂无新情况"),  # then data from the same town the same day: reported with data
        R(key="V3a", kind="pumping_volume", operation="P3", period_start="2026-07-11 08:00",
          period_end="2026-07-12 08:00", rep="2026-07-12 08:20", volume_m3=2500),
        R(key="U7b", kind="outage_update", outage="O7", observed_at="2026-07-12 08:30", rep="2026-07-12 08:40",
          households_restored=350),
        R(key="R2", kind="debris", area="红旗社区", period_start="2026-07-11 20:00", period_end="2026-07-12 08:00",
          rep="2026-07-12 09:00", mass_t=30, truckloads=8, people=6, vehicles=2),  # late for 07-11
        R(key="D3", kind="disinfection", area="柳园村", observed_at="2026-07-12 09:00", rep="2026-07-12 09:30",
          person_times=15, counts={"village": 2, "surface": 8000}),
        R(key="U1d", kind="outage_update", outage="O1", observed_at="2026-07-12 10:00", rep="2026-07-12 10:10",
          fully_restored=True),
        {"action": "patch", "key": "O10", "fields": {"households_affected": 90, "buildings_affected": 4}},
        {"action": "patch", "key": "R2", "fields": {"mass_t": 20}},
        {"action": "patch", "key": "O9", "fields": {"area": "建设社区"}},  # the wrong place: its update moves too
        R(key="D4", kind="disinfection", area="红旗社区", observed_at="2026-07-12 11:00", rep="2026-07-12 11:20",
          cumulative=True, person_times=50, counts={"street": 8, "surface": "2万平方米"}),  # totals to date
        R(key="U11b", kind="outage_update", outage="O11", observed_at="2026-07-12 12:00", rep="2026-07-12 12:05",
          fully_restored=True),
        {"action": "retract", "key": "U7b"},
        {"action": "restore", "key": "U7b"},
        R(key="A3", kind="activity", area="柳园镇", observed_at="2026-07-12 14:00", rep="2026-07-12 14:10",
          title="柳园镇排查河口村险情"),
        R(key="U7c", kind="outage_update", outage="O7", observed_at="2026-07-12 16:00", rep="2026-07-12 16:05",
          fully_restored=True),
        {"action": "close", "ends_at": ENDS_AT},
        {"action": "compile", "as_of": "2026-07-13 08:05"},
        # ---- after the event -------------------------------------------------------------------
        R(key="U10a", kind="outage_update", outage="O10", observed_at="2026-07-11 21:00", rep="2026-07-13 09:00",
          fully_restored=True),  # late for 07-11, after the 07-12 brief too
        R(key="D2", kind="disinfection", area="文明社区", observed_at="2026-07-11 15:00", rep="2026-07-13 09:10",
          person_times="20+", counts={"compound": 4, "surface": 3000, "hand_sprayer": 6}),  # late for 07-11
        R(key="Z2", kind="zero_report", area="西关街道", period_day="2026-07-12", rep="2026-07-13 10:00",
          note="西关街道12日无新增情况（补报）"),  # late for 07-12
        {"action": "recompile", "day": "2026-07-11", "as_of": "2026-07-13 10:30"},
        {"action": "recompile", "day": "2026-07-12", "as_of": "2026-07-13 10:30"},
    ]


Api = Callable[..., tuple[int, Any]]  # api(method, url, body=None, headers=None) -> (status, JSON)


def iso(local: str) -> str:
    """A scenario's local time as ISO with the event's offset (a leading ~ kept out: precision says it)."""
    return local.lstrip("~").replace(" ", "T") + TZ


def body_of(row: dict[str, Any], ids: dict[str, int], areas: dict[str, int], backdated: bool = True) -> dict[str, Any]:
    """One scenario row as its sender sends it (`backdated`: stating its `reported_at`, as a coordinator may; a row's
    `by`, the reporter who sends it, is no field)."""
    body: dict[str, Any] = {"kind": row["kind"]}
    if backdated:
        body["reported_at"] = iso(row["rep"])
    for name, value in row.items():
        if name in ("key", "kind", "rep", "area", "outage", "operation", "by"):
            continue
        if isinstance(value, str) and name.endswith(("_at", "_start", "_end")):
            if value.startswith("~"):
                body[name.replace("_at", "") + "_precision"] = "approximate"
            value = iso(value)
        body[name] = value
    if "area" in row:
        body["area_id"] = areas[row["area"]]
    for ref in ("outage", "operation"):
        if ref in row:
            body[f"{ref}_id"] = ids[row[ref]]
    return body


def create_area(api: Api, areas: dict[str, int], name: str, area: tuple[str, str | None, int | None, int | None]
                ) -> None:
    """One area of the tree, (level, parent, households, buildings), under its parent already in `areas`."""
    level, parent, households, buildings = area
    status, body = api("POST", "/api/v1/areas", {"name": name, "level": level, "households": households,
                                                 "buildings": buildings,
                                                 "parent_id": areas[parent] if parent else None})
    assert status == 201, (name, status, body)
    areas[name] = body["id"]


def act(api: Api, row: dict[str, Any], ids: dict[str, int], areas: dict[str, int]) -> None:
    """A coordinator's action on a report: a status (retract, return, verify, restore) or a correction (patch)."""
    url = f"/api/v1/reports/{ids[row['key']]}"
    if row["action"] == "patch":
        _, current = api("GET", url)
        fields = {k: iso(v) if k.endswith("_at") else v for k, v in row["fields"].items()}
        if "area" in fields:
            fields["area_id"] = areas[fields.pop("area")]
        status, body = api("PATCH", url, {**fields, "version": current["version"]})
    else:
        status, body = api("POST", f"{url}/{row['action']}", {"reason": row["reason"]} if "reason" in row else {})
    assert status == 200, (row, status, body)


# What `act` does.
ACTIONS = ("retract", "return", "verify", "restore", "patch")


def load(api: Api, catch_up: Callable[[str], None]) -> dict[str, Any]:
    """Send the whole scenario; `catch_up(as_of_iso)` runs the scheduler's catch-up as of a moment.
    Returns the ids: areas by name, reports by key, the event id."""
    areas: dict[str, int] = {}
    for name, area in AREAS.items():
        create_area(api, areas, name, area)
    status, body = api("POST", "/api/v1/events", {**EVENT, "area_id": areas[DISTRICT]})
    assert status == 201, body
    event = body["id"]
    ids: dict[str, int] = {}
    for row in reports():
        action = row.get("action")
        if action is None:
            status, body = api("POST", f"/api/v1/events/{event}/reports", body_of(row, ids, areas),
                               {"Idempotency-Key": f"rainstorm-{row['key']}"})
            assert status == 201, (row["key"], status, body)
            ids[row["key"]] = body["id"]
        elif action in ACTIONS:
            act(api, row, ids, areas)
        elif action == "close":
            status, body = api("POST", f"/api/v1/events/{event}/close", {"ends_at": iso(row["ends_at"])})
            assert status == 200, (row, status, body)
        elif action == "compile":
            catch_up(iso(row["as_of"]))
        elif action == "recompile":
            brief = latest_brief(api, event, row["day"])
            status, body = api("POST", f"/api/v1/briefs/{brief['id']}/recompile")
            assert status in (200, 202), (row, status, body)
            catch_up(iso(row["as_of"]))
            _, done = api("GET", body["url"])
            assert done["status"] == "done", done
    return {"areas": areas, "reports": ids, "event": event}


def latest_brief(api: Api, event: int, day: str) -> dict[str, Any]:
    """The newest revision of a day's brief (its resource)."""
    status, listing = api("GET", f"/api/v1/events/{event}/briefs")
    assert status == 200, listing
    (found,) = [d for d in listing["days"] if d["day"] == day]
    return max(found["briefs"], key=lambda b: b["revision"])


def briefs(api: Api, event: int, forms: tuple[str, ...] = ()) -> dict[tuple[str, int], dict[str, Any]]:
    """Every brief's JSON by (day, revision), with its other `forms` (txt, md) beside it as `_txt`, `_md`."""
    _, listing = api("GET", f"/api/v1/events/{event}/briefs")
    out = {}
    for day in listing["days"]:
        for brief in day["briefs"]:
            status, content = api("GET", f"/api/v1/briefs/{brief['id']}/json")
            assert status == 200, content
            for fmt in forms:
                status, text = api("GET", f"/api/v1/briefs/{brief['id']}/{fmt}")
                assert status == 200, text
                content[f"_{fmt}"] = text
            out[(day["day"], brief["revision"])] = content
    return out


def http_api(base: str, token: str) -> Api:
    """A client of a running server: JSON in and out, the token in the Authorization header."""

    def api(method: str, url: str, body: Any = None, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(base + url, data=data, method=method, headers={
            "Authorization": f"Bearer {token}", "Accept-Language": "zh", **(headers or {}),
            **({"Content-Type": "application/json"} if data is not None else {})})
        try:
            with urllib.request.urlopen(request) as answer:
                raw = answer.read()
                status = answer.status
        except urllib.error.HTTPError as error:
            raw, status = error.read(), error.code
        try:
            return status, json.loads(raw) if raw else None
        except ValueError:
            return status, raw.decode("utf-8", "replace")

    return api


def arguments(doc: str | None) -> argparse.Namespace:
    """A replay's command line: the server, a coordinator's token, the folder for the briefs, another run's."""
    parser = argparse.ArgumentParser(description=doc)
    parser.add_argument("--base", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--same-as", type=Path, help="another run's folder whose briefs must be the same")
    return parser.parse_args()


def incidents_command() -> str:
    """The `incidents` command beside this Python (the server's database as DATABASE_URL names it)."""
    return str(Path(sys.executable).with_name("incidents"))


def catch_up(as_of: str) -> None:
    """The scheduler's catch-up as of a moment, as its own process (printing what it compiled)."""
    done = subprocess.run([incidents_command(), "scheduler", "--once", "--as-of", as_of, "--catchup-days", "400"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    print(as_of, done.stdout.strip().replace("\n", " | "))


def main() -> None:
    """Load the scenario into a running server and save every brief's JSON."""
    args = arguments(__doc__)
    api = http_api(args.base, args.token)
    ids = load(api, catch_up)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "ids.json").write_text(json.dumps(ids, ensure_ascii=False, indent=1))
    got = briefs(api, ids["event"])
    for (day, revision), content in got.items():
        (args.out / f"{day}-r{revision}.json").write_text(json.dumps(content, ensure_ascii=False, indent=1))
    from tests.api.test_rainstorm_outsider import compare, timeline_differences  # the hand computation

    found = compare(got, ids) + timeline_differences(api, ids)
    if args.same_as:
        found += same_as(args.out, args.same_as)
    print("\n".join(found) or "every brief and timeline figure as computed by hand")
    sys.exit(1 if found else 0)


def same_as(here: Path, there: Path) -> list[str]:
    """Every field where two runs' briefs differ, but the moments the compiles ran."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("compiled_at", "cutoff", "previous_cutoff")}
        return [strip(v) for v in value] if isinstance(value, list) else value

    found = []
    for mine in sorted(here.glob("2*.json")):
        theirs = there / mine.name
        if not theirs.exists() or strip(json.loads(mine.read_text())) != strip(json.loads(theirs.read_text())):
            found.append(f"{mine.name}: not the same as {theirs}")
    return found


if __name__ == "__main__":
    main()
