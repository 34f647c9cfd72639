"""The rainstorm's briefs computed by hand, from the scenario and docs/domain.md alone.

Nothing here imports the product: this is the outside tester's arithmetic, the figures an office
clerk would work out from the reports on paper, to hold each brief's JSON against.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from tests.api import rainstorm as sc

ZONE = timezone(timedelta(hours=8))
UNIT = {"户": 1, "平方米": 1}


def t(local: str) -> datetime:
    """A scenario's local time as an aware instant."""
    return datetime.fromisoformat(local.lstrip("~")).replace(tzinfo=ZONE)


@dataclass(frozen=True)
class Q:
    """A quantity with its mark: exact, lb (余, more than), ub (不超过, at most) or approx (约)."""

    v: int
    mark: str = "exact"

    def __add__(self, other: Q) -> Q:
        marks = {self.mark, other.mark} - {"exact"}
        return Q(self.v + other.v, "exact" if not marks else marks.pop() if len(marks) == 1 else "approx")

    def __sub__(self, other: Q) -> Q:
        flip = {"lb": "ub", "ub": "lb", "exact": "exact", "approx": "approx"}
        return self + Q(-other.v, flip[other.mark])


def qty(value: Any) -> Q | None:
    """A scenario count (120, "50余户", "2400+", "1.5万平方米") as a Q."""
    if value is None:
        return None
    if isinstance(value, int | float):
        return Q(int(value))
    text = str(value)
    lb = "余" in text or "+" in text
    number = text.replace("余", "").replace("+", "").rstrip("户平方米")
    amount = float(number.replace("万", "")) * (10000 if "万" in number else 1)
    return Q(int(amount), "lb" if lb else "exact")


def total(parts: list[Q]) -> Q | None:
    """A sum of known parts (None when there are none)."""
    out: Q | None = None
    for part in parts:
        out = part if out is None else out + part
    return out


@dataclass
class Report:
    """One report as it stands at a compile: its fields, status and when the office learned it."""

    key: str
    kind: str
    fields: dict[str, Any]
    reported: datetime
    status: str = "submitted"
    area: str = ""
    parent: str | None = None

    def at(self, name: str) -> datetime | None:
        """A time field as an instant."""
        value = self.fields.get(name)
        return t(value) if value else None


@dataclass
class World:
    """The reports as they stand at one moment of the replay."""

    reports: dict[str, Report] = field(default_factory=dict)
    ended: datetime | None = None


def worlds() -> dict[str, World]:
    """The state of the log at each compile of the replay, by the compile's as_of."""
    world, out = World(), {}
    for row in sc.reports():
        action = row.get("action")
        if action is None:
            fields = {k: v for k, v in row.items() if k not in ("key", "kind", "rep", "area", "outage", "operation")}
            parent = row.get("outage") or row.get("operation")
            area = row.get("area") or world.reports[parent].area
            world.reports[row["key"]] = Report(row["key"], row["kind"], fields, t(row["rep"]), area=area, parent=parent)
        elif action == "retract":
            world.reports[row["key"]].status = "retracted"
        elif action == "verify":
            world.reports[row["key"]].status = "verified"
        elif action == "restore":
            world.reports[row["key"]].status = "submitted"
        elif action == "return":
            world.reports[row["key"]].status = "returned"
        elif action == "patch":
            report = world.reports[row["key"]]
            fields = dict(row["fields"])
            if "area" in fields:  # a report moved takes its updates and volumes with it (domain.md)
                report.area = fields.pop("area")
                for child in world.reports.values():
                    if child.parent == report.key:
                        child.area = report.area
            report.fields.update(fields)
            if report.status == "returned":
                report.status = "submitted"
        elif action == "close":
            world.ended = t(row["ends_at"])
        elif action in ("compile", "recompile"):
            out[(row.get("day"), row["as_of"])] = _copy(world)
    return out


def _copy(world: World) -> World:
    """A deep enough copy."""
    return World({k: Report(r.key, r.kind, dict(r.fields), r.reported, r.status, r.area, r.parent)
                  for k, r in world.reports.items()}, world.ended)


def share(volume: Q, start: datetime, end: datetime, a: datetime, b: datetime) -> int:
    """The part of `volume` over [start, end) that falls in [a, b): F(b) − F(a), F floored (domain.md)."""

    def cum(x: datetime) -> int:
        x = min(max(x, start), end)
        return volume.v * int((x - start).total_seconds()) // int((end - start).total_seconds())

    return cum(b) - cum(a)


