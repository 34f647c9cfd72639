"""Holding a compiled brief's JSON (and the outages "as of" list) against the figures worked out here."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from replay.client import Api
from replay.figures import M, Out, Q
from replay.records import Rec, World


def qty(j: dict[str, Any] | None) -> Q | None:
    """A brief's Qty as (value, more-than); None for 未报."""
    if j is None or j.get("value") is None:
        return None
    return j["value"], bool(j.get("lb"))


def marked(j: dict[str, Any] | None) -> M | None:
    """A brief's Qty as (value, mark); None for 未报."""
    if j is None or j.get("value") is None:
        return None
    mark = ("approx" if j.get("approx") and not j.get("lb") and not j.get("ub") else "lb" if j.get("lb")
            else "ub" if j.get("ub") else "exact")
    return j["value"], mark


def apportioned(fig: dict[str, Any]) -> str:
    """An apportioned day's figure as docs/briefs.md writes it: 约8,333 where the total was exact, 750余（估）."""
    v = f"{fig['value']:,}"
    return (f"{v}余（估）" if fig["lb"] and fig["approx"] else f"约{v}" if fig["approx"]
            else f"{v}余" if fig["lb"] else v)


def names(xs: list[Any]) -> list[str]:
    """The board's subdistricts, named."""
    return [x if isinstance(x, str) else x.get("name") for x in xs]


class Checks:
    """The mismatches found in one brief."""

    def __init__(self, c: dict[str, Any], d: Any):
        self.c, self.d = c, d
        self.found: list[str] = []

    def check(self, what: str, want: Any, got: Any) -> None:
        """Note what differs."""
        if want != got:
            self.found.append(f"{self.d} rev{self.c['header']['revision']} {what}: model {want!r}, brief {got!r}")

    def period_to_date(self, what: str, want: tuple[Q | None, Q | None], j: dict[str, Any]) -> None:
        """A figure of the day and to date."""
        self.check(f"{what}.period", want[0], qty(j["period"]))
        self.check(f"{what}.to_date", want[1], qty(j["to_date"]))

    def disinfection(self, di: dict[tuple[str, str], Q | None]) -> None:
        """四、消杀: person-times and each category, the day's and to date."""
        dj = self.c["disinfection"]
        for label in ("period", "to_date"):
            self.check(f"disinfection.person_times.{label}", di.get(("person_times", label)),
                       qty(dj["person_times"][label]))
            got = {x["code"]: qty(x["figure"][label]) for x in dj["categories"] if qty(x["figure"][label])}
            want = {cat: q for (cat, lab), q in di.items() if lab == label and cat != "person_times" and q}
            self.check(f"disinfection.{label}", want, got)

    def board(self, zero: list[str], silent: list[str]) -> None:
        """五、数据质量's 零报告 and 未报送 subdistricts."""
        self.check("quality.zero_reported", zero, names(self.c["quality"]["zero_reported"]))
        self.check("quality.silent", silent, names(self.c["quality"]["silent"]))


def outages_as_of(api: Api, event: int, w: World, cutoff: datetime, moments: Iterable[tuple[datetime, str]],
                  out: Callable[[Rec, datetime], Out | None | str]) -> list[str]:
    """Each outage "as of" each (moment, as sent) "as known at" cutoff, against out(outage, moment)."""
    found = []
    keys = {r.id: r.key for r in w.recs.values()}
    for as_of, said in moments:
        got = api.call("GET", f"/events/{event}/outages", params={
            "as_of": said, "known_at": cutoff.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}).json()
        listed = {keys.get(o["outage_id"], "?"): o for o in got["outages"]}
        for o in w.known(cutoff, "outage"):
            want = out(o, as_of)
            j = listed.get(o.key)
            if want == "no":
                if j is not None:
                    found.append(f"outages as of {as_of}: {o.key} listed before it began")
                continue
            if j is None:
                found.append(f"outages as of {as_of} known at {cutoff}: {o.key} (#{o.id}) missing")
                continue
            mark = ("approx" if j["households_out_approx"] else "lb" if j["households_out_lb"]
                    else "ub" if j["households_out_ub"] else "exact")
            have = None if j["households_out"] is None else (j["households_out"], mark)
            if (want[:2] if isinstance(want, tuple) else None) != have:
                found.append(f"outages as of {as_of} known at {cutoff}: {o.key} (#{o.id}) model {want}, api {have}")
    return found
