"""An outside tester's replay: a three-day rainstorm through the HTTP API, its briefs held against
figures worked out by hand from the reports (`rainstorm_model.py`, which reads docs/domain.md, not
the product).

The scenario (`rainstorm.py`) has exact, "more than" and unknown outage sizes, partial and full
restorations, an outage out again after a full one, a retracted duplicate, an outage sent back and
corrected, pumping across midnight with an end learned later, disinfection by area and category,
debris corrected, activities, a zero report, late reports and an ended event; the scheduler catches
up before each brief's cut-off, as it ran live.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tests.api import rainstorm as sc
from tests.api import rainstorm_model as model

FAR = datetime(2100, 1, 1, tzinfo=model.ZONE)  # a revision asked for now counts everything known now


def mark(figure: dict[str, Any] | None) -> model.Q | None:
    """A brief's quantity as a Q (None when not known)."""
    if figure is None or figure.get("value") is None:
        return None
    if figure.get("approx") and figure.get("lb") is False and not figure.get("ub"):
        return model.Q(figure["value"], "approx")
    return model.Q(figure["value"], "lb" if figure.get("lb") else "ub" if figure.get("ub") else "exact")


def lb(figure: dict[str, Any]) -> tuple[int | None, bool]:
    """An apportioned quantity's value and its "more than" (its approx says it was apportioned)."""
    return figure["value"], figure["lb"]


def as_lb(q: model.Q | None) -> tuple[int | None, bool]:
    """A model quantity as (value, more-than)."""
    return (None, False) if q is None else (q.v, q.mark == "lb")


def expected_vs_actual(content: dict[str, Any], world: model.World, day: str, cutoff: datetime,
                       keys: dict[int, str], names: dict[int, str], model: Any = model) -> list[str]:
    """Every figure where the brief and the hand computation differ (`model`: the hand computation's module,
    its Brief, of_subdistrict and late)."""
    brief = model.Brief(world, day, cutoff)
    found: list[str] = []

    def check(what: str, want: Any, got: Any) -> None:
        if want != got:
            found.append(f"{day} {what}: expected {want!r}, brief says {got!r}")

    power, fig = content["power"], brief.power()
    for name in ("open_outages", "households_unknown", "buildings_unknown", "restored_in_period", "new_in_period",
                 "outages_to_date"):
        check(f"power.{name}", fig[name], power[name])
    for name in ("households_out", "buildings_out", "households_restored", "peak_households", "peak_buildings"):
        check(f"power.{name}", fig[name], mark(power[name]))
    check("power.open ids", fig["open_ids"], sorted(keys[o["outage_id"]] for o in power["open"]))

    pumping, fig = content["pumping"], brief.pumping()
    check("pumping.period", as_lb(fig["period"]), lb(pumping["volume_m3"]["period"]))
    check("pumping.to_date", as_lb(fig["to_date"]), lb(pumping["volume_m3"]["to_date"]))
    for name in ("active", "operations_to_date", "still_pumping"):
        check(f"pumping.{name}", fig[name], pumping[name])
    for name in ("people", "pumps"):
        check(f"pumping.{name}", fig[name], mark(pumping[name]))

    dis, fig = content["disinfection"], brief.disinfection()
    for label in ("period", "to_date"):
        check(f"disinfection.person_times.{label}", fig.get(("person_times", label)),
              mark(dis["person_times"][label]))
        got = {c["code"]: mark(c["figure"][label]) for c in dis["categories"] if mark(c["figure"][label])}
        want = {code: q for (code, lab), q in fig.items() if lab == label and code != "person_times" and q}
        check(f"disinfection.categories.{label}", want, got)

    debris, fig = content["debris"], brief.debris()
    for name, json_name in (("mass_t", "mass_kg"), ("truckloads", "truckloads"), ("people", "people"),
                            ("vehicles", "vehicles")):
        check(f"debris.{json_name}.period", as_lb(fig[name][0]), lb(debris[json_name]["period"]))
        check(f"debris.{json_name}.to_date", as_lb(fig[name][1]), lb(debris[json_name]["to_date"]))

    for point in content["trend"]:  # each day up to this one, as known at this brief's cut-off
        then = model.Brief(world, point["day"], cutoff)
        fig, pumped, cleared = then.power(), then.pumping(), then.debris()
        check(f"trend {point['day']} open_outages", fig["open_outages"], point["open_outages"])
        for unit in ("households", "buildings"):
            marks = [m for m in ("lb", "ub", "approx") if point.get(f"{unit}_out_{m}")]
            value = point[f"{unit}_out"]
            got = None if value is None else model.Q(value, marks[0] if marks else "exact")
            check(f"trend {point['day']} {unit}_out", fig[f"{unit}_out"], got)
        check(f"trend {point['day']} volume", as_lb(pumped["period"]), lb(point["volume_m3"]))
        check(f"trend {point['day']} debris", as_lb(cleared["mass_t"][0]), lb(point["debris_kg"]))
    for row in content["subdistricts"]:
        if row["name"] is None:
            continue
        sub = model.Brief(model.of_subdistrict(world, row["name"]), day, cutoff)
        fig, pumped, cleared = sub.power(), sub.pumping(), sub.debris()
        where = f"subdistrict {row['name']}"
        check(f"{where} open_outages", fig["open_outages"], row["open_outages"])
        check(f"{where} households_out", fig["households_out"], mark(row["households_out"]))
        for name in ("households_unknown", "restored_in_period"):
            check(f"{where} {name}", fig[name], row[name])
        check(f"{where} households_restored", fig["households_restored"], mark(row["households_restored"]))
        check(f"{where} volume", (as_lb(pumped["period"]), as_lb(pumped["to_date"])),
              (lb(row["volume_m3"]["period"]), lb(row["volume_m3"]["to_date"])))
        check(f"{where} debris", (as_lb(cleared["mass_t"][0]), as_lb(cleared["mass_t"][1])),
              (lb(row["debris_kg"]["period"]), lb(row["debris_kg"]["to_date"])))
    check("subdistricts.reports", brief.by_subdistrict(), {s["name"]: s["reports"] for s in content["subdistricts"]})
    quality = content["quality"]
    zero, silent = brief.board()
    check("quality.zero_reported", zero, sorted(s["name"] for s in quality["zero_reported"]))
    check("quality.silent", silent, sorted(s["name"] for s in quality["silent"]))
    check("quality.reports_used", brief.used(), quality["reports_used"])
    check("quality.unverified", brief.unverified(), quality["unverified"])
    check("quality.returned_reports", brief.returned(),
          sorted(keys[r["report_id"]] for r in quality["returned_reports"]))
    check("quality.late", model.late(day, cutoff, world),
          sorted((keys[r["report_id"]], r["day"]) for r in quality["late"]))
    return found


