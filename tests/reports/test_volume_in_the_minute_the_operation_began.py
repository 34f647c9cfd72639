"""A pumped volume that begins in the minute its operation began is within it: the form offers minutes, so an
operation sent with seconds (14:05:40, by the API or an import) refused its own first volume at 14:05 — even the
one the form prefilled. Only a minute before the start is refused; the same to the minute for the end, and from
the operation's side (an edited start in the minute its first volume began)."""

from __future__ import annotations

import re

import sqlalchemy as sa

from incidents.models import Area
from tests.api.conftest import coordinator_api, new_token, token_client  # noqa: F401
from tests.reports.conftest import count_reports, when

URL = "/api/v1/events/{event}/reports"


def _operation(api, event, session, began: str = "2021-07-30 14:05:40") -> int:  # noqa: ANN001
    """A running pumping operation at 彰德路64号院 begun at `began` (to the second, as the API takes it)."""
    area = session.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
    answer = api.post(URL.format(event=event.id), json={
        "kind": "pumping", "area_id": area, "team": "排涝测试队", "observed_at": began,
        "reported_at": "2021-07-30 18:00"})
    assert answer.status_code == 201, answer.json
    return int(answer.json["id"])


def test_the_form_takes_a_volume_from_the_minute_the_operation_began(
        seeded, session, event, make_user, auth, forms, client, database, coordinator_api):  # noqa: F811
    operation = _operation(coordinator_api, event, session)
    make_user("li", "reporter")
    auth.login("li")
    url = f"/events/{event.id}/reports/new/pumping_volume?operation={operation}"
    # The form offers the operation's start as the volume's, to the minute: 14:05.
    html = client.get(url).get_data(as_text=True)
    assert re.search(r'name="period_start-time"[^>]*value="14:05"', html), "the start is prefilled"
    before = count_reports(database)
    answer = forms.submit(url, {"operation_id": str(operation), **when("period_start", "2021-07-30", "14:05"),
                                **when("period_end", "2021-07-30", "14:06"), "volume_m3": "300"})
    assert answer.status_code == 302, answer.get_data(as_text=True)[-3000:]
    assert count_reports(database) == before + 1
    # A minute before is still before it began.
    early = forms.submit(url, {"operation_id": str(operation), **when("period_start", "2021-07-30", "14:04"),
                               **when("period_end", "2021-07-30", "14:06"), "volume_m3": "300",
                               "confirm_duplicate": "1"})
    assert early.status_code == 422
    assert f"早于排涝作业#{operation}开始的时间" in early.get_data(as_text=True)


def test_the_api_takes_start_and_first_volume_sent_together(seeded, session, event, coordinator_api):  # noqa: F811
    operation = _operation(coordinator_api, event, session)
    body = {"kind": "pumping_volume", "operation_id": operation, "volume_m3": 300, "reported_at": "2021-07-30 18:00"}
    url = URL.format(event=event.id)
    # "Started 14:05, 300 m³ by 14:05:40": the volume's start said to the minute.
    same = coordinator_api.post(url, json={**body, "period_start": "2021-07-30 14:05",
                                           "period_end": "2021-07-30 14:05:40"})
    assert same.status_code == 201, same.json
    early = coordinator_api.post(url, json={**body, "period_start": "2021-07-30 14:04:59",
                                            "period_end": "2021-07-30 14:30"})
    assert early.status_code == 422, early.json
    assert list(early.json["errors"]) == ["period_start"]


def test_an_operation_edit_keeps_to_the_minute_too(seeded, session, event, coordinator_api):  # noqa: F811
    """From the operation's side: its start moved to 14:05:40 still holds a volume that began at 14:05; its end
    set at 15:00 holds one that ended 15:00:30."""
    operation = _operation(coordinator_api, event, session, began="2021-07-30 14:05")
    url = URL.format(event=event.id)
    volume = coordinator_api.post(url, json={
        "kind": "pumping_volume", "operation_id": operation, "volume_m3": 300, "reported_at": "2021-07-30 18:00",
        "period_start": "2021-07-30 14:05", "period_end": "2021-07-30 15:00:30"})
    assert volume.status_code == 201, volume.json
    version = coordinator_api.get(f"/api/v1/reports/{operation}").json["version"]
    moved = coordinator_api.patch(f"/api/v1/reports/{operation}", json={
        "observed_at": "2021-07-30 14:05:40", "ended_at": "2021-07-30 15:00", "version": version})
    assert moved.status_code == 200, moved.json
    version = moved.json["version"]
    later = coordinator_api.patch(f"/api/v1/reports/{operation}", json={
        "observed_at": "2021-07-30 14:06", "version": version})
    assert later.status_code == 422, later.json
    assert list(later.json["errors"]) == ["observed_at"]


def test_a_volume_with_seconds_in_the_minute_an_operation_began(seeded, session, event, coordinator_api):  # noqa: F811
    """The other way round: an operation begun 14:05 (the form's minute) takes a volume sent by the API from 14:05:40
    (and observed then), and one ending 14:05:40 when the operation ended 14:05; 14:04:59 is still before it."""
    operation = _operation(coordinator_api, event, session, began="2021-07-30 14:05")
    url = URL.format(event=event.id)
    body = {"kind": "pumping_volume", "operation_id": operation, "volume_m3": 300, "reported_at": "2021-07-30 18:00"}
    within = coordinator_api.post(url, json={**body, "period_start": "2021-07-30 14:05:40",
                                             "observed_at": "2021-07-30 14:05:40", "period_end": "2021-07-30 14:30"})
    assert within.status_code == 201, within.json
    assert coordinator_api.get(f"/api/v1/reports/{within.json['id']}").json["period_start"] == "2021-07-30T06:05:40Z"
    early = coordinator_api.post(url, json={**body, "period_start": "2021-07-30 14:04:59",
                                            "period_end": "2021-07-30 14:30"})
    assert early.status_code == 422 and list(early.json["errors"]) == ["period_start"], early.json
    # Ended 14:35 (to the minute): a volume to 14:35:40 is within it, one to 14:36 is after it ended.
    version = coordinator_api.get(f"/api/v1/reports/{operation}").json["version"]
    ended = coordinator_api.patch(f"/api/v1/reports/{operation}", json={"ended_at": "2021-07-30 14:35",
                                                                       "version": version})
    assert ended.status_code == 200, ended.json
    last = coordinator_api.post(url, json={**body, "period_start": "2021-07-30 14:30",
                                           "period_end": "2021-07-30 14:35:40"})
    assert last.status_code == 201, last.json
    after = coordinator_api.post(url, json={**body, "period_start": "2021-07-30 14:30",
                                            "period_end": "2021-07-30 14:36"})
    assert after.status_code == 422 and list(after.json["errors"]) == ["period_end"], after.json
