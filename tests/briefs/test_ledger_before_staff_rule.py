"""A ledger stored before staff on duty left the totals-to-date rule is not carried: the brief is recomputed.

Until 5 December the staff of an area that sent totals to date was kept in the ledger as such a total (5 on
duty in a report of totals to date replaced the 20 of the day before), so a brief carried from that ledger
would add the next day's staff to the wrong figure. `LEDGER_VERSION` 2: a ledger of version 1 is not carried.
"""

from __future__ import annotations

from datetime import date

from incidents.models import Brief

from .conftest import local, make_builder
from .test_ledger import compile_day, recomputed


def test_a_ledger_with_staff_as_a_total_to_date_is_not_carried(database):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    b.report("disinfection", "site-a", local("2021-07-01 18:00"), observed_at=local("2021-07-01 10:00"), staff=20,
             counts={"street": 10})
    total = b.report("disinfection", "site-a", local("2021-07-02 18:00"), observed_at=local("2021-07-02 10:00"),
                     staff=5, counts={"street": 30}, cumulative=True)
    b.report("disinfection", "site-a", local("2021-07-03 18:00"), observed_at=local("2021-07-03 10:00"), staff=3,
             counts={"street": 4})
    compile_day(database, b.event_id, date(2021, 7, 1))
    day2 = compile_day(database, b.event_id, date(2021, 7, 2))
    with database.transaction() as s:
        brief = s.get(Brief, day2.id)
        areas = brief.carry["disinfection"]["areas"]
        key = str(b.areas["site-a"])
        # As the ledger was stored before: the 5 kept as the area's staff to date, from the total's report on.
        old = [5, False, True, local("2021-07-02 10:00").isoformat(), total]
        brief.carry = {**brief.carry, "version": 1, "disinfection": {**brief.carry["disinfection"], "areas": {
            **areas, key: {**areas[key], "codes": {**areas[key]["codes"], "_staff": old}}}}}
    day3 = compile_day(database, b.event_id, date(2021, 7, 3))
    stored, full = recomputed(database, day3.id)
    assert stored["disinfection"]["staff"] == full["disinfection"]["staff"]
    assert stored["disinfection"]["staff"]["to_date"]["value"] == 28
