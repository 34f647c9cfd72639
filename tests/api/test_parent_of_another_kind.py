"""An update or volume naming a report of another kind says what that report is, not "unknown report".

Found by an outside tester: an outage update whose outage_id named a pumping operation (or a volume
whose operation_id named an outage) was told "unknown report", as for an id that does not exist.
"""

from __future__ import annotations

import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.events.models import Event
from incidents.reports.models import Report
from tests.api.conftest import TokenClient

EN = {"Accept-Language": "en"}


def _ids(database) -> tuple[int, int, int]:  # noqa: ANN001
    with database.read_session() as s:
        event = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
        inside = s.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
        outside = s.scalar(sa.select(Area.id).where(Area.name == "安彩嘉园二期"))
    return event, inside, outside


def _total(database) -> int:  # noqa: ANN001
    with database.read_session() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(Report))


def test_a_parent_of_another_kind_is_named_as_what_it_is(seeded, database, coordinator_api: TokenClient,
                                                         scoped_api: TokenClient):
    event, inside, outside = _ids(database)
    url = f"/api/v1/events/{event}/reports"
    outage = coordinator_api.post(url, json={"kind": "outage", "area_id": inside, "households_affected": 5,
                                             "started_at": "2021-07-22 10:00"}).get_json()
    operation = coordinator_api.post(url, json={"kind": "pumping", "area_id": inside, "team": "排涝一队",
                                                "observed_at": "2021-07-22 10:00"}).get_json()
    before = _total(database)
    update = {"kind": "outage_update", "outage_id": operation["id"], "observed_at": "2021-07-22 12:00",
              "households_restored": 2}
    refused = coordinator_api.post(url, json=update, headers=EN)
    assert refused.status_code == 422
    assert refused.get_json()["errors"] == {
        "outage_id": f"report #{operation['id']} is a pumping operation, not a power outage"}
    chinese = coordinator_api.post(url, json=update)
    assert chinese.get_json()["errors"] == {"outage_id": f"报告#{operation['id']} 是排涝作业，不是停电"}
    volume = {"kind": "pumping_volume", "operation_id": outage["id"], "period_start": "2021-07-22 10:00",
              "period_end": "2021-07-22 12:00", "volume_m3": 50}
    wrong = coordinator_api.post(url, json=volume, headers=EN)
    assert wrong.status_code == 422
    assert wrong.get_json()["errors"] == {
        "operation_id": f"report #{outage['id']} is a power outage, not a pumping operation"}
    # An id that names no report is still unknown.
    missing = coordinator_api.post(url, json={**update, "outage_id": 999_999}, headers=EN)
    assert missing.status_code == 422 and missing.get_json()["errors"] == {"outage_id": "unknown report"}
    # A scoped reporter naming a report outside its scope is refused for the scope, as before (403).
    elsewhere = coordinator_api.post(url, json={"kind": "pumping", "area_id": outside, "team": "排涝二队",
                                                "observed_at": "2021-07-22 10:00"}).get_json()
    scoped = scoped_api.post(url, json={**update, "outage_id": elsewhere["id"]}, headers=EN)
    assert scoped.status_code == 403
    assert scoped.get_json()["errors"] == {"outage_id": "is outside the areas you report for"}
    assert _total(database) == before + 1  # the operation elsewhere only
