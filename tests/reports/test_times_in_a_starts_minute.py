"""Every rule that orders two times takes them to the minute (vague.minute_before), the form's finest: a time from the
form in the minute a stored start with seconds (14:05:40, sent by the API or an import) is not before that start.
Before, an expected restoration at 14:05 was "before the outage started", a partial restoration seen at 14:06:10 was
"after the full one at 14:06", an operation ended 14:05 "before it started", an event closed at its start's minute
"before the start", a timeline's earliest moment as its own message spelt it refused, a report seven days before an
event to the minute "over 7 days before", an outage's start moved into its restoration's minute a 500 (the stored
restoration before the new start), a clearance ending in its start's minute "before the start". An end in its
start's minute is stored at the start. A minute earlier is refused still."""

from __future__ import annotations

import sqlalchemy as sa

from incidents.models import Area, Event
from tests.api.conftest import coordinator_api, new_token, token_client, viewer_api  # noqa: F401
from tests.conftest import csrf_from
from tests.reports.conftest import count_reports, when

URL = "/api/v1/events/{event}/reports"
SENT = "2021-07-30 18:00"


def _area(session) -> int:  # noqa: ANN001
    return int(session.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院")))


def _outage(api, event, session, **extra) -> int:  # noqa: ANN001, ANN003
    """An outage of 10 households begun at 14:05:40 (to the second, as the API takes it)."""
    answer = api.post(URL.format(event=event.id), json={
        "kind": "outage", "area_id": _area(session), "started_at": "2021-07-30 14:05:40", "households_affected": 10,
        "reported_at": SENT, **extra})
    return answer  # type: ignore[no-any-return]


def test_an_outage_sent_with_an_etr_in_its_starting_minute(seeded, session, event, coordinator_api):  # noqa: F811
    early = _outage(coordinator_api, event, session, etr_at="2021-07-30 14:04")
    assert early.status_code == 422 and list(early.json["errors"]) == ["etr_at"], early.json
    same = _outage(coordinator_api, event, session, etr_at="2021-07-30 14:05")
    assert same.status_code == 201, same.json


def test_an_update_form_gives_an_etr_in_the_outages_starting_minute(
        seeded, session, event, make_user, auth, forms, database, coordinator_api):  # noqa: F811
    outage = _outage(coordinator_api, event, session).json["id"]
    make_user("li", "reporter")
    auth.login("li")
    url = f"/events/{event.id}/reports/new/outage_update?outage={outage}"
    body = {"outage_id": str(outage), **when("observed_at", "2021-07-30", "14:30"), "households_restored": "2"}
    early = forms.submit(url, {**body, **when("etr_at", "2021-07-30", "14:04")})
    assert early.status_code == 422
    assert "早于停电开始时间" in early.get_data(as_text=True)
    before = count_reports(database)
    same = forms.submit(url, {**body, **when("etr_at", "2021-07-30", "14:05")})
    assert same.status_code == 302, same.get_data(as_text=True)[-3000:]
    assert count_reports(database) == before + 1


def test_a_partial_restoration_in_the_full_ones_minute_is_history(seeded, session, event, coordinator_api):  # noqa: F811
    outage = _outage(coordinator_api, event, session).json["id"]
    url = URL.format(event=event.id)
    full = coordinator_api.post(url, json={"kind": "outage_update", "outage_id": outage, "fully_restored": True,
                                           "observed_at": "2021-07-30 14:06", "reported_at": SENT})
    assert full.status_code == 201, full.json
    partial = {"kind": "outage_update", "outage_id": outage, "households_restored": 4, "reported_at": SENT}
    later = coordinator_api.post(url, json={**partial, "observed_at": "2021-07-30 14:07:10"})
    assert later.status_code == 422 and list(later.json["errors"]) == ["households_restored"], later.json
    same = coordinator_api.post(url, json={**partial, "observed_at": "2021-07-30 14:06:10"})
    assert same.status_code == 201, same.json


def test_an_operation_ended_in_its_starting_minute(seeded, session, event, coordinator_api):  # noqa: F811
    url = URL.format(event=event.id)
    made = coordinator_api.post(url, json={"kind": "pumping", "area_id": _area(session), "pumps": 2, "team": "排水一队",
                                           "observed_at": "2021-07-30 14:05:40", "reported_at": SENT})
    assert made.status_code == 201, made.json
    report = f"/api/v1/reports/{made.json['id']}"
    early = coordinator_api.patch(report, json={"ended_at": "2021-07-30 14:04", "version": made.json["version"]})
    assert early.status_code == 422 and list(early.json["errors"]) == ["ended_at"], early.json
    same = coordinator_api.patch(report, json={"ended_at": "2021-07-30 14:05", "version": made.json["version"]})
    assert same.status_code == 200, same.json
    assert coordinator_api.get(report).json["ended_at"] == "2021-07-30T06:05:40Z"  # at its start, never before


def _new_event(api, starts: str) -> int:  # noqa: ANN001
    made = api.post("/api/v1/events", json={"code": "minute-test", "name": "分钟测试", "kind": "rainstorm",
                                            "starts_at": starts})
    assert made.status_code == 201, made.json
    return int(made.json["id"])


def test_an_event_closed_from_the_form_in_its_starting_minute(
        seeded, session, make_user, auth, client, database, coordinator_api):  # noqa: F811
    event_id = _new_event(coordinator_api, "2021-07-30 14:05:40")
    make_user("c", "coordinator")
    auth.login("c")
    token = csrf_from(client.get(f"/events/{event_id}").get_data(as_text=True))
    early = client.post(f"/events/{event_id}/close", data={"ends_at": "2021-07-30T14:04", "csrf_token": token})
    assert early.status_code in (400, 422), early.status_code
    same = client.post(f"/events/{event_id}/close", data={"ends_at": "2021-07-30T14:05", "csrf_token": token})
    assert same.status_code == 303, same.get_data(as_text=True)[-3000:]
    with database.read_session() as s:
        stored = s.get(Event, event_id)
        assert stored.ends_at == stored.starts_at  # it lasted no time: never an end before its start


def test_a_timelines_earliest_moment_as_its_message_spells_it(seeded, coordinator_api, viewer_api):  # noqa: F811
    event_id = _new_event(coordinator_api, "2021-07-30 14:05:40")
    route = f"/api/v1/events/{event_id}/timeline"
    early = viewer_api.get(route, query_string={"as_of": "2021-07-29 14:04"}, headers={"Accept-Language": "en"})
    assert early.status_code == 400
    assert early.get_json()["errors"] == {
        "as_of": "is more than a day before the event began: the earliest is 2021-07-29 14:05"}
    assert viewer_api.get(route, query_string={"as_of": "2021-07-29 14:05"}).status_code == 200


def test_a_report_seven_days_before_an_event_to_the_minute(seeded, session, coordinator_api):  # noqa: F811
    event_id = _new_event(coordinator_api, "2021-07-30 14:05:40")
    body = {"kind": "outage", "area_id": _area(session), "households_affected": 3, "reported_at": SENT}
    url = URL.format(event=event_id)
    early = coordinator_api.post(url, json={**body, "started_at": "2021-07-23 14:04"})
    assert early.status_code == 422 and list(early.json["errors"]) == ["started_at"], early.json
    same = coordinator_api.post(url, json={**body, "started_at": "2021-07-23 14:05"})
    assert same.status_code == 201, same.json


def test_an_outage_start_moved_into_its_restorations_minute(seeded, session, event, coordinator_api):  # noqa: F811
    outage = _outage(coordinator_api, event, session).json["id"]
    full = coordinator_api.post(URL.format(event=event.id), json={
        "kind": "outage_update", "outage_id": outage, "fully_restored": True, "observed_at": "2021-07-30 14:30:20",
        "reported_at": SENT})
    assert full.status_code == 201, full.json
    report = f"/api/v1/reports/{outage}"
    version = coordinator_api.get(report).json["version"]
    later = coordinator_api.patch(report, json={"started_at": "2021-07-30 14:31", "version": version})
    assert later.status_code == 422 and list(later.json["errors"]) == ["started_at"], later.json
    same = coordinator_api.patch(report, json={"started_at": "2021-07-30 14:30:50", "version": version})
    assert same.status_code == 200, same.json
    assert coordinator_api.get(report).json["restored_at"] == "2021-07-30T06:30:50Z"  # at the start, never before


def test_an_interval_ending_in_its_starting_minute(seeded, session, event, coordinator_api):  # noqa: F811
    url = URL.format(event=event.id)
    body = {"kind": "debris", "area_id": _area(session), "mass_t": 2, "period_start": "2021-07-30 14:05:40",
            "reported_at": SENT}
    early = coordinator_api.post(url, json={**body, "period_end": "2021-07-30 14:04"})
    assert early.status_code == 422 and list(early.json["errors"]) == ["period_end"], early.json
    same = coordinator_api.post(url, json={**body, "period_end": "2021-07-30 14:05"})
    assert same.status_code == 201, same.json
    assert coordinator_api.get(f"/api/v1/reports/{same.json['id']}").json["period_end"] == "2021-07-30T06:05:40Z"
