"""An outage's update observed in the minute the outage began is not before it: the form offers minutes, so an outage
sent with seconds (14:05:40, by the API or an import) refused "power back at 14:05" as "早于停电开始时间" (a breaker
that tripped and was reset within the minute). Only a minute before the start is refused; the same from the outage's
side (its start corrected to 14:05:40 keeps an update at 14:05). The timeline counts such an update at the start."""

from __future__ import annotations

import sqlalchemy as sa

from incidents.models import Area
from tests.api.conftest import coordinator_api, new_token, token_client  # noqa: F401
from tests.reports.conftest import count_reports, when

URL = "/api/v1/events/{event}/reports"


def _outage(api, event, session, started: str = "2021-07-30 14:05:40") -> int:  # noqa: ANN001
    """An outage of 10 households at 彰德路64号院 begun at `started` (to the second, as the API takes it)."""
    area = session.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
    answer = api.post(URL.format(event=event.id), json={
        "kind": "outage", "area_id": area, "started_at": started, "households_affected": 10,
        "reported_at": "2021-07-30 18:00"})
    assert answer.status_code == 201, answer.json
    return int(answer.json["id"])


def test_the_form_takes_an_update_from_the_minute_the_outage_began(
        seeded, session, event, make_user, auth, forms, database, coordinator_api):  # noqa: F811
    outage = _outage(coordinator_api, event, session)
    make_user("li", "reporter")
    auth.login("li")
    url = f"/events/{event.id}/reports/new/outage_update?outage={outage}"
    early = forms.submit(url, {"outage_id": str(outage), **when("observed_at", "2021-07-30", "14:04"),
                               "fully_restored": "y"})
    assert early.status_code == 422
    assert "早于停电开始时间" in early.get_data(as_text=True)
    before = count_reports(database)
    answer = forms.submit(url, {"outage_id": str(outage), **when("observed_at", "2021-07-30", "14:05"),
                                "fully_restored": "y"})
    assert answer.status_code == 302, answer.get_data(as_text=True)[-3000:]
    assert count_reports(database) == before + 1


def test_the_api_takes_it_and_the_outage_is_restored_at_its_start(seeded, session, event, coordinator_api):  # noqa: F811
    outage = _outage(coordinator_api, event, session)
    body = {"kind": "outage_update", "outage_id": outage, "fully_restored": True, "reported_at": "2021-07-30 18:00"}
    url = URL.format(event=event.id)
    early = coordinator_api.post(url, json={**body, "observed_at": "2021-07-30 14:04:59"})
    assert early.status_code == 422, early.json
    assert list(early.json["errors"]) == ["observed_at"]
    same = coordinator_api.post(url, json={**body, "observed_at": "2021-07-30 14:05"})
    assert same.status_code == 201, same.json
    # Never restored before it went off: the stored restoration is the start.
    restored = coordinator_api.get(f"/api/v1/reports/{outage}").json["restored_at"]
    assert restored == "2021-07-30T06:05:40Z", restored  # 14:05:40 in Beijing


def test_an_outage_start_corrected_into_the_minute_keeps_its_update(seeded, session, event, coordinator_api):  # noqa: F811
    outage = _outage(coordinator_api, event, session, started="2021-07-30 14:05")
    update = coordinator_api.post(URL.format(event=event.id), json={
        "kind": "outage_update", "outage_id": outage, "observed_at": "2021-07-30 14:05", "households_restored": 4,
        "reported_at": "2021-07-30 18:00"})
    assert update.status_code == 201, update.json
    version = coordinator_api.get(f"/api/v1/reports/{outage}").json["version"]
    moved = coordinator_api.patch(f"/api/v1/reports/{outage}", json={"started_at": "2021-07-30 14:05:40",
                                                                     "version": version})
    assert moved.status_code == 200, moved.json
    later = coordinator_api.patch(f"/api/v1/reports/{outage}", json={"started_at": "2021-07-30 14:06",
                                                                     "version": moved.json["version"]})
    assert later.status_code == 422, later.json
    assert list(later.json["errors"]) == ["started_at"]
