"""A stateful model of the brief: submissions, corrections, retractions, late reports and compiles interleave,
and every brief's totals equal the sums over the reports known at its cut-off.

The machine keeps its own plain record of every report (no product function does its arithmetic) and a
controlled clock; each brief is compiled by the scheduler's sweep (`compile_due`) at its due time. Inputs
are chosen so that no apportioning is needed (briefs/intervals.py): debris as a point in time (counts on
its own day), pumped volumes over an interval inside one local day (the whole volume is that day's),
disinfection as plain rounds (not totals to date). The product then has to get the rest right: the cut-off,
live statuses as they stand at the compile, late reports, corrections, and the ledger carried from day to day.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, assume, settings
from hypothesis.stateful import RuleBasedStateMachine, precondition, rule, run_state_machine_as_test

from incidents import demo
from incidents.briefs import services
from incidents.models import Brief, Event, Report
from incidents.reports.services import edit_report, set_status
from tests.conftest import empty_tables

from .conftest import SHANGHAI, local, make_builder

START = local("2021-07-01 00:00")
CODES = ["street", "compound", "garbage_point"]
SITES = ["site-a", "site-b"]


@dataclass
class Known:
    """One report as the model knows it: what it says, when it happened and was reported, whether it counts."""

    kind: str
    day: date                 # the local day it happened on (the whole of it, by the choice of inputs)
    reported: datetime
    qty: int = 0              # kg of debris or m³ pumped
    lb: bool = False          # "more than"
    counts: dict[str, int] = field(default_factory=dict)
    live: bool = True


def local_day(at: datetime) -> date:
    """The local calendar day of an instant (the event's zone has no daylight saving)."""
    return at.astimezone(SHANGHAI).date()


class BriefMachine(RuleBasedStateMachine):
    """One event's life: reports arrive on time or late, get corrected, retracted and restored; briefs compile."""

    database = None  # set by the test (the suite's fixture chooses SQLite or PostgreSQL)
    runs = itertools.count()
    checked = 0  # briefs checked, over all examples
    late = 0  # of which compiled after their due time (catching up)

    def __init__(self) -> None:
        super().__init__()
        # Each run on empty tables (with the reference lists), like each test.
        empty_tables(self.database.engine)
        with self.database.transaction() as s:
            demo.load_reference(s)
        self.b = make_builder(self.database, starts=START, code=f"stateful-{next(self.runs)}")
        self.clock = START + timedelta(hours=1)
        self.reports: dict[int, Known] = {}
        self.down = False  # the scheduler process
        # A pumping operation in each subdistrict, running all along: what the volumes belong to.
        self.operations = [self.b.report("pumping", site, self.clock, observed_at=START, team=f"队{site}")
                           for site in SITES]
        with self.database.read_session() as s:
            self.event = s.get(Event, self.b.event_id)

    # ---- reports -----------------------------------------------------------------------------

    def observed(self, hours_ago: int) -> datetime:
        """Some hours before now (never before the event began): a late report when it is a day or more."""
        return max(START, self.clock - timedelta(hours=hours_ago))

    @rule(site=st.sampled_from(SITES), hours_ago=st.integers(0, 60), kg=st.integers(0, 90_000), lb=st.booleans())
    def debris(self, site: str, hours_ago: int, kg: int, lb: bool) -> None:
        at = self.observed(hours_ago)
        rid = self.b.report("debris", site, self.clock, period_start=at, mass_kg=kg, mass_kg_lb=lb, truckloads=1)
        self.reports[rid] = Known("debris", local_day(at), self.clock, qty=kg, lb=lb)

    @rule(op=st.integers(0, 1), hours_ago=st.integers(0, 60), hours=st.integers(1, 30), m3=st.integers(0, 50_000))
    def volume(self, op: int, hours_ago: int, hours: int, m3: int) -> None:
        end = self.observed(hours_ago)
        day_start = datetime.combine(local_day(end), datetime.min.time(), SHANGHAI)
        # Within the end's own local day: the whole volume is that day's, nothing to apportion.
        begin = max(day_start, end - timedelta(hours=hours))
        # A volume over no time (an end at midnight) is refused (kind_rules._interval_rules): none is sent.
        assume(begin < end)
        rid = self.b.report("pumping_volume", SITES[op], self.clock, operation_id=self.operations[op],
                            period_start=begin, period_end=end, volume_m3=m3)
        self.reports[rid] = Known("volume", local_day(end), self.clock, qty=m3)

    @rule(site=st.sampled_from(SITES), hours_ago=st.integers(0, 60),
          counts=st.dictionaries(st.sampled_from(CODES), st.integers(0, 200), min_size=1, max_size=2))
    def disinfection(self, site: str, hours_ago: int, counts: dict[str, int]) -> None:
        at = self.observed(hours_ago)
        rid = self.b.report("disinfection", site, self.clock, observed_at=at, counts=dict(counts))
        self.reports[rid] = Known("disinfection", local_day(at), self.clock, counts=dict(counts))

    @precondition(lambda self: self.reports)
    @rule(data=st.data(), value=st.integers(0, 60_000))
    def correct(self, data: st.DataObject, value: int) -> None:
        """Someone corrects a report's quantity (a new version; briefs already made stay as they were)."""
        rid = data.draw(st.sampled_from(sorted(self.reports)))
        known = self.reports[rid]
        with self.database.transaction() as s:
            report = s.get(Report, rid)
            if known.kind == "debris":
                edit_report(s, report, {"mass_kg": value}, self.b.user_id)
                known.qty = value
            elif known.kind == "volume":
                edit_report(s, report, {"volume_m3": value}, self.b.user_id)
                known.qty = value
            else:
                code = sorted(known.counts)[0]
                counts = {**known.counts, code: value}
                edit_report(s, report, {"counts": {c: (n, False) for c, n in counts.items()}}, self.b.user_id)
                known.counts = counts

    @precondition(lambda self: self.reports)
    @rule(data=st.data())
    def retract_or_restore(self, data: st.DataObject) -> None:
        """A live report is retracted (a duplicate), a retracted one restored."""
        rid = data.draw(st.sampled_from(sorted(self.reports)))
        known = self.reports[rid]
        with self.database.transaction() as s:
            if known.live:
                set_status(s, s.get(Report, rid), "retracted", self.b.user_id, reason="重复")
            else:
                set_status(s, s.get(Report, rid), "submitted", self.b.user_id)
        known.live = not known.live

    # ---- time and briefs ---------------------------------------------------------------------

    @rule(hours=st.integers(1, 24))
    def advance(self, hours: int) -> None:
        """Some hours pass (a brief may fall due on the way)."""
        self.pass_time(self.clock + timedelta(hours=hours))

    @rule(hours=st.integers(0, 6))
    def next_brief(self, hours: int) -> None:
        """Time passes past the next brief's due time."""
        day = max(local_day(START), local_day(self.clock) - timedelta(days=1))
        while services.due_at(self.event, day) <= self.clock:
            day += timedelta(days=1)
        self.pass_time(services.due_at(self.event, day) + timedelta(hours=hours))

    @precondition(lambda self: not self.down)
    @rule()
    def scheduler_stops(self) -> None:
        """The scheduler process is down: briefs fall due and are not made (reports still come in)."""
        self.down = True

    @precondition(lambda self: self.down)
    @rule()
    def scheduler_starts(self) -> None:
        """Back up, it catches up on every missed brief now, each with its own due time as the cut-off:
        reports that came in since are not in them."""
        self.down = False
        self.compile_and_check(self.clock)

    def pass_time(self, target: datetime) -> None:
        """Move the clock to `target`, compiling each brief that falls due on the way at its due time."""
        if self.down:
            self.clock = target
            return
        day = max(local_day(START), local_day(self.clock) - timedelta(days=1))
        while (due := services.due_at(self.event, day)) <= target:
            if due > self.clock:
                self.clock = due
                assert self.compile_and_check(due) == 1
            day += timedelta(days=1)
        self.clock = target

    def compile_and_check(self, now: datetime) -> int:
        """The scheduler's sweep at `now`; each brief it makes is checked against the model."""
        results = services.compile_due(self.database, now=now, catchup_days=30, event_ids=[self.b.event_id])
        assert all(r.reason == "created" for r in results), results
        for result in results:
            with self.database.read_session() as s:
                brief = s.get(Brief, result.brief.id)
                content, cutoff, day = services.load_content(brief), brief.cutoff, brief.day
            assert cutoff == services.due_at(self.event, day) <= now  # the cut-off is the due time, always
            self.check(content, day, cutoff)
            BriefMachine.checked += 1
            BriefMachine.late += cutoff < now
        return len(results)

    def expected(self, kind: str, day: date, cutoff: datetime) -> tuple[list[Known], list[Known]]:
        """(the reports of `kind` counted in the day, those counted to its end), as known at the cut-off."""
        known = [k for k in self.reports.values() if k.kind == kind and k.live and k.reported <= cutoff]
        return [k for k in known if k.day == day], [k for k in known if k.day <= day]

    def check(self, content, day: date, cutoff: datetime) -> None:  # noqa: ANN001
        period, to_date = self.expected("debris", day, cutoff)
        mass = content.debris.mass_kg
        assert (mass.period.value or 0, mass.to_date.value or 0) == \
            (sum(k.qty for k in period), sum(k.qty for k in to_date)), (day, "debris")
        assert (bool(mass.period.lb), bool(mass.to_date.lb)) == \
            (any(k.lb for k in period), any(k.lb for k in to_date)), (day, "debris more than")

        period, to_date = self.expected("volume", day, cutoff)
        volume = content.pumping.volume_m3
        assert (volume.period.value or 0, volume.to_date.value or 0) == \
            (sum(k.qty for k in period), sum(k.qty for k in to_date)), (day, "pumped")

        period, to_date = self.expected("disinfection", day, cutoff)
        shown = {c.code: c.figure for c in content.disinfection.categories}
        for code in CODES:
            figure = shown.get(code)
            got = (figure.period.value or 0, figure.to_date.value or 0) if figure else (0, 0)
            assert got == (sum(k.counts.get(code, 0) for k in period),
                           sum(k.counts.get(code, 0) for k in to_date)), (day, code)


@pytest.mark.slow
def test_every_brief_equals_the_reports_known_at_its_cutoff(database):
    BriefMachine.database, BriefMachine.checked, BriefMachine.late = database, 0, 0
    run_state_machine_as_test(BriefMachine, settings=settings(
        max_examples=15, stateful_step_count=25, deadline=None, derandomize=True, database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
    print(f"briefs checked: {BriefMachine.checked}, of which caught up late: {BriefMachine.late}")
    # The runs did reach many briefs, not only reports, and some were made late (the cut-off mattered).
    assert BriefMachine.checked >= 30 and BriefMachine.late >= 5
