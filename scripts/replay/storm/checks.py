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
    ch.power_units(m)
    ch.power_counts(m.power(), keys)
    rows = {r["name"] for r in c["subdistricts"]}
    check("subdistricts", sorted(m.subs), sorted(n for n in rows if n in {s[0] for s in SUBS}))
    ch.subdistricts(m, enumerate(SUBS[j][0] for j in m.s.subs))
    ch.works(m, keys)
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
