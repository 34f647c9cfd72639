"""The two storms' briefs computed by hand, from the scenario and docs/domain.md alone.

The clerk's arithmetic of `rainstorm_model.py` (quantities with their marks, the state of an outage,
falls, peaks, shares by overlap), read per event: each event's reports, its own days and cut-offs, the
subdistricts the tree had when each brief was compiled. Nothing here imports the product.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from tests.api import rainstorm_model as base
from tests.api import twin_storms as sc
from tests.api.rainstorm_model import Q, Report, qty, t, total

__all__ = ["Q", "Brief", "World", "briefs_by_revision", "late", "of_subdistrict", "t", "total"]


@dataclass
class World(base.World):
    """One event's reports as they stand at one moment, and the subdistricts then in the tree."""

    event: str = "R"
    subdistricts: tuple[str, ...] = field(default_factory=tuple)


def _copy(world: World) -> World:
    """A deep enough copy."""
    return World({k: Report(r.key, r.kind, dict(r.fields), r.reported, r.status, r.area, r.parent)
                  for k, r in world.reports.items()}, world.ended, world.event, world.subdistricts)


FAR = datetime(2100, 1, 1, tzinfo=base.ZONE)  # a revision asked for after the replay knows everything


def briefs_by_revision(stamped: dict[str, str]) -> dict[tuple[str, str, int], tuple[World, datetime]]:
    """Every brief the replay makes, (event, day, revision) -> (the event's log when it was compiled, its
    cut-off): a catch-up compiles each due day without a brief (cut off at its due time), a recompile
    the next revision (cut off when asked: after everything). `stamped`: the server's reported_at of the
    reporters' reports (UTC ISO)."""
    worlds = {code: World(event=code) for code in sc.EVENTS}
    tree = [name for name in sc.AREAS if name not in sc.LATER]
    out: dict[tuple[str, str, int], tuple[World, datetime]] = {}
    for row in sc.reports():
        action = row.get("action")
        if action is None:
            world = worlds[sc.event_of(row["key"])]
            fields = {k: v for k, v in row.items()
                      if k not in ("key", "kind", "rep", "area", "outage", "operation", "by")}
            parent = row.get("outage") or row.get("operation")
            area = row.get("area") or (world.reports[parent].area if parent else row["by"])
            reported = (datetime.fromisoformat(stamped[row["key"]].replace("Z", "+00:00")) if "by" in row
                        else t(row["rep"]))
            world.reports[row["key"]] = Report(row["key"], row["kind"], fields, reported, area=area, parent=parent)
        elif action == "area":
            tree.append(row["name"])
        elif action in ("retract", "verify", "restore", "return", "patch"):
            report = worlds[sc.event_of(row["key"])].reports[row["key"]]
            if action == "patch":
                report.fields.update(row["fields"])
            if action in ("retract", "verify", "return"):
                report.status = {"retract": "retracted", "verify": "verified", "return": "returned"}[action]
            elif report.status in ("retracted", "returned"):  # restored, or corrected after a send-back
                report.status = "submitted"
        elif action == "close":
            worlds[row["event"]].ended = t(row["ends_at"])
        elif action == "compile":
            for code, world in worlds.items():
                world.subdistricts = tuple(n for n in tree if sc.AREAS[n][0] == "subdistrict")
                for day in sc.DAYS[code]:
                    due = t(sc.CUTOFFS[code][day])
                    if due <= t(row["as_of"]) and (code, day, 1) not in out:
                        out[(code, day, 1)] = (_copy(world), due)
        elif action == "recompile":  # asked for after every report of the replay: all of them known
            world = worlds[row["event"]]
            world.subdistricts = tuple(n for n in tree if sc.AREAS[n][0] == "subdistrict")
            revision = max(r for (c, d, r) in out if (c, d) == (row["event"], row["day"])) + 1
            out[(row["event"], row["day"], revision)] = (_copy(world), FAR)
    return out