class Brief:
    """One brief's figures: the day [start, end), as known at `cutoff`, over the world compiled from."""

    def __init__(self, world: World, day: str, cutoff: datetime) -> None:
        self.day = day
        self.start = datetime.fromisoformat(day).replace(tzinfo=ZONE)
        self.end = self.start + timedelta(days=1)
        self.cutoff = cutoff
        self.live = {k: r for k, r in world.reports.items()
                     if r.status in ("submitted", "verified") and r.reported <= cutoff}
        self.all = world.reports

    # ---- power ---------------------------------------------------------------------------
    def outages(self) -> list[Report]:
        """Live outages started by the day's end."""
        return [r for r in self.live.values() if r.kind == "outage" and r.at("started_at") < self.end]

    def moment(self, update: Report) -> datetime:
        """When an update counts: logged at the very instant its outage began, a second later (briefs.md)."""
        when, began = update.at("observed_at"), self.all[update.parent].at("started_at")
        return began + timedelta(seconds=1) if when == began else when

    def updates(self, outage: Report, until: datetime) -> list[Report]:
        """The outage's live updates observed by `until`, oldest first."""
        return sorted((r for r in self.live.values() if r.parent == outage.key and self.moment(r) <= until),
                      key=self.moment)

    def state(self, outage: Report, when: datetime) -> dict[str, Any]:
        """Households and buildings out (Q or None), and whether it is out, at `when`."""
        affected = {"households": qty(outage.fields.get("households_affected")),
                    "buildings": qty(outage.fields.get("buildings_affected"))}
        out = dict(affected)
        restored: dict[str, Q | None] = {"households": Q(0), "buildings": Q(0)}
        full = False
        for update in self.updates(outage, when):
            for unit in ("households", "buildings"):
                if update.fields.get(f"{unit}_affected") is not None:
                    affected[unit] = qty(update.fields[f"{unit}_affected"])
            if update.fields.get("fully_restored"):
                out, full = {"households": Q(0), "buildings": Q(0)}, True
                continue
            again = full
            for unit in ("households", "buildings"):
                said_out, said_back = update.fields.get(f"{unit}_out"), update.fields.get(f"{unit}_restored")
                if said_out is not None:
                    out[unit], restored[unit] = qty(said_out), None
                elif said_back is not None:
                    restored[unit] = qty(said_back)
                    out[unit] = affected[unit] - restored[unit] if affected[unit] else None
                elif again:  # out again: the unit it is silent on is not known (domain.md), nor after
                    out[unit], restored[unit] = None, None
                elif affected[unit] is not None and restored[unit] is not None:
                    out[unit] = affected[unit] - restored[unit]
            full = False
        return {"out": not full and outage.at("started_at") <= when, "households": out["households"],
                "buildings": out["buildings"], "restored": restored}

    def power(self) -> dict[str, Any]:
        """The power section's headline figures at the day's end."""
        # the day is [start, end): what is out at its end is what is out at its last instant (docs/briefs.md)
        open_ = [(o, self.state(o, self.end - timedelta(microseconds=1))) for o in self.outages()]
        open_ = [(o, s) for o, s in open_ if s["out"]]
        fig: dict[str, Any] = {"open_outages": len(open_), "open_ids": sorted(o.key for o, _ in open_)}
        for unit in ("households", "buildings"):
            known = [s[unit] for _, s in open_ if s[unit] is not None]
            fig[f"{unit}_unknown"] = len(open_) - len(known)
            fig[f"{unit}_out"] = total(known) if known else (Q(0) if not open_ else None)
        restored = {u.parent for u in self.live.values() if u.kind == "outage_update" and u.parent in self.live
                    and u.fields.get("fully_restored") and self.start <= self.moment(u) < self.end}
        fig["restored_in_period"] = len(restored)
        fig["new_in_period"] = sum(1 for o in self.outages() if o.at("started_at") >= self.start)
        fig["outages_to_date"] = len(self.outages())
        fig["peak_households"], fig["peak_buildings"] = self.peak("households"), self.peak("buildings")
        fig["households_restored"] = total(self.falls(o) for o in self.outages() if self.falls(o) is not None)
        return fig

    def falls(self, outage: Report, unit: str = "households") -> Q | None:
        """Every fall in households (or buildings) out over the day, summed (restored counts compared like for like)."""
        fell: list[Q] = []
        for update in self.updates(outage, self.end - timedelta(microseconds=1)):
            when = self.moment(update)
            if when < self.start:
                continue
            before = self.state(outage, max(when - timedelta(microseconds=1), outage.at("started_at")))
            now = self.state(outage, when)
            old_back, new_back = before["restored"][unit], now["restored"][unit]
            if (not update.fields.get("fully_restored") and old_back is not None and new_back is not None
                    and update.fields.get(f"{unit}_restored") is not None):
                fall = new_back - old_back
            elif before["out"] and before[unit] is not None and now[unit] is not None:
                fall = before[unit] - now[unit]
            else:
                fall = None
            if fall is not None and fall.v > 0:
                fell.append(fall)
        return total(fell)

    def peak(self, unit: str) -> Q | None:
        """The highest sum out at any instant to the day's end, with the mark it had when reached."""
        moments = sorted({o.at("started_at") for o in self.outages()}
                         | {self.moment(u) for o in self.outages()
                            for u in self.updates(o, self.end - timedelta(microseconds=1))})
        best: Q | None = None
        for when in moments:
            known = [s[unit] for s in (self.state(o, when) for o in self.outages()) if s["out"] and s[unit]]
            now = total(known)
            if now is not None and (best is None or now.v > best.v):
                best = now
        return best

    # ---- intervals -----------------------------------------------------------------------
    def interval_sum(self, kind: str, name: str, until_end: bool) -> tuple[Q | None, bool]:
        """The apportioned sum of a field over the day (or to date) and whether any share was apportioned."""
        parts, apportioned = [], False
        for r in self.live.values():
            if r.kind != kind or r.fields.get(name) is None:
                continue
            if kind == "pumping_volume" and self.all[r.parent].status not in ("submitted", "verified"):
                continue
            value = qty(r.fields[name] if name != "mass_t" else float(str(r.fields[name])) * 1000)
            s, e = r.at("period_start"), r.at("period_end")
            part = share(value, s, e, s if until_end else self.start, self.end)
            if part or (s < self.end and e > (s if until_end else self.start)):
                parts.append(Q(part, value.mark))
                apportioned |= part != value.v
        return total(parts), apportioned

    def pumping(self) -> dict[str, Any]:
        """m³ over the day and to date; operations."""
        period, p_approx = self.interval_sum("pumping_volume", "volume_m3", False)
        to_date, t_approx = self.interval_sum("pumping_volume", "volume_m3", True)
        ops = [r for r in self.live.values() if r.kind == "pumping" and r.at("observed_at") < self.end]
        active = [r for r in ops if not r.at("ended_at") or r.at("ended_at") > self.start]
        return {"period": period, "period_approx": p_approx, "to_date": to_date, "to_date_approx": t_approx,
                "operations_to_date": len(ops), "active": len(active),
                "people": total([qty(r.fields.get("people")) for r in active]),
                "pumps": total([qty(r.fields.get("pumps")) for r in active]),
                "still_pumping": sum(1 for r in active if not r.at("ended_at") or r.at("ended_at") > self.end)}

    def debris(self) -> dict[str, Any]:
        """Tonnes (kg) and truckloads apportioned; people and vehicles in full on each day reached."""
        out: dict[str, Any] = {}
        for name in ("mass_t", "truckloads"):
            out[name] = self.interval_sum("debris", name, False)[0], self.interval_sum("debris", name, True)[0]
        jobs = [r for r in self.live.values() if r.kind == "debris"]
        day = [r for r in jobs if r.at("period_start") < self.end and r.at("period_end") > self.start]
        began = [r for r in jobs if r.at("period_start") < self.end]
        for name in ("people", "vehicles"):
            out[name] = total([qty(r.fields[name]) for r in day]), total([qty(r.fields[name]) for r in began])
        return out

    def disinfection(self) -> dict[str, Any]:
        """Person-times and counts per category, over the day and to date: rounds add up, a report of totals
        to date (cumulative) replaces its place's count of each category it gives (domain.md, Sums)."""
        jobs = sorted((r for r in self.live.values() if r.kind == "disinfection"), key=lambda r: r.at("observed_at"))

        def to_date(before: datetime) -> dict[str, Q]:
            places: dict[tuple[str, str], Q] = {}
            for r in jobs:
                if r.at("observed_at") >= before:
                    break
                given = {**r.fields.get("counts", {}), "person_times": r.fields.get("person_times")}
                for code, value in given.items():
                    if value is None:
                        continue
                    key, q = (r.area, code), qty(value)
                    places[key] = q if r.fields.get("cumulative") or key not in places else places[key] + q
            return places

        end, start = to_date(self.end), to_date(self.start)
        out: dict[Any, Any] = {}
        for (place, code), q in end.items():
            # The day's part of a place's count: what it grew by (a lower bound unchanged since cancels).
            period = q if (place, code) not in start else None if q == start[(place, code)] else q - start[
                (place, code)]
            for label, part in (("to_date", q), ("period", period)):
                if part is not None:
                    out[(code, label)] = out[(code, label)] + part if (code, label) in out else part
        return out

    # ---- who reported --------------------------------------------------------------------
    def counted(self, r: Report) -> bool:
        """Whether a live report with data counts for the day (observed, reaching into it, or sent in it)."""
        if r.kind == "zero_report":
            return False
        if r.parent and self.all[r.parent].status not in ("submitted", "verified"):
            return False
        if self.start <= r.reported < self.end:
            return True
        if r.kind in ("pumping_volume", "debris"):
            return r.at("period_start") < self.end and r.at("period_end") > self.start
        when = r.at("started_at") if r.kind == "outage" else r.at("observed_at")
        return self.start <= when < self.end

    def by_subdistrict(self) -> dict[str, int]:
        """Reports counted per subdistrict."""
        out: dict[str | None, int] = {name: 0 for name in ("东关街道", "西关街道", "柳园镇")}
        for r in self.live.values():
            if self.counted(r):
                sub = sc.SUBDISTRICT[r.area]  # None: the district's own row (区级)
                out[sub] = out.get(sub, 0) + 1
        return out

    def board(self) -> tuple[list[str], list[str]]:
        """(零报告, 未报送) subdistricts."""
        rows = self.by_subdistrict()
        zero = {r.area for r in self.live.values() if r.kind == "zero_report" and r.fields["period_day"] == self.day}
        return (sorted(s for s, n in rows.items() if s and not n and s in zero),
                sorted(s for s, n in rows.items() if s and not n and s not in zero))

    def used(self) -> int:
        """Reports used: every counted report of the district."""
        return sum(1 for r in self.live.values() if self.counted(r))

    def unverified(self) -> int:
        """Reports used that no coordinator has verified."""
        return sum(1 for r in self.live.values() if self.counted(r) and r.status != "verified")

    def returned(self) -> list[str]:
        """Reports sent back, known by the cut-off."""
        return sorted(k for k, r in self.all.items() if r.status == "returned" and r.reported <= self.cutoff)