def compare(briefs: dict[tuple[str, int], dict[str, Any]], ids: dict[str, Any]) -> list[str]:
    """Every brief of the replay against the hand computation."""
    keys = {v: k for k, v in ids["reports"].items()}
    names = {v: k for k, v in ids["areas"].items()}
    worlds = model.worlds()
    assert sorted(briefs) == [("2026-07-10", 1), ("2026-07-11", 1), ("2026-07-11", 2), ("2026-07-12", 1),
                              ("2026-07-12", 2)]
    found = []
    for (day, revision), brief in sorted(briefs.items()):
        if revision == 1:
            due = model.cutoff_of(day)
            (world,) = [w for (d, as_of), w in worlds.items() if d is None and model.t(as_of) > due
                        and model.t(as_of) - due < timedelta(hours=1)]
            cutoff = due
        else:
            world, cutoff = worlds[(day, "2026-07-13 10:30")], FAR
            first = model.cutoff_of(day)
            (before,) = [w for (d, as_of), w in worlds.items() if d is None and model.t(as_of) > first
                         and model.t(as_of) - first < timedelta(hours=1)]
            quality = brief["content"]["quality"]
            got = {name: quality[f"{name}_since_previous_revision"]
                   for name in ("added", "corrected", "retracted", "returned", "restored")}
            want = model.revision_changes(before, world, day, first)
            if want != got:
                found.append(f"{day} r{revision} changes since r1: expected {want}, brief says {got}")
        found += expected_vs_actual(brief["content"], world, day, cutoff, keys, names)
    return found


