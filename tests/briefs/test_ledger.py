"""The ledger carried from one day's brief to the next gives exactly the figures of a recompute from all reports."""

from __future__ import annotations

import os
import random
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from incidents.briefs import services
from incidents.models import Area, Brief, Event, Report
from incidents.reports.services import edit_report, set_status

from .conftest import local, make_builder


def recomputed(database, brief_id: int) -> tuple[dict, dict]:
    """(the stored content, the same brief recomputed from all reports without the ledger)."""
    with database.read_session() as s:
        brief = s.get(Brief, brief_id)
        full = services.build_content(
            s, brief.event, brief.day, cutoff=brief.cutoff, revision=brief.revision, status=brief.status,
            compiled_at=brief.compiled_at, compiled_by=brief.content["header"]["compiled_by"], carry=False)
        return brief.content, full.to_json()


def compile_day(database, event_id: int, day: date) -> Brief:
    with database.read_session() as s:
        event = s.get(Event, event_id)
        now = services.due_at(event, day)
    result = services.compile_once(database, event_id, day, now=now)
    assert result.created
    return result.brief


def test_seed_briefs_carried_equal_recomputed(database, seed_briefs):
    with database.read_session() as s:
        stored = list(s.scalars(sa.select(Brief).where(Brief.event_id == seed_briefs.id).order_by(Brief.day)))
    carried = [b.day for b in stored if b.carry["carried_from"] is not None]
    # The second brief on add to the day before's ledger, until a counted report changes (the demo's pumping
    # ends come as edits when they ended): from then on each is recomputed from every report, as it must be.
    assert carried and carried[0] == stored[1].day
    assert carried == [b.day for b in stored[1:len(carried) + 1]]
    for b in stored:
        kept, full = recomputed(database, b.id)
        assert kept == full, b.day


