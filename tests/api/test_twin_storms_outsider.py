"""An outside tester's replay of two storms at once in one district, through the HTTP API alone, every
brief held against figures worked out by hand (`twin_storms_model.py`, from docs/domain.md and
docs/briefs.md, not the product).

The scenario (`twin_storms.py`): a rainstorm and, two days later, a typhoon over the same district
(each brief numbered on its own), places hit in both, a town and a community added mid-event, a
scheduler down for a day then catching up, backdated and late reports, subdistrict reporters with
their own tokens, unknown and "more than" sizes, outages out again and restored in parts, pumping
across midnight, disinfection by area, by count and as totals to date, debris in tonnes corrected, a
retraction, a send-back corrected, zero reports, then revisions and sign-off.
"""

from __future__ import annotations

from typing import Any

from tests.api import twin_storms as sc
from tests.api import twin_storms_model as model
from tests.api.rainstorm import Api
from tests.api.test_rainstorm_outsider import curve_mark, expected_vs_actual, mark, moment_differences

# (event, as_of, known_at): before and after a late outage was learned, an outage out again, the two
# events' overlap, hindsight.
MOMENTS = (("R", "2026-08-01 23:59", "2026-08-02 08:00"), ("R", "2026-08-01 23:59", "2026-08-02 10:00"),
           ("R", "2026-08-03 16:00", "2026-08-03 16:00"), ("R", "2026-08-03 22:00", "2026-08-06 12:00"),
           ("T", "2026-08-04 09:00", "2026-08-04 09:00"), ("T", "2026-08-05 12:00", "2026-08-05 12:00"),
           ("T", "2026-08-05 20:00", "2026-08-06 12:00"))


def power_words(content: dict[str, Any], text: str, label: str) -> list[str]:
    """The text or Markdown form says the number, the status and the households out as the JSON has them."""
    found = []
    if f"第{content['number']}期" not in text:
        found.append(f"{label}: no 第{content['number']}期")
    out = mark(content["content"]["power"]["households_out"])
    if out is not None and out.v and model_words(out) not in text:
        found.append(f"{label}: households out {model_words(out)!r} not in the text")
    volume = content["content"]["pumping"]["volume_m3"]["period"]
    if volume["value"]:
        words = f"{volume['value']:,}" + ("余" if volume["lb"] else "") + "立方米"
        if words not in text:
            found.append(f"{label}: the day's volume {words!r} not in the text")
    mass = content["content"]["debris"]["mass_kg"]["period"]
    if mass["value"]:
        words = f"{mass['value'] / 1000:,.3f}".rstrip("0").rstrip(".") + ("余" if mass["lb"] else "") + "吨"
        if words not in text:
            found.append(f"{label}: the day's tonnes {words!r} not in the text")
    signed = content["status"] == "published"
    if ("签发人：" in text) != signed or ("待签发" in text) == signed:
        found.append(f"{label}: status {content['status']} not said as such")
    return found


def model_words(q: model.Q) -> str:
    """Households as a brief writes them."""
    number = f"{q.v:,}"
    return {"lb": f"{number}余户", "ub": f"不超过{number}户", "approx": f"约{number}户"}.get(q.mark, f"{number}户")


def differences(api: Api, ids: dict[str, Any], got: dict[str, dict[tuple[str, int], dict[str, Any]]]) -> list[str]:
    """Every brief of both events, the timeline at several moments and the exports against the hand
    computation."""
    keys = {v: k for k, v in ids["reports"].items()}
    names = {v: k for k, v in ids["areas"].items()}
    made = model.briefs_by_revision(ids["stamped"])
    found: list[str] = []
    for code in sc.EVENTS:
        want = sorted((d, r) for (c, d, r) in made if c == code)
        if sorted(got[code]) != want:
            found.append(f"{code}: briefs {sorted(got[code])} != {want}")
            continue
        for (day, revision), brief in sorted(got[code].items()):
            world, cutoff = made[(code, day, revision)]
            number = sc.DAYS[code].index(day) + 1
            if brief["number"] != number:
                found.append(f"{code} {day} r{revision}: 第{brief['number']}期, expected 第{number}期")
            found += [f"{code} r{revision} {line}" for line in
                      expected_vs_actual(brief["content"], world, day, cutoff, keys, names, model=model)]
            want_back = model.Brief(world, day, cutoff).power()["buildings_restored"]
            if want_back != mark(brief["content"]["power"]["buildings_restored"]):
                found.append(f"{code} {day} r{revision} power.buildings_restored: expected {want_back}, brief says "
                             f"{mark(brief['content']['power']['buildings_restored'])}")
            for fmt in ("txt", "md"):
                found += power_words(brief, brief[f"_{fmt}"], f"{code} {day} r{revision} {fmt}")
            if revision > 1:
                before, first = made[(code, day, revision - 1)]
                quality = brief["content"]["quality"]
                changed = {name: quality[f"{name}_since_previous_revision"]
                           for name in ("added", "corrected", "retracted", "returned", "restored")}
                expected = model.revision_changes(before, world, day, first)
                if expected != changed:
                    found.append(f"{code} {day} r{revision} changes: expected {expected}, brief says {changed}")
    published = {(c, d) for c, d in (("R", "2026-08-04"), ("T", "2026-08-05"))}
    for code in sc.EVENTS:
        for (day, revision), brief in got[code].items():
            last = revision == max(r for d, r in got[code] if d == day)
            if (brief["status"] == "published") != ((code, day) in published and last):
                found.append(f"{code} {day} r{revision}: status {brief['status']}")
    return found + timeline_differences(api, ids, made) + export_differences(api, ids, made)


