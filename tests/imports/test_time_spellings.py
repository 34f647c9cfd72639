"""An import reads times through the API's parser (parse_json_time): `~` with no clock after it and an offset
with seconds are its row and column's message, never a whole day or a time read as written; nanoseconds (a
file exported by a Go or JS program) import, cut to the microsecond."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from incidents.reports.models import ActivityEntry
from tests.imports.conftest import count_reports, csv_bytes

PLACE = "文峰区/北大街街道/彰德路64号院"
HEADER = ["area", "title", "observed_at"]


def test_about_with_no_clock_and_an_offset_of_seconds_are_their_cells_messages(event, database, make_user, run):
    make_user("co", "coordinator")
    before = count_reports(database)
    data = csv_bytes([HEADER, [PLACE, "巡查一", "2021-07-30 ~"], [PLACE, "巡查二", "2021年7月30日 约"],
                      [PLACE, "巡查三", "2021-07-30T08:00+08:00:30"]])
    outcome = run(data, "co", event, kind="activity")
    found = {(p.line, p.column): str(p.message) for p in outcome.problems}
    assert set(found) == {(2, "observed_at"), (3, "observed_at"), (4, "observed_at")}
    assert "needs a clock time after it" in found[2, "observed_at"]
    assert "needs a clock time after it" in found[3, "observed_at"]
    assert "has a UTC offset with seconds (+08:00:30)" in found[4, "observed_at"]
    assert count_reports(database) == before


def test_nanoseconds_import_cut_to_the_microsecond(event, database, make_user, run):
    make_user("co", "coordinator")
    data = csv_bytes([HEADER, [PLACE, "纳秒", "2021-07-30T08:59:59.999999999+08:00"]])
    outcome = run(data, "co", event, kind="activity")
    assert outcome.problems == [] and outcome.created == 1
    with database.read_session() as s:
        stored = s.scalar(sa.select(ActivityEntry.observed_at).where(ActivityEntry.title == "纳秒"))
    assert stored.astimezone(UTC) == datetime(2021, 7, 30, 0, 59, 59, 999999, tzinfo=UTC)
