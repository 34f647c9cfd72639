"""The rainstorm's briefs held against the model: the JSON figure by figure, the outages list, the Markdown and DOCX."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from replay.client import Api
from replay.compare import Checks, apportioned, outages_as_of, qty
from replay.figures import qtext
from replay.henan.calendar import SUBS
from replay.henan.model import Brief
from replay.records import World


def compare(c: dict[str, Any], m: Brief, world: World, d: date, late: bool = True) -> list[str]:
    """Every figure where the brief and the model differ."""
    ch = Checks(c, d)
    ids = {r.id: r.key for r in world.recs.values()}
    ch.power_units(m)
    ch.power_counts(m.power(), ids)
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
