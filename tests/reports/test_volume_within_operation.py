"""A pumped volume's hours lie within its pumping operation's: the form, the API and an import refuse one outside.

Found by probes from outside: 3,000 m³ for 07-22 (two days before the seed's pumping at 文峰汇·十二府 began on
07-24) or for 07-29 (after it ended on 07-27) was stored on every path and counted in that day's brief.
"""

from __future__ import annotations

import sqlalchemy as sa

from incidents.models import Area, PumpingOperation, PumpingVolume
from tests.api.conftest import coordinator_api, new_token, token_client  # noqa: F401
from tests.imports.conftest import csv_bytes, problems, run  # noqa: F401
from tests.reports.conftest import count_reports, when


def _operation(session) -> int:
    """The seed's pumping at 文峰汇·十二府: 2021-07-24 (the day) to 2021-07-27 (the day)."""
    return session.scalar(sa.select(PumpingOperation.id).join(Area, Area.id == PumpingOperation.area_id)
                          .where(Area.name == "文峰汇·十二府").order_by(PumpingOperation.id).limit(1))


def _form(operation: int, start: tuple[str, str], end: tuple[str, str], m3: str = "3000") -> dict[str, str]:
    return {"operation_id": str(operation), **when("period_start", *start), **when("period_end", *end),
            "volume_m3": m3}


def test_the_form_refuses_hours_before_the_operation_began_or_after_it_ended(
        forms, event, make_user, auth, session, database):
    make_user("li", "reporter")
    auth.login("li")
    operation = _operation(session)
    url = f"/events/{event.id}/reports/new/pumping_volume?operation={operation}"
    before = count_reports(database)

    early = forms.submit(url, _form(operation, ("2021-07-22", "08:00"), ("2021-07-22", "20:00")))
    page = early.get_data(as_text=True)
    assert early.status_code == 422
    assert f"早于排涝作业#{operation}开始的时间（作业时段：2021-07-24至2021-07-27）" in page

    late = forms.submit(url, _form(operation, ("2021-07-28", "20:00"), ("2021-07-29", "02:00")))
    page = late.get_data(as_text=True)
    assert late.status_code == 422
    assert f"晚于排涝作业#{operation}结束的时间（作业时段：2021-07-24至2021-07-27）" in page
    assert count_reports(database) == before

    # On the operation's last day (its end known to the day): within it, saved.
    inside = forms.submit(url, _form(operation, ("2021-07-27", "08:00"), ("2021-07-27", "20:00")))
    assert inside.status_code in (302, 409)  # 409: it overlaps the seed's 50,000 m³ and asks first


def test_the_api_refuses_it_with_422_naming_the_field(seeded, session, database, coordinator_api, event):  # noqa: F811
    operation = _operation(session)
    url = f"/api/v1/events/{event.id}/reports"
    body = {"kind": "pumping_volume", "operation_id": operation, "volume_m3": 3000, "reported_at": "2021-07-30 09:00"}

    early = coordinator_api.post(url, json={**body, "period_start": "2021-07-23 ~22:00",
                                            "period_end": "2021-07-24 02:00"}, headers={"Accept-Language": "en"})
    assert early.status_code == 422, early.json
    assert early.json["errors"] == {
        "period_start": f"is before operation #{operation} began (its period: 2021-07-24 to 2021-07-27)"}

    late = coordinator_api.post(url, json={**body, "period_start": "2021-07-27 20:00",
                                           "period_end": "2021-07-28 01:00"})
    assert late.status_code == 422
    assert list(late.json["errors"]) == ["period_end"]

    # Ends at 00:00 after its last day: within the day the operation ended.
    before = count_reports(database)
    ok = coordinator_api.post(url, json={**body, "period_start": "2021-07-27 20:00", "period_end": "2021-07-28 00:00"})
    assert ok.status_code == 201, ok.json
    assert count_reports(database) == before + 1


