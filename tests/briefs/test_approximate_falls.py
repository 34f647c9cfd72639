"""A to-date figure is said to have fallen (累计数低于上期，请核实) when it reads lower than the previous brief's, as
the brief prints them: a smaller number whatever its marks (60 then 50余: the known part fell, a round retracted),
or the same number without its 余 (60余 then 60); never when it reads the same or higher (50余 then 60, 60 then
60余) (docs/domain.md, "Figures against the previous brief"). Until 7 December the numbers alone were compared, and
60余 then 60 went unsaid."""

from __future__ import annotations

import pytest

from incidents.briefs import formats, services
from incidents.briefs.figures import reads_lower
from incidents.briefs.quantities import Qty
from incidents.briefs.render import Reading
from incidents.models import Report
from incidents.reports.services import set_status

from .conftest import content, day_of, local


def exact(v: int | None) -> Qty:
    return Qty(v)


def more_than(v: int | None) -> Qty:
    return Qty(v, lb=True)


def at_most(v: int) -> Qty:
    return Qty(v, ub=True)


def about(v: int) -> Qty:
    return Qty(v, approx=True)


@pytest.mark.parametrize(("before", "now", "fell"), [
    (exact(60), exact(59), True),
    (exact(60), exact(60), False),
    (exact(60), exact(None), True),  # gone altogether
    (more_than(50), exact(60), False),
    (more_than(50), exact(50), True),  # 50余 then 50: lost its 余
    (more_than(60), exact(60), True),
    (more_than(60), exact(45), True),
    (exact(60), more_than(50), True),  # reads 50-odd after 60: the known part fell
    (exact(60), more_than(60), False),
    (more_than(60), more_than(50), True),
    (more_than(60), more_than(60), False),
    (exact(60), more_than(None), False),  # reported without a figure: no number to read lower
    (exact(60), at_most(60), False),
    (exact(60), at_most(50), True),
    (at_most(60), exact(10), True),
    (at_most(60), exact(60), False),
    (about(60), exact(55), True),
    (about(60), exact(60), False),
    (about(60), exact(None), True),
    (exact(60), about(50), True),
    (exact(60), Qty(50, lb=True, approx=True), True),
    (Qty(60, lb=True, approx=True), exact(60), True),
    (exact(None), exact(0), False),  # nothing before to fall from
])
def test_a_fall_is_a_figure_that_reads_lower(before: Qty, now: Qty, fell: bool) -> None:
    assert reads_lower(now, before) is fell


def _street(database, b, first: tuple[int, bool], then: tuple[int, bool]):
    """Day 1: 乙小区 disinfects `first` streets; day 2 that report is retracted as mistyped and sent again as `then`
    (value, more than); the day-2 brief's content."""
    wrong = b.report("disinfection", "site-b", local("2021-07-01 20:00"), observed_at=local("2021-07-01 15:00"),
                     person_times=40, counts={"street": first})
    services.compile_due(database, now=local("2021-07-02 08:00"), catchup_days=1, event_ids=[b.event_id])
    with database.transaction() as s:
        set_status(s, s.get(Report, wrong), "retracted", b.user_id, reason="mistyped")
    b.report("disinfection", "site-b", local("2021-07-02 17:00"), observed_at=local("2021-07-01 15:00"),
             person_times=40, counts={"street": then})
    services.compile_due(database, now=local("2021-07-03 08:00"), catchup_days=1, event_ids=[b.event_id])
    return content(database, b.event_id, day_of("2021-07-02"))


def _said_fallen(c) -> bool:
    """Whether the brief says the streets' to-date fell: its data, changes, key figures and text."""
    key = next(r for r in Reading(c, "zh").figures() if r.item == "街道")
    said = ["街道累计数低于上期，请核实" in Reading(c, "zh").changes(), "累计数下降，请核实" in key.note,
            "disinfection.street" in c.quality.falls,
            next(cf.figure for cf in c.disinfection.categories if cf.code == "street").fell]
    assert len(set(said)) == 1, said  # the data, the changes and the key figures agree
    text = formats.as_text(c, "zh")
    assert ("街道累计数低于上期" in text) is said[0]
    return said[0]


def test_fifty_odd_then_sixty_is_no_fall(database, builder):
    c = _street(database, builder, (50, True), (60, False))
    assert not _said_fallen(c), "50余条 then 60条: reads higher"


def test_sixty_then_fifty_odd_is_a_fall(database, builder):
    c = _street(database, builder, (60, False), (50, True))
    assert _said_fallen(c), "60条 then 50余条: reads lower, the known part fell; check it"


def test_sixty_odd_then_sixty_is_a_fall(database, builder):
    c = _street(database, builder, (60, True), (60, False))
    assert _said_fallen(c), "60余条 then 60条: fewer than more than 60, check it"


def test_sixty_then_fifty_five_is_a_fall(database, builder):
    c = _street(database, builder, (60, False), (55, False))
    assert _said_fallen(c)
