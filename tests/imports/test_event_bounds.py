"""An import's rows are held to the event's bounds as a form's report is: the event's zone and bounds are
worked out once per file (validation.EventFrame), and still name the right day in each refusal."""

from __future__ import annotations

import sqlalchemy as sa

from incidents.errors import ValidationError
from incidents.models import Area, Event
from incidents.reports.models import ReportKind
from incidents.reports.validation import EventFrame, validate_report
from tests.imports.conftest import count_reports, csv_bytes

HEADER = ["地点", "起始时间", "截止时间", "清运量(吨)"]


def test_rows_long_before_the_start_or_after_the_end_are_refused_naming_the_day(event, make_user, run, database):
    make_user("co", "coordinator")
    begun = event.starts_at.astimezone(event.tz).date().isoformat()
    ended = event.ends_at.astimezone(event.tz).date().isoformat()
    data = csv_bytes([HEADER,
                      ["文峰区/北大街街道", "2021-07-24 08:00", "2021-07-24 evening", "30余"],
                      ["文峰区/北大街街道", "2021-06-01 08:00", "2021-06-01 10:00", "3"],
                      ["文峰区/北大街街道", "2021-09-01 08:00", "2021-09-01 10:00", "3"]])
    before = count_reports(database)
    outcome = run(data, "co", event)
    found = {(p.line, str(p.message)) for p in outcome.problems}
    assert any(line == 3 and begun in message and "before the event began" in message for line, message in found)
    assert any(line == 4 and ended in message and "after the event ended" in message for line, message in found)
    assert [p.line for p in outcome.problems].count(2) == 0
    assert count_reports(database) == before  # one bad row: nothing stored


def test_a_frame_of_another_event_is_not_used_for_a_report_of_this_one(event, session):
    other = Event(code="other", name="别的事件", kind="flood", timezone="Asia/Shanghai",
                  starts_at=event.starts_at.replace(year=2020))
    session.add(other)
    session.flush()
    district = session.scalar(sa.select(Area.id).where(Area.parent_id.is_(None)).order_by(Area.id))
    late = {"event_id": event.id, "area_id": district, "title": "回访",
            "observed_at": event.starts_at.replace(year=2020)}
    # The other event began a year earlier: checked against it, the report would pass.
    try:
        validate_report(session, ReportKind.ACTIVITY, late, frame=EventFrame.of(other))
    except ValidationError as exc:
        assert "observed_at" in exc.errors
    else:
        raise AssertionError("checked against the frame's event, not the report's own")
    session.rollback()
