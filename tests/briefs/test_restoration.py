"""What came back in a day: the fall in households and buildings out, partial restorations counted.

Checked against an independent computation from the raw generated updates (never through the
product's own functions): for each outage, replay its updates in order and sum what each one
brought back on the day.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from incidents.briefs import services
from incidents.briefs.render import Reading

from .conftest import content, local, make_builder
from .test_ledger import compile_day, recomputed


class Generated:
    """A week of outages, each with a few partial restorations and mostly a full one at last."""

    def __init__(self, database, seed: int) -> None:
        self.rng = random.Random(seed)
        self.b = make_builder(database, starts=local("2021-07-01 00:00"), code=f"gen-{seed}")
        # outage id → (start, households affected, buildings affected, [(observed, reported, fields)])
        self.outages: dict[int, tuple[datetime, int, int, list[tuple[datetime, dict]]]] = {}

    def outage(self, d: int) -> None:
        rng = self.rng
        start = local(f"2021-07-{d:02d} 00:00") + timedelta(minutes=rng.randrange(0, 20 * 60))
        households, buildings = rng.randrange(50, 500), rng.randrange(2, 20)
        oid = self.b.report("outage", rng.choice(["site-a", "site-b"]), start + timedelta(minutes=20),
                            started_at=start, households_affected=households, buildings_affected=buildings)
        updates = []
        at, h_out, b_out = start, households, buildings
        for _ in range(rng.randrange(1, 5)):
            at = at + timedelta(minutes=rng.randrange(60, 30 * 60))
            # Mostly some come back; now and then some go out again (never more than were affected).
            h_out = rng.randrange(0, h_out + 1) if rng.random() < 0.8 else min(households, h_out + rng.randrange(1, 30))
            b_out = min(b_out, rng.randrange(0, b_out + 1))
            fields = {"households_out": h_out, "buildings_out": b_out}
            updates.append((at, fields))
        if rng.random() < 0.7:
            at = at + timedelta(minutes=rng.randrange(30, 20 * 60))
            updates.append((at, {"fully_restored": True}))
        for observed, fields in updates:
            self.b.report("outage_update", "site-a", observed + timedelta(minutes=10), outage_id=oid,
                          observed_at=observed, **fields)
        self.outages[oid] = (start, households, buildings, updates)

    def back_on(self, day: date) -> tuple[int, int]:
        """Households and buildings restored on a local day, replaying the raw updates."""
        lo = datetime.combine(day, datetime.min.time(), local("2021-07-01 00:00").tzinfo)
        hi = lo + timedelta(days=1)
        households = buildings = 0
        for _start, h_aff, b_aff, updates in self.outages.values():
            h_out, b_out = h_aff, b_aff
            for observed, fields in sorted(updates, key=lambda u: u[0]):
                if fields.get("fully_restored"):
                    h_new, b_new = 0, 0
                else:
                    h_new, b_new = fields["households_out"], fields["buildings_out"]
                if lo < observed <= hi:
                    households += max(0, h_out - h_new)
                    buildings += max(0, b_out - b_new)
                h_out, b_out = h_new, b_new
        return households, buildings


def test_day_restoration_is_the_sum_of_the_days_falls(database):
    gen = Generated(database, 7)
    for d in range(1, 7):
        for _ in range(4):
            gen.outage(d)
    partial_days = 0
    for d in range(1, 10):
        day = date(2021, 7, d)
        brief = compile_day(database, gen.b.event_id, day)
        c = content(database, gen.b.event_id, day)
        households, buildings = gen.back_on(day)
        assert (c.power.households_restored.value or 0, c.power.buildings_restored.value or 0) == \
            (households, buildings), day
        # Not the size of the outages that reached zero that day.
        sizes = sum(o.households_affected.value or 0 for o in c.power.restored)
        partial_days += sizes != households
        kept, full = recomputed(database, brief.id)
        assert kept == full, day  # the carried ledger agrees with a recompute from all reports
        if households:
            # Said to include partial restorations only on a day that had some.
            partial = "（含部分恢复）" if c.power.partial_in_period else ""
            assert f"{households:,}户{partial}" in Reading(c, "zh").power()
            assert ("含部分恢复" in Reading(c, "zh").power()) == bool(c.power.partial_in_period)
    assert partial_days >= 2  # the generated week does have partial restorations


def test_percent_of_peak_has_one_decimal(database):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    oid = b.report("outage", "site-a", local("2021-07-01 08:10"), started_at=local("2021-07-01 08:00"),
                   households_affected=300)
    b.report("outage_update", "site-a", local("2021-07-01 20:10"), outage_id=oid,
             observed_at=local("2021-07-01 20:00"), households_out=101)
    result = services.compile_once(database, b.event_id, date(2021, 7, 1), now=local("2021-07-02 08:00"))
    p = result.brief and content(database, b.event_id, date(2021, 7, 1)).power
    assert p.pct_restored_households == 66.3  # 199 of 300, as the timeline rounds it
    assert "已恢复66.3%" in Reading(content(database, b.event_id, date(2021, 7, 1)), "zh").power()
    assert p.households_restored.value == 199 and p.restored_in_period == 0