def of_subdistrict(world: World, name: str) -> World:
    """The log narrowed to one subdistrict's reports (an update or volume is where its parent is)."""
    return World({k: r for k, r in world.reports.items() if sc.SUBDISTRICT[r.area] == name}, world.ended)


def revision_changes(before: World, now: World, day: str, cutoff: datetime) -> dict[str, int]:
    """What a revision took in since the one it replaces (compiled over `before`, cut off at `cutoff`): reports
    received since that bear on the day, then earlier ones changed since, each once, by where it stands now."""
    end = t(day) + timedelta(days=1)
    out = dict.fromkeys(("added", "corrected", "retracted", "returned", "restored"), 0)
    for key, r in now.reports.items():
        if r.reported > cutoff:
            live = r.status in ("submitted", "verified")
            when = r.at("started_at") or r.at("observed_at") or r.at("period_start")
            bears = r.fields.get("period_day") == day if r.kind == "zero_report" else when is not None and when < end
            out["added"] += live and bears
            continue
        old = before.reports[key]
        if (old.status, old.fields, old.area) == (r.status, r.fields, r.area):
            continue
        if r.status in ("retracted", "returned"):
            out[r.status] += 1
        else:
            out["restored" if old.status == "retracted" else "corrected"] += 1
    return out


def cutoff_of(day: str) -> datetime:
    """The due time of a day's brief."""
    return t(sc.CUTOFFS[day])


def late(day: str, revision_cutoff: datetime, world: World) -> list[tuple[str, str]]:
    """Late reports a day's brief lists: received after the previous day's first cut-off, bearing on an
    earlier day's brief they missed, with that day."""
    previous = date.fromisoformat(day) - timedelta(days=1)
    since = cutoff_of(previous.isoformat()) if previous.isoformat() in sc.CUTOFFS else None
    out = []
    for r in world.reports.values():
        if r.status not in ("submitted", "verified") or r.reported > revision_cutoff:
            continue
        if since is not None and r.reported <= since:
            continue
        for missed in sc.DAYS:
            if missed >= day or r.reported <= cutoff_of(missed):
                continue
            if Brief(world, missed, r.reported).counted(r) and not (
                    t(missed) <= r.reported < t(missed) + timedelta(days=1)):
                out.append((r.key, missed))
                break
    return sorted(out)