def timeline_differences(api: Api, ids: dict[str, Any], made: dict[tuple[str, str, int], Any]) -> list[str]:
    """Each event's outages and curve "as of" a moment "as known at" another, over the log at the end."""
    keys = {v: k for k, v in ids["reports"].items()}
    found = []
    for code, as_of, known_at in MOMENTS:
        world = made[max(k for k in made if k[0] == code)][0]
        where = f"{code} {as_of} known {known_at}"
        more, brief, curve = moment_differences(api, ids["events"][code], keys, world, as_of, known_at, where, model)
        found += more
        if curve is None:
            continue
        want_peak = peak(brief, model.t(as_of))
        if want_peak != curve_mark(curve, "peak"):
            found.append(f"{where}: households peak {want_peak} != {curve_mark(curve, 'peak')}")
    return found


def peak(brief: model.Brief, until: Any) -> model.Q | None:
    """The most households out at any instant up to `until`, marked as it was wherever it was reached: "more
    than" if it was so at any of them, "at most" only if at every one, about where the two meet (briefs.md)."""
    outages = [o for o in brief.outages() if o.at("started_at") <= until]
    moments = sorted({o.at("started_at") for o in outages}
                     | {brief.moment(u) for o in outages for u in brief.updates(o, until)})
    sums = [model.total([s["households"] for s in (brief.state(o, when) for o in outages)
                         if s["out"] and s["households"]]) for when in moments]
    known = [q for q in sums if q is not None]
    if not known:
        return None
    top = max(q.v for q in known)
    marks = {q.mark for q in known if q.v == top}
    if "lb" in marks:
        mark = "approx" if marks & {"ub", "approx"} else "lb"
    else:
        mark = "exact" if "exact" in marks else "ub" if marks == {"ub"} else "approx"
    return model.Q(top, mark)


def export_differences(api: Api, ids: dict[str, Any], made: dict[tuple[str, str, int], Any]) -> list[str]:
    """The report list's JSON and CSV downloads and the briefs' list agree with the log: each event's
    reports by status, its briefs."""
    found = []
    for code, event in ids["events"].items():
        world = made[max(k for k in made if k[0] == code)][0]
        for status in ("counted", "all"):
            want = sum(1 for r in world.reports.values()
                       if status == "all" or r.status in ("submitted", "verified"))
            _, table = api("GET", f"/events/{event}/reports/export.json?status={status}")
            if not isinstance(table, dict) or table.get("count") != want:
                found.append(f"{code} reports export.json status={status}: {want} expected, "
                             f"got {table.get('count') if isinstance(table, dict) else table!r:.200}")
            _, csv = api("GET", f"/events/{event}/reports/export.csv?status={status}")
            lines = [line for line in str(csv).splitlines() if line.strip()]
            if len(lines) - 1 != want:
                found.append(f"{code} reports export.csv status={status}: {len(lines) - 1} rows, {want} expected")
        last = model.Brief(world, sc.DAYS[code][-1], model.FAR)
        _, table = api("GET", f"/events/{event}/reports/export.json?status=counted")
        # The download gives debris in tonnes (清运量（吨）, as the pages); the hand computation counts kilograms.
        for name, scale, want_total in (("volume_m3", 1, last.pumping()["to_date"]),
                                        ("mass_t", 1000, last.debris()["mass_t"][1])):
            rows = [r for r in table["rows"] if r.get(name) is not None]
            got_total = model.total([model.Q(round(r[name] * scale), "lb" if r.get(f"{name}_lb") else "exact")
                                     for r in rows])
            if got_total != want_total:
                found.append(f"{code} reports export.json: {name} adds up to {got_total}, to date {want_total}")
        _, timeline = api("GET", f"/events/{event}/timeline.json")
        out = model.total([model.Q(o["households_out"], "lb" if o["households_out_lb"] else "ub" if
                                   o["households_out_ub"] else "approx" if o["households_out_approx"] else "exact")
                           for o in timeline["outages"] if o["open"] and o["households_out"] is not None])
        if (out or model.Q(0)) != (last.power()["households_out"] or model.Q(0)):
            found.append(f"{code} timeline.json at the end: {out} households out, {last.power()['households_out']}"
                         " in the hand computation")
        _, table = api("GET", f"/events/{event}/briefs/export.json")
        want_briefs = sum(1 for k in made if k[0] == code)
        if not isinstance(table, dict) or table.get("count") != want_briefs:
            found.append(f"{code} briefs export.json: {want_briefs} expected, got {str(table)[:200]}")
    return found


def test_two_storms_at_once_match_the_hand_computation(token_client, runner):
    coordinator = token_client("twin-coordinator", "coordinator")
    reporters: dict[str, Any] = {}

    def client(who: Any) -> Api:
        def api(method: str, url: str, body: Any = None, headers: dict[str, str] | None = None) -> tuple[int, Any]:
            answer = who.open(url, method, headers=headers, json=body)
            data = answer.get_json(silent=True)
            return answer.status_code, data if data is not None else answer.get_data(as_text=True)

        return api

    def reporter(name: str) -> Api:
        if name not in reporters:
            reporters[name] = token_client(f"twin-{name}", "reporter", scope=f"{sc.DISTRICT}/{name}")
        return client(reporters[name])

    def catch_up(as_of: str) -> None:
        result = runner.invoke(args=["incidents", "scheduler", "--once", "--as-of", as_of, "--catchup-days", "400"])
        assert result.exit_code == 0, result.output

    api = client(coordinator)
    ids = sc.load(api, reporter, catch_up)
    got = {code: sc.briefs(api, event, ("txt", "md")) for code, event in ids["events"].items()}
    found = differences(api, ids, got)
    assert not found, "\n".join(found)