# (as_of, known_at): before and after the night's outage was learned, an outage out again, hindsight.
MOMENTS = (("2026-07-10 23:59", "2026-07-11 08:00"), ("2026-07-10 23:59", "2026-07-11 10:00"),
           ("2026-07-11 16:00", "2026-07-11 16:00"), ("2026-07-11 12:30", "2026-07-12 12:00"),
           ("2026-07-12 23:00", "2026-07-13 12:00"))


def outage_mark(o: dict[str, Any], unit: str) -> model.Q | None:
    """An outage's units out from the outages API, as a Q."""
    value = o[f"{unit}_out"]
    if value is None:
        return None
    marks = [m for m in ("lb", "ub", "approx") if o[f"{unit}_out_{m}"]]
    return model.Q(value, marks[0] if marks else "exact")


def curve_mark(curve: dict[str, Any], name: str) -> model.Q | None:
    """A curve's figure (current, peak) as a Q, marked as the curve marks it (None when not given)."""
    if not curve[name]:
        return None
    return model.Q(curve[name], "approx" if curve[f"{name}_approx"] else "lb" if curve[f"{name}_lb"]
                   else "ub" if curve[f"{name}_ub"] else "exact")


def moment_differences(api: sc.Api, event: int, keys: dict[int, str], world: Any, as_of: str, known_at: str,
                       where: str, model: Any = model) -> tuple[list[str], Any, dict[str, Any] | None]:
    """An event's outages and current households out "as of" a moment "as known at" another, against the hand
    computation (`model`: its module, with Brief, t, total and Q); with that Brief and the households curve (None
    when the outages already differ)."""
    query = f"as_of={sc.iso(as_of).replace('+', '%2B')}&known_at={sc.iso(known_at).replace('+', '%2B')}"
    status, listing = api("GET", f"/api/v1/events/{event}/outages?{query}")
    assert status == 200, listing
    brief = model.Brief(world, as_of[:10], model.t(known_at))
    when = model.t(as_of)
    want = {o.key: brief.state(o, when) for o in brief.live.values()
            if o.kind == "outage" and o.at("started_at") <= when}
    got = {keys[o["outage_id"]]: o for o in listing["outages"]}
    if sorted(want) != sorted(got):
        return [f"{where}: outages {sorted(want)} != {sorted(got)}"], brief, None
    found = []
    for key, state in want.items():
        for unit in ("households", "buildings"):
            if state[unit] != outage_mark(got[key], unit):
                found.append(f"{where}: {key} {unit} {state[unit]} != {outage_mark(got[key], unit)}")
        if state["out"] != got[key]["open"]:
            found.append(f"{where}: {key} open {state['out']} != {got[key]['open']}")
    status, timeline = api("GET", f"/api/v1/events/{event}/timeline?{query}")
    assert status == 200, timeline
    current = model.total([s["households"] for s in want.values() if s["out"] and s["households"]])
    curve = timeline["curve"]["households"]
    if current != curve_mark(curve, "current"):
        found.append(f"{where}: households out now {current} != {curve_mark(curve, 'current')}")
    return found, brief, curve


def timeline_differences(api: sc.Api, ids: dict[str, Any]) -> list[str]:
    """The outages and the curve "as of" a moment "as known at" another, against the hand computation
    over the log as it stands at the end."""
    keys = {v: k for k, v in ids["reports"].items()}
    world = model.worlds()[("2026-07-12", "2026-07-13 10:30")]
    found = []
    for as_of, known_at in MOMENTS:
        found += moment_differences(api, ids["event"], keys, world, as_of, known_at, f"{as_of} known {known_at}")[0]
    return found


def test_the_rainstorm_briefs_match_the_hand_computation(token_client, runner):
    api_client = token_client("outside-tester", "coordinator")

    def api(method: str, url: str, body: Any = None, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        answer = api_client.open(url, method, headers=headers, json=body)
        return answer.status_code, answer.get_json(silent=True)

    def catch_up(as_of: str) -> None:
        result = runner.invoke(args=["incidents", "scheduler", "--once", "--as-of", as_of, "--catchup-days", "400"])
        assert result.exit_code == 0, result.output

    ids = sc.load(api, catch_up)
    assert compare(sc.briefs(api, ids["event"]), ids) == []
    assert timeline_differences(api, ids) == []
