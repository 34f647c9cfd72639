"""The share of the peak restored, to one decimal, from the exact fraction: never a binary float's rounding.

Found checking a replayed typhoon's briefs against figures worked by hand: 419 of 2,000 households back is
20.95%, which every rounding rule (四舍五入, and GB/T 8170's 五成双 the briefs' tonnes follow) makes 21.0%;
round() on the float 20.95 (stored as 20.949999…) gave 20.9%, in the brief and in the timeline.
"""

from __future__ import annotations

from incidents.briefs.render import Reading
from incidents.timelines.curves import share_restored

from .conftest import content, day_of, local, make_builder
from .test_ledger import compile_day


def test_the_share_restored_rounds_the_exact_fraction(database):
    b = make_builder(database, starts=local("2021-07-01 00:00"), code="share-rounding")
    outage = b.report("outage", "a", local("2021-07-22 09:10"), started_at=local("2021-07-22 09:00"),
                      households_affected=2000)
    b.report("outage_update", "site-a", local("2021-07-22 18:10"), outage_id=outage,
             observed_at=local("2021-07-22 18:00"), households_restored=419)
    compile_day(database, b.event_id, day_of("2021-07-22"))
    c = content(database, b.event_id, day_of("2021-07-22"))
    assert c.power.pct_restored_households == 21.0
    assert "停电峰值2,000户，已恢复21%" in Reading(c, "zh").power().replace(" ", "")


def test_one_rule_for_every_share():
    assert share_restored(2000, 1581) == 21.0      # 20.95
    assert share_restored(2000, 1997) == 0.2       # 0.15: the float 0.15 rounds down
    assert share_restored(800, 350) == 56.2        # 56.25: the even neighbour, as the tonnes
    assert share_restored(17, 8) == 52.9 and share_restored(5, 0) == 100.0 and share_restored(0, 0) is None