def test_an_operation_still_running_takes_any_later_hours(seeded, session, coordinator_api, event):  # noqa: F811
    area = session.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
    url = f"/api/v1/events/{event.id}/reports"
    running = coordinator_api.post(url, json={"kind": "pumping", "area_id": area, "team": "排涝测试队",
                                              "observed_at": "2021-07-30 下午", "reported_at": "2021-07-30 18:00"})
    assert running.status_code == 201, running.json
    body = {"kind": "pumping_volume", "operation_id": running.json["id"], "volume_m3": 800,
            "reported_at": "2021-07-31 08:00"}
    early = coordinator_api.post(url, json={**body, "period_start": "2021-07-30 11:00",
                                            "period_end": "2021-07-30 13:00"})
    assert early.status_code == 422
    assert early.json["errors"] == {
        "period_start": f"早于排涝作业#{running.json['id']}开始的时间（作业时段：2021-07-30下午起，尚未结束）"}
    # 12:30 is within "afternoon": not surely before it began.
    assert coordinator_api.post(url, json={**body, "period_start": "2021-07-30 12:30",
                                           "period_end": "2021-07-31 06:00"}).status_code == 201


def test_an_import_names_the_row_and_column(seeded, session, event, make_user, run, database):  # noqa: F811
    make_user("co", "coordinator")
    operation = _operation(session)
    rows = [["排水作业编号", "起始时间", "结束", "排水量（立方米）"],
            [str(operation), "2021-07-25 08:00", "2021-07-25 20:00", "1000"],
            [str(operation), "2021-07-23 08:00", "2021-07-23 20:00", "1000"],
            [str(operation), "2021-07-28 08:00", "2021-07-28 20:00", "1000"]]
    before = count_reports(database)
    outcome = run(csv_bytes(rows), "co", event, kind="pumping_volume")
    assert problems(outcome) == [(3, "period_start"), (4, "period_end")]
    assert count_reports(database) == before


def test_an_operation_edit_that_leaves_a_volume_outside_is_refused(seeded, session, event, coordinator_api):  # noqa: F811
    """The same rule from the operation's side: closing it before its volume's hours end, or moving its start
    after they began, is refused naming the volume; a change that leaves its times as they were is saved."""
    operation = _operation(session)
    url = f"/api/v1/reports/{operation}"
    version = coordinator_api.get(url).json["version"]
    volume = session.scalar(sa.select(PumpingVolume.id).where(PumpingVolume.operation_id == operation))

    early_end = coordinator_api.patch(url, json={"ended_at": "2021-07-25 12:00", "version": version})
    assert early_end.status_code == 422, early_end.json
    assert early_end.json["errors"] == {
        "ended_at": f"早于排水量#{volume}的结束时间（2021-07-27）：请先更正该排水量"}
    note = coordinator_api.patch(url, json={"note": "东、西两个地下停车场", "version": version})
    assert note.status_code == 200, note.json


def test_moving_an_operations_start_past_its_volume_is_refused(seeded, session, event, coordinator_api):  # noqa: F811
    area = session.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
    url = f"/api/v1/events/{event.id}/reports"
    operation = coordinator_api.post(url, json={"kind": "pumping", "area_id": area, "team": "排涝测试队",
                                                "observed_at": "2021-07-30 12:00", "reported_at": "2021-07-30 18:00"})
    volume = coordinator_api.post(url, json={"kind": "pumping_volume", "operation_id": operation.json["id"],
                                             "period_start": "2021-07-30 12:30", "period_end": "2021-07-30 14:00",
                                             "volume_m3": 500, "reported_at": "2021-07-30 18:10"})
    assert volume.status_code == 201, volume.json
    moved = coordinator_api.patch(f"/api/v1/reports/{operation.json['id']}",
                                  json={"observed_at": "2021-07-30 13:00", "version": 1},
                                  headers={"Accept-Language": "en"})
    assert moved.status_code == 422, moved.json
    assert moved.json["errors"] == {"observed_at": f"is after volume #{volume.json['id']} began (2021-07-30 12:30): "
                                                   "correct that volume first"}
