"""An import's unreadable time cell is told the accepted spellings on a day of the event (its last, once ended), not
the demo's 2021-07-24 (a 2026 event's clerk took that example for a leftover)."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.events.services import create_event
from tests.imports.conftest import count_reports, csv_bytes


def test_an_unreadable_cell_names_the_spellings_on_the_ended_events_last_day(seeded, database, make_user, run):
    make_user("co", "coordinator")
    with database.transaction() as s:
        district = s.scalar(sa.select(Area.id).where(Area.name == "文峰区"))
        event = create_event(s, code="import-2026", name="2026年8月暴雨", kind="rainstorm", area_id=district,
                             starts_at=datetime(2026, 8, 9, 22, 0, tzinfo=UTC),  # 08-10 06:00 in Shanghai
                             ends_at=datetime(2026, 8, 14, 10, 0, tzinfo=UTC))
    before = count_reports(database)
    data = csv_bytes([["地点", "事项", "时间"], ["文峰区/北大街街道/彰德路64号院", "巡查", "8月11日 晚9时许"]])
    outcome = run(data, "co", event, kind="activity", store=False)
    [problem] = outcome.problems
    assert (problem.line, problem.column) == (2, "observed_at")
    assert str(problem.message) == (
        "must be a date and time: 2026-08-14 21:00, 2026-08-14 ~21:00, 2026-08-14 afternoon or 2026-08-14")
    assert count_reports(database) == before