class Brief(base.Brief):
    """One brief's figures for one event's day, as known at its cut-off."""

    def __init__(self, world: World, day: str, cutoff: datetime) -> None:
        super().__init__(world, day, cutoff)
        self.world = world

    def interval_sum(self, kind: str, name: str, until_end: bool) -> tuple[Q | None, bool]:
        """The apportioned sum of a field (tonnes in kg, a "more than" kept) over the day or to date."""
        parts, apportioned = [], False
        for r in self.live.values():
            if r.kind != kind or r.fields.get(name) is None:
                continue
            if r.parent and self.all[r.parent].status not in ("submitted", "verified"):
                continue
            value = qty(r.fields[name])
            if name == "mass_t":
                text = str(r.fields[name])
                value = Q(round(float(text.rstrip("余+")) * 1000), "lb" if text.endswith(("余", "+")) else "exact")
            s, e = r.at("period_start"), r.at("period_end")
            part = base.share(value, s, e, s if until_end else self.start, self.end)
            if part or (s < self.end and e > (s if until_end else self.start)):
                parts.append(Q(part, value.mark))
                apportioned |= part != value.v
        return total(parts), apportioned

    def power(self) -> dict[str, Any]:
        """The power section; outages restored in the day are those back at its end whose restoration came in
        it (one restored and out again the same day is open, not restored)."""
        fig = super().power()
        restored = 0
        last = self.end - timedelta(microseconds=1)  # the day's last instant: [start, end)
        for outage in self.outages():
            if self.state(outage, last)["out"]:
                continue
            fulls = [self.moment(u) for u in self.updates(outage, last) if u.fields.get("fully_restored")]
            restored += bool(fulls) and self.start <= max(fulls) < self.end
        fig["restored_in_period"] = restored
        falls = [self.falls(o, "buildings") for o in self.outages()]
        fig["buildings_restored"] = total([f for f in falls if f is not None])
        return fig

    def disinfection(self) -> dict[str, Any]:
        """Person-times and counts per category over the day and to date: each round adds; a report of totals
        to date replaces its place's count (domain.md, Sums). The day's part of a place's count is the day's
        rounds, or, where a report of totals came in the day, what the count grew by."""
        jobs = sorted((r for r in self.live.values() if r.kind == "disinfection"), key=lambda r: r.at("observed_at"))

        def to_date(before: datetime) -> dict[tuple[str, str], Q]:
            places: dict[tuple[str, str], Q] = {}
            for r in jobs:
                if r.at("observed_at") >= before:
                    break
                for code in (*r.fields.get("counts", {}), "person_times"):
                    q = self._given(r, code)
                    if q is not None:
                        key = (r.area, code)
                        places[key] = q if r.fields.get("cumulative") or key not in places else places[key] + q
            return places

        end, start = to_date(self.end), to_date(self.start)
        out: dict[Any, Any] = {}
        for (place, code), q in end.items():
            today = [r for r in jobs if r.area == place and self.start <= r.at("observed_at") < self.end
                     and self._given(r, code) is not None]
            if any(r.fields.get("cumulative") for r in today):
                was = start.get((place, code))
                period = q if was is None else None if q == was else q - was
            else:
                period = total([self._given(r, code) for r in today])  # type: ignore[misc]
            for label, part in (("to_date", q), ("period", period)):
                if part is not None:
                    out[(code, label)] = out[(code, label)] + part if (code, label) in out else part
        return out

    @staticmethod
    def _given(r: Report, code: str) -> Q | None:
        """A disinfection report's count of one category (or person-times)."""
        return qty(r.fields.get("person_times") if code == "person_times" else r.fields.get("counts", {}).get(code))

    def by_subdistrict(self) -> dict[str, int]:
        """Reports counted per subdistrict (every subdistrict of the tree when compiled; None: 区级)."""
        out: dict[str | None, int] = dict.fromkeys(self.world.subdistricts, 0)
        for r in self.live.values():
            if self.counted(r):
                sub = sc.SUBDISTRICT[r.area]
                out[sub] = out.get(sub, 0) + 1
        return out  # type: ignore[return-value]


def of_subdistrict(world: World, name: str) -> World:
    """The log narrowed to one subdistrict's reports (an update or volume is where its parent is)."""
    return World({k: r for k, r in world.reports.items() if sc.SUBDISTRICT[r.area] == name}, world.ended,
                 world.event, world.subdistricts)


def late(day: str, revision_cutoff: datetime, world: World) -> list[tuple[str, str]]:
    """Late reports a day's brief lists: received after the previous day's first cut-off, bearing on an
    earlier day's brief they missed, with that day."""
    cutoffs = {d: t(c) for d, c in sc.CUTOFFS[world.event].items()}
    previous = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
    since = cutoffs.get(previous)
    out = []
    for r in world.reports.values():
        if r.status not in ("submitted", "verified") or r.reported > revision_cutoff:
            continue
        if since is not None and r.reported <= since:
            continue
        for missed in sc.DAYS[world.event]:
            if missed >= day or r.reported <= cutoffs[missed]:
                continue
            bears = r.fields.get("period_day") == missed if r.kind == "zero_report" else Brief(
                world, missed, r.reported).counted(r)  # a zero report known late is late for its day (briefs.md)
            if bears and not (
                    t(missed) <= r.reported < t(missed) + timedelta(days=1)):
                out.append((r.key, missed))
                break
    return sorted(out)


def revision_changes(before: World, now: World, day: str, cutoff: datetime) -> dict[str, int]:
    """What a revision took in since the one it replaces (see rainstorm_model.revision_changes); a report
    filed after that one was compiled with an earlier `reported_at` (a paper log entered afterwards) is new
    to this revision too, as one received after its cut-off is."""
    filed_since = {k: r for k, r in now.reports.items() if k not in before.reports and r.reported <= cutoff}
    out = base.revision_changes(before, World({k: r for k, r in now.reports.items() if k not in filed_since},
                                              now.ended, now.event, now.subdistricts), day, cutoff)
    end = t(day) + timedelta(days=1)
    for r in filed_since.values():
        when = r.at("started_at") or r.at("observed_at") or r.at("period_start")
        bears = r.fields.get("period_day") == day if r.kind == "zero_report" else when is not None and when < end
        out["added"] += r.status in ("submitted", "verified") and bears
    return out


def describe(q: Q | None, unit: str) -> str:
    """A quantity as a Chinese brief writes it: 30余户, 不超过20户, 约20户, 1,200户."""
    if q is None:
        return "未报"
    number = f"{q.v:,}"
    return {"lb": f"{number}余{unit}", "ub": f"不超过{number}{unit}", "approx": f"约{number}{unit}"}.get(
        q.mark, f"{number}{unit}")