class Story:
    """A random week of an event through the report services: late, backdated, edited, retracted."""

    def __init__(self, database, seed: int) -> None:
        self.db = database
        self.rng = random.Random(seed)
        self.b = make_builder(database, starts=local("2021-07-01 00:00"))
        with database.transaction() as s:
            from incidents.areas.services import create_area

            # More places: rounds from sites, totals to date (截至目前) from the subdistricts.
            for i in range(4):
                parent = self.b.areas["a" if i % 2 else "b"]
                self.b.areas[f"site-{i}"] = create_area(s, name=f"小区{i}", level="site",
                                                        parent=s.get(Area, parent)).id
        self.sites = [k for k in self.b.areas if k.startswith("site")]
        self.outages: list[tuple[int, object]] = []
        self.ops: list[tuple[int, object, object]] = []
        self.made: list[int] = []

    def at(self, day: int, hours: float) -> object:
        return local(f"2021-07-{day:02d} 00:00") + timedelta(hours=hours)

    def report(self, kind: str, area: str, reported, **fields) -> int:
        rid = self.b.report(kind, area, reported, **fields)
        self.made.append(rid)
        return rid

    def lag(self, observed):
        # Mostly within hours; some a day or two late (after the brief of their day).
        late = self.rng.random() < 0.2
        return observed + timedelta(hours=self.rng.uniform(30, 60) if late else self.rng.uniform(0.1, 5))

    def day(self, d: int) -> None:
        rng = self.rng
        for _ in range(2):
            start = self.at(d, rng.uniform(0, 20))
            oid = self.report("outage", rng.choice(self.sites), self.lag(start), started_at=start,
                              households_affected=rng.choice([None, rng.randrange(10, 300)]),
                              households_affected_lb=rng.random() < 0.2)
            self.outages.append((oid, start))
        for oid, start in rng.sample(self.outages, min(3, len(self.outages))):
            seen = max(start + timedelta(minutes=30), self.at(d, rng.uniform(0, 23)))
            choice = rng.random()
            fields = ({"fully_restored": True} if choice < 0.5 else
                      {"households_out": rng.randrange(0, 10)} if choice < 0.8 else
                      {"households_affected": rng.randrange(300, 400)})
            self.report("outage_update", "site-a", self.lag(seen), outage_id=oid, observed_at=seen, **fields)
        began = self.at(d, rng.uniform(0, 12))
        ended = began + timedelta(hours=rng.uniform(2, 60)) if rng.random() < 0.7 else None
        op = self.report("pumping", rng.choice(self.sites), max(self.lag(began), ended or began), observed_at=began,
                         team=f"队{d}", people=rng.randrange(3, 30), people_lb=rng.random() < 0.3,
                         **({"ended_at": ended} if ended else {}))
        self.ops.append((op, began, ended))
        op, began, ended = rng.choice(self.ops)
        v0 = max(began, self.at(d, rng.uniform(0, 10)))
        v1 = v0 + timedelta(hours=rng.uniform(1, 50))
        if ended is not None:  # a volume's hours lie within its operation's (pumping_rules.within_operation),
            # and are some time (kind_rules._interval_rules): one begun after the operation ended takes its last hour.
            v0, v1 = min(v0, ended - timedelta(hours=1)), min(v1, ended)
        self.report("pumping_volume", "site-a", self.lag(v1), operation_id=op, period_start=v0, period_end=v1,
                    volume_m3=rng.randrange(100, 9000), volume_m3_lb=rng.random() < 0.2)
        for _ in range(3):
            seen = self.at(d, rng.uniform(0, 23))
            cumulative = rng.random() < 0.3
            area = rng.choice(["a", "b"]) if cumulative else rng.choice(self.sites)
            codes = rng.sample(["street", "compound", "courtyard", "garbage_point"], 2)
            self.report("disinfection", area, self.lag(seen), observed_at=seen, cumulative=cumulative,
                        counts={c: (rng.randrange(1, 90), rng.random() < 0.2) for c in codes},
                        person_times=rng.choice([None, rng.randrange(5, 80)]))
        d0 = self.at(d, rng.uniform(0, 20))
        d1 = d0 + timedelta(hours=rng.uniform(1, 30)) if rng.random() < 0.6 else None
        self.report("debris", rng.choice(self.sites), self.lag(d1 or d0), period_start=d0,
                    **({"period_end": d1} if d1 else {}), mass_kg=rng.choice([None, rng.randrange(500, 90000)]),
                    truckloads=rng.randrange(1, 9), people=rng.randrange(2, 20))
        self.report("activity", rng.choice(self.sites), self.lag(self.at(d, 9)), observed_at=self.at(d, 9),
                    title=f"第{d}天动态")

    def backdated(self, d: int) -> None:
        """A report entered now but said to be known before the last brief (an import)."""
        seen = self.at(d - 1, 3)
        self.report("debris", "site-b", self.at(d, 7), period_start=seen, mass_kg=1234)

    def long_late(self, d: int) -> None:
        """An outage from the first day, heard of only now; an old outage out again."""
        start = self.at(1, 6)
        self.report("outage", "site-b", self.at(d, 6), started_at=start, households_affected=40)
        oid, began = self.outages[0]
        self.report("outage_update", "site-a", self.at(d, 7), outage_id=oid, observed_at=self.at(d, 5),
                    households_out=3)

    def edit(self, d: int) -> None:
        """Someone corrects an old figure and retracts a duplicate."""
        from incidents.models import DebrisClearance

        with self.db.transaction() as s:
            old = s.scalars(sa.select(DebrisClearance).where(DebrisClearance.event_id == self.b.event_id)
                            .order_by(DebrisClearance.id).limit(1)).first()
            edit_report(s, old, {"mass_kg": 777}, self.b.user_id)
            dup = s.get(Report, self.made[3])
            set_status(s, dup, "retracted", self.b.user_id, reason="duplicate")


# Two weeks in CI: a third (seed 3) reached no line or branch of incidents/briefs, timelines or reports that seeds 1
# and 2 did not (coverage --branch, 3 December); each seed 1 and 2 reaches a branch of briefs/build.py the other
# does not. LEDGER_SEEDS=1,2,...,96 runs more (96 random weeks when the ledger was written, ace067c).
@pytest.mark.parametrize("seed", [int(s) for s in os.environ.get("LEDGER_SEEDS", "1,2").split(",")])
def test_a_random_week_carried_equals_recomputed_every_day(database, seed):
    story = Story(database, seed)
    used = []
    for d in range(1, 10):
        story.day(d)
        if d == 5:
            story.backdated(d)
        if d == 7:
            story.edit(d)
        if d == 8:
            story.long_late(d)
        brief = compile_day(database, story.b.event_id, date(2021, 7, d))
        kept, full = recomputed(database, brief.id)
        assert kept == full, f"2021-07-{d:02d}"
        used.append(brief.carry["carried_from"] is not None and brief.carry["carried"])
    # Carried from the second day on, except after the edit (counted reports changed): the
    # edit's audit row is also near enough the next ledger's top to be taken for a change.
    assert not used[0] and not used[6] and len([u for u in used if u]) >= 5
    assert any("power" in u for u in used if u) and any("disinfection" in u for u in used if u)
