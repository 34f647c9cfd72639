"""A time the clocks showed twice, in a file: the message says how to write it in a cell. It said "send it with its
UTC offset, 2026-11-01T01:30:00-04:00 or …-05:00" (请带上UTC偏移发送), the API's words: a clerk sends no request,
and a date cell holds no offset; which reading is the first was left to work out from the offsets."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.imports.conftest import count_reports, csv_bytes, problems, xlsx_bytes


def test_a_time_shown_twice_is_refused_saying_how_to_type_each_reading(app, database, make_user, run):
    from incidents.areas.services import create_area
    from incidents.events.services import create_event

    with database.transaction() as s:
        district = create_area(s, name="演练区", level="district")
        create_area(s, name="甲街道", level="subdistrict", parent=district)
        event = create_event(s, code="nov", name="十一月暴雨", kind="rainstorm", timezone="America/New_York",
                             starts_at=datetime(2026, 10, 31, tzinfo=ZoneInfo("America/New_York")), area_id=district.id)
        s.expunge(event)
    make_user("co", "coordinator")
    header = ["地点", "事项", "时间"]
    for data, filename in ((csv_bytes([header, ["甲街道", "巡查", "2026-11-01 01:30"]]), "log.csv"),
                           (xlsx_bytes([header, ["甲街道", "巡查", datetime(2026, 11, 1, 1, 30)]]), "log.xlsx")):
        outcome = run(data, "co", event, filename=filename)
        assert problems(outcome) == [(2, "observed_at")]
        assert str(outcome.problems[0].message) == (
            "happened twice (the clocks went back): type it as text with its UTC offset, 2026-11-01 01:30-04:00 "
            "(the first, before the clocks went back) or 2026-11-01 01:30-05:00 (the second)")
    # Either reading typed so imports, each the instant it names.
    before = count_reports(database)
    both = [header, ["甲街道", "巡查", "2026-11-01 01:30-04:00"], ["甲街道", "巡查", "2026-11-01 01:30-05:00"]]
    done = run(csv_bytes(both), "co", event)
    assert (done.problems, done.created, count_reports(database)) == ([], 2, before + 2)
