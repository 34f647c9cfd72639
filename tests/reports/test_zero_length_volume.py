"""A pumped volume over no time (its end the very moment of its start) is refused on the form, naming `period_end`:
it was taken and could not be apportioned by overlap (a typo of the end in practice). Only an end before the start
was refused. A vague end (下午 to 下午, a whole day to the same day) is a stretch of time, and stays accepted."""

from __future__ import annotations

import re

import sqlalchemy as sa

from incidents.models import IdempotencyKey, Report
from tests.conftest import switch_language
from tests.reports.conftest import when


def _count(database) -> int:  # noqa: ANN001
    with database.read_session() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(Report))


def _submit(forms, event, session, area_id, start: dict, end: dict):  # noqa: ANN001, ANN202
    operation = session.get(IdempotencyKey, "demo:hengshui-wfh-pumping").entity_id
    # The demo's volume spans the operation's days: the overlap's question is answered, so only the rules speak.
    return forms.submit(f"/events/{event.id}/reports/new/pumping_volume", {
        "area_id": area_id("文峰汇·十二府"), "operation_id": str(operation), **start, **end, "volume_m3": "300",
        "confirm_duplicate": "1"})


def test_a_volume_over_no_time_is_refused_on_its_end(client, auth, forms, event, make_user, area_id, session,
                                                    database):
    make_user("li", "reporter")
    auth.login("li")
    before = _count(database)
    response = _submit(forms, event, session, area_id, when("period_start", "2021-07-25", "10:00"),
                       when("period_end", "2021-07-25", "10:00"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422, html[:2000]
    errors = re.findall(r'<p class="error" id="period_end-error">([^<]*)</p>', html)
    assert errors and "与开始时间相同" in errors[0], errors
    assert _count(database) == before
    switch_language(client, "en")
    html = _submit(forms, event, session, area_id, when("period_start", "2021-07-25", "10:00"),
                   when("period_end", "2021-07-25", "10:00")).get_data(as_text=True)
    assert "Is the same moment as the start" in html


def test_a_vague_interval_within_one_part_of_a_day_is_kept(client, auth, forms, event, make_user, area_id, session,
                                                          database):
    make_user("li", "reporter")
    auth.login("li")
    before = _count(database)
    response = _submit(forms, event, session, area_id, when("period_start", "2021-07-25", precision="afternoon"),
                       when("period_end", "2021-07-25", precision="afternoon"))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert _count(database) == before + 1


def test_a_volume_stored_over_no_time_before_the_rule_keeps_its_note_editable(event, make_user, session, database):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import pytest

    from incidents.errors import ValidationError
    from incidents.models import PumpingVolume
    from incidents.reports.services import create_report, edit_report

    user = make_user("co", "coordinator")
    operation = session.get(IdempotencyKey, "demo:hengshui-wfh-pumping").entity_id
    at = datetime(2021, 7, 25, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    with database.transaction() as s:
        volume = create_report(s, "pumping_volume", {"event_id": event.id, "operation_id": operation,
                                                     "period_start": at, "period_end": at.replace(hour=12),
                                                     "volume_m3": 300}, user)
        volume_id = volume.id
    with database.transaction() as s:  # as one stored before the rule was
        s.execute(sa.update(PumpingVolume).where(PumpingVolume.id == volume_id)
                  .values(period_end=PumpingVolume.period_start))
    with database.transaction() as s:
        edit_report(s, s.get(Report, volume_id), {"note": "据现场记录"}, user)
    with database.transaction() as s, pytest.raises(ValidationError) as refused:
        edit_report(s, s.get(Report, volume_id), {"period_start": at.replace(hour=9), "period_end": at.replace(hour=9)},
                    user)
    assert "period_end" in refused.value.errors
