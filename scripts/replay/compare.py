"""Holding a compiled brief's JSON (and the outages "as of" list) against the figures worked out here."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from replay.client import Api
from replay.figures import M, Out, Q
from replay.model import CHANGES
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


def revised(c: dict[str, Any]) -> tuple[int, ...]:
    """What a revision says changed since the previous one, in CHANGES' order (a field missing reads None)."""
    return tuple(c["quality"].get(f"{e}_since_previous_revision") for e in CHANGES)


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
            want = {cat: q for (cat, lab), q in di.items()
                    if lab == label and cat not in ("person_times", "staff") and q}
            self.check(f"disinfection.{label}", want, got)
            if ("staff", label) in di:  # a replay that sends staff on duty
                self.check(f"disinfection.staff.{label}", di[("staff", label)], qty(dj["staff"][label]))

    def power_units(self, m: Any) -> None:
        """一、停电 in households and in buildings (`m.power(unit)`): out, back, the peak, outages without a count."""
        p = self.c["power"]
        for unit in ("households", "buildings"):
            f = m.power(unit)
            self.check(f"power.{unit}_out", f["out"], marked(p[f"{unit}_out"]))
            self.check(f"power.{unit}_restored", f["restored"], marked(p[f"{unit}_restored"]))
            self.check(f"power.peak_{unit}", f["peak"], marked(p[f"peak_{unit}"]))
            # docs/api.md: a member the schema does not require may be absent (read as 0): *_back_unknown is one,
            # *_unknown is not (absent, it reads None and differs)
            self.check(f"power.{unit}_unknown", f["unknown"], p.get(f"{unit}_unknown"))
            self.check(f"power.{unit}_back_unknown", f["back_unknown"], p.get(f"{unit}_back_unknown", 0))

    def power_counts(self, f: dict[str, Any], keys: dict[int, str]) -> None:
        """一、停电's counts and the outages still open at the cut-off."""
        p = self.c["power"]
        for k in ("open_outages", "new_in_period", "restored_in_period", "outages_to_date"):
            self.check(f"power.{k}", f[k], p.get(k, 0))
        self.check("power.open", f["open"], sorted(keys.get(o["outage_id"], "?") for o in p["open"]))

    def subdistricts(self, m: Any, subs: Iterable[tuple[int, str]], restored: bool = True) -> None:
        """二、分街道: each subdistrict's row against the model's figures for it (`m.power(sub=i)`, `m.volumes(i)`)."""
        rows = {r["name"]: r for r in self.c["subdistricts"]}
        for i, name in subs:
            row = rows.get(name)
            if row is None:
                self.found.append(f"{self.d} 二、分街道 has no row for {name}")
                continue
            fs = m.power(sub=i)
            self.check(f"{name}.open_outages", fs["open_outages"], row["open_outages"])
            self.check(f"{name}.restored_in_period", fs["restored_in_period"], row["restored_in_period"])
            self.check(f"{name}.households_out", fs["out"], marked(row["households_out"]))
            if restored:
                self.check(f"{name}.households_restored", fs["restored"], marked(row["households_restored"]))
            self.period_to_date(f"{name}.volume", m.volumes(i), row["volume_m3"])
            self.check(f"{name}.reports", len(m.with_data(i)), row["reports"])

    def works(self, m: Any, keys: dict[int, str], late: bool = True) -> None:
        """三、排涝 to 五、数据质量: pumping, debris, disinfection, the zero-report board and the late reports."""
        self.period_to_date("pumping", m.volumes(), self.c["pumping"]["volume_m3"])
        for fld, j in (("kg", "mass_kg"), ("loads", "truckloads")):
            self.period_to_date(f"debris.{j}", m.debris(fld), self.c["debris"][j])
        self.disinfection(m.disinfection())
        self.board(*m.board())
        if late:
            self.check("quality.late", m.late(), sorted(keys.get(x["report_id"], "?")
                                                        for x in self.c["quality"]["late"]))

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
