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
    for k in ("open_outages", "new_in_period", "restored_in_period", "outages_to_date"):
        check(f"power.{k}", f[k], p.get(k, 0))
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
    check("power.open", f["open"], sorted(ids[o["outage_id"]] for o in p["open"]))
    rows = {r["name"]: r for r in c["subdistricts"]}
    for i, (name, _, _) in enumerate(SUBS):
        row, fs = rows.get(name), m.power(sub=i)
        if row is None:
            ch.found.append(f"{d} 二、分街道 has no row for {name}")
            continue
        check(f"{name}.open_outages", fs["open_outages"], row["open_outages"])
        check(f"{name}.restored_in_period", fs["restored_in_period"], row["restored_in_period"])
        check(f"{name}.households_out", fs["out"], marked(row["households_out"]))
        ch.period_to_date(f"{name}.volume", m.volumes(i), row["volume_m3"])
        check(f"{name}.reports", len(m.with_data(i)), row["reports"])
    ch.period_to_date("pumping", m.volumes(), c["pumping"]["volume_m3"])
    ch.period_to_date("debris.kg", m.debris("kg"), c["debris"]["mass_kg"])
    ch.period_to_date("debris.loads", m.debris("loads"), c["debris"]["truckloads"])
    ch.disinfection(m.disinfection())
    ch.board(*m.board())
    if late:
        check("quality.late", m.late(), sorted(ids.get(x["report_id"], "?") for x in c["quality"]["late"]))
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
