"""Each storm's briefs held against the model: the JSON figure by figure, the outages list, the Markdown and text."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from replay.client import Api
from replay.compare import Checks, apportioned, marked, outages_as_of
from replay.figures import LAST, M
from replay.records import World
from replay.storm.calendar import SUBS
from replay.storm.model import Brief


def compare(c: dict[str, Any], m: Brief, w: World) -> list[str]:
    """Every figure where the brief and the model differ."""
    ch = Checks(c, f"{m.s.key} {m.d}")
    check = ch.check
    keys = {r.id: r.key for r in w.recs.values()}
    p = c["power"]
    for unit in ("households", "buildings"):
        f = m.power(unit)
        check(f"power.{unit}_out", f["out"], marked(p[f"{unit}_out"]))
        check(f"power.{unit}_restored", f["restored"], marked(p[f"{unit}_restored"]))
        check(f"power.peak_{unit}", f["peak"], marked(p[f"peak_{unit}"]))
        check(f"power.{unit}_unknown", f["unknown"], p.get(f"{unit}_unknown", 0))
        check(f"power.{unit}_back_unknown", f["back_unknown"], p.get(f"{unit}_back_unknown", 0))
    f = m.power()
    for k in ("open_outages", "new_in_period", "restored_in_period", "outages_to_date"):
        check(f"power.{k}", f[k], p.get(k, 0))
    check("power.open", f["open"], sorted(keys.get(o["outage_id"], "?") for o in p["open"]))
    rows = {r["name"]: r for r in c["subdistricts"]}
    check("subdistricts", sorted(m.subs), sorted(n for n in rows if n in {s[0] for s in SUBS}))
    for i, name in enumerate(SUBS[j][0] for j in m.s.subs):
        row = rows.get(name)
        if row is None:
            ch.found.append(f"{m.s.key} {m.d} 二、分街道 has no row for {name}")
            continue
        fs = m.power(sub=i)
        check(f"{name}.open_outages", fs["open_outages"], row["open_outages"])
        check(f"{name}.restored_in_period", fs["restored_in_period"], row["restored_in_period"])
        check(f"{name}.households_out", fs["out"], marked(row["households_out"]))
        check(f"{name}.households_restored", fs["restored"], marked(row["households_restored"]))
        ch.period_to_date(f"{name}.volume", m.volumes(i), row["volume_m3"])
        check(f"{name}.reports", len(m.with_data(i)), row["reports"])
    ch.period_to_date("pumping", m.volumes(), c["pumping"]["volume_m3"])
    for fld, j in (("kg", "mass_kg"), ("loads", "truckloads")):
        ch.period_to_date(f"debris.{j}", m.debris(fld), c["debris"][j])
    ch.disinfection(m.disinfection())
    ch.board(*m.board())
    check("quality.late", m.late(), sorted(keys.get(x["report_id"], "?") for x in c["quality"]["late"]))
    check("quality.reports_used", len(m.with_data()), c["quality"]["reports_used"])
    return ch.found


def outages_api(api: Api, event: int, m: Brief, w: World) -> list[str]:
    """Each outage "as of" the day's 00:00 and its last instant, 23:59:59.999999, "as known at" the cut-off."""
    moments = [
        (m.a, m.a.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")),
        (m.b - LAST, (m.b - LAST).astimezone(m.zone).isoformat()),
    ]
    return outages_as_of(api, event, w, m.cutoff, moments, lambda o, t: m.out(o, t, "households"))


def said(q: M | None, unit: str) -> str | None:
    """A households figure as the text writes it: 1,200户, 300余户, 不超过20户, 约20户."""
    if q is None:
        return None
    v = f"{q[0]:,}"
    return {"lb": f"{v}余{unit}", "ub": f"不超过{v}{unit}", "approx": f"约{v}{unit}"}.get(q[1], f"{v}{unit}")


def texts(api: Api, b: dict[str, Any], c: dict[str, Any], m: Brief) -> list[str]:
    """The Markdown and the chat text say the model's households out, back and peak, and the day's m³."""
    found = []
    f = m.power()
    want = [f"第{c['header']['number']}期"]
    want += [x for x in (said(q, "户") for q in (f["out"], f["restored"], f["peak"]) if q and q[0]) if x]
    vol = c["pumping"]["volume_m3"]["period"]
    if vol.get("value") and m.volumes()[0] == (vol["value"], bool(vol.get("lb"))):
        want.append(apportioned(vol))
    for fmt in ("md", "txt"):
        body = api.call("GET", b["formats"][fmt]).content.decode().replace("\u00a0", "")
        found += [
            f"{m.s.key} {m.d} rev{c['header']['revision']} {fmt} lacks {x!r}" for x in want if x and x not in body
        ]
    return found


__all__ = ["compare", "outages_api", "texts", "marked"]
