"""The rainstorm's briefs held against the model: the JSON figure by figure, the outages list, the Markdown and DOCX."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from replay.client import Api
from replay.compare import Checks, apportioned, marked, outages_as_of, qty
from replay.figures import qtext
from replay.henan.calendar import SUBS
from replay.henan.model import Brief
from replay.records import World


def compare(c: dict[str, Any], m: Brief, world: World, d: date, late: bool = True) -> list[str]:
    """Every figure where the brief and the model differ."""
    ch = Checks(c, d)
    check = ch.check
    ids = {r.id: r.key for r in world.recs.values()}
    p, f = c["power"], m.power()
    ch.power_counts(f, ids)
    check("power.households_unknown", f["unknown"], p.get("households_unknown", 0))
    check("power.households_back_unknown", f["back_unknown"], p.get("households_back_unknown", 0))
    for k in ("out", "restored"):
        check(f"power.households_{k}", f[k], marked(p[f"households_{k}"]))
    check("power.peak_households", f["peak"], marked(p["peak_households"]))
    fb = m.power(unit="buildings")
    check("power.buildings_unknown", fb["unknown"], p["buildings_unknown"])
    check("power.buildings_back_unknown", fb["back_unknown"], p.get("buildings_back_unknown", 0))
    for k in ("out", "restored"):
        check(f"power.buildings_{k}", fb[k], marked(p[f"buildings_{k}"]))
    check("power.peak_buildings", fb["peak"], marked(p["peak_buildings"]))
    ch.subdistricts(m, enumerate(name for name, _, _ in SUBS), restored=False)
    ch.works(m, ids, late=late)
    return ch.found


def outages_api(api: Api, event: int, m: Brief, world: World) -> list[str]:
    """The outages "as of" the day's start and end "as known at" the brief's cut-off, outage by outage."""
    return outages_as_of(api, event, world, m.cutoff, [(t, t.isoformat()) for t in (m.a, m.b)],
                         lambda o, t: m.out(o, t, "households"))


def formats(api: Api, b: dict[str, Any], c: dict[str, Any], m: Brief) -> list[str]:
    """The Markdown and DOCX say the JSON's headline figures."""
    found = []
    md = api.call("GET", b["formats"]["md"]).content.decode()
    import docx  # python-docx, read back only

    doc = docx.Document(io.BytesIO(api.call("GET", b["formats"]["docx"]).content))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        cell.text for t in doc.tables for row in t.rows for cell in row.cells)
    want = [f"第{c['header']['number']}期"]
    out = qty(c["power"]["households_out"])
    if out and out[0]:
        want.append(qtext(out))
    want += [apportioned(fig) for fig in (c["pumping"]["volume_m3"]["period"], c["debris"]["truckloads"]["period"])
             if fig.get("value")]
    for w in want:
        if w not in md:
            found.append(f"{m.d} markdown lacks {w!r}")
        if w not in text:
            found.append(f"{m.d} docx lacks {w!r}")
    return found
