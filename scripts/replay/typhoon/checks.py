"""The typhoon's briefs held against the model: the JSON figure by figure, the outages list, the Markdown."""

from __future__ import annotations

from typing import Any

from replay.client import Api
from replay.compare import Checks, apportioned, marked, outages_as_of
from replay.records import World
from replay.typhoon.calendar import DAYS, SUBS, at, spell
from replay.typhoon.model import Brief


def compare(c: dict[str, Any], m: Brief, w: World) -> list[str]:
    """Every figure where the brief and the model differ."""
    ch = Checks(c, m.d)
    check = ch.check
    keys = {r.id: r.key for r in w.recs.values()}
    hours = int((m.b - m.a).total_seconds() // 3600)
    check("header.period_hours", hours, c["header"]["period_hours"])
    ch.power_units(m)
    ch.power_counts(m.power(), keys)
    ch.subdistricts(m, enumerate(name for name, _, _ in SUBS))
    ch.works(m, keys)
    return ch.found


def outages_api(api: Api, event: int, m: Brief, w: World) -> list[str]:
    """Each outage "as of" the day's start, its end (and on the 15th, 01:30 twice) "as known at" the cut-off."""
    moments = [m.a, m.b] + ([at("09-15 01:30"), at("09-15 01:30", fold=1)] if m.d == DAYS[2] else [])
    found = outages_as_of(api, event, w, m.cutoff, [(t, spell(t, 0)) for t in moments],
                          lambda o, t: m.out(o, t, "households"))
    if m.d == DAYS[2]:  # 01:30 local that night, without an offset: refused naming as_of, both readings offered
        r = api.call("GET", f"/events/{event}/outages", params={"as_of": "1991-09-15 01:30"}, want=(400,))
        if "as_of" not in r.json().get("errors", {}):
            found.append(f"an ambiguous as_of: {r.json()}")
    return found


def summary(c: dict[str, Any]) -> str:
    """One line of a brief's headline figures."""
    p, h = c["power"], c["header"]

    def q(j: dict[str, Any]) -> str:
        m = marked(j)
        return "未报" if m is None else f"{m[0]}{'' if m[1] == 'exact' else m[1]}"

    return (f"{h['day']} 第{h['number']}期 rev{h['revision']} {h['period_hours']}h: out {q(p['households_out'])}户 "
            f"{q(p['buildings_out'])}栋, back {q(p['households_restored'])}, peak {q(p['peak_households'])}, "
            f"open {p['open_outages']}, m³ {q(c['pumping']['volume_m3']['period'])}/"
            f"{q(c['pumping']['volume_m3']['to_date'])}, t {q(c['debris']['mass_kg']['period'])}kg, "
            f"late {len(c['quality']['late'])}, 零报告 {[x['name'] for x in c['quality']['zero_reported']]}, "
            f"未报送 {[x['name'] for x in c['quality']['silent']]}")


def markdown(api: Api, b: dict[str, Any], c: dict[str, Any]) -> list[str]:
    """The Markdown says the number, the households still out and the day's m³ as the JSON has them."""
    md = api.call("GET", b["formats"]["md"]).content.decode()
    want = [f"第{c['header']['number']}期"]
    out = marked(c["power"]["households_out"])
    if out and out[0]:
        want.append({"lb": f"{out[0]:,}余户", "ub": f"不超过{out[0]:,}户", "approx": f"约{out[0]:,}户"}.get(
            out[1], f"{out[0]:,}户"))
    vol = c["pumping"]["volume_m3"]["period"]
    if vol.get("value"):
        want.append(apportioned(vol))
    return [f"{c['header']['day']} markdown lacks {x!r}" for x in want if x not in md]
