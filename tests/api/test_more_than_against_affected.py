"""An outage update's "more than" count against its outage's households affected: one rule on create, edit and
restore (docs/domain.md, Outages).

Found: the create and restore checks read "20余" as 20 on both sides. 20余 back of an outage of exactly 20 was
taken (more than all of them back), and 24 back of an outage of "20余" was refused (24 is within "more than 20").
The outage's edit check already read a "more than" total as no bound, but took an update's 20余 as 20. Now: a
count is beyond an exact total when over it or "more than" all of it (20余 of 20), as against an area's size; a
"more than" total bounds nothing.
"""

from __future__ import annotations

from typing import Any

from tests.api.conftest import TokenClient
from tests.briefs.conftest import local, make_builder


def _outage(database, api: TokenClient, households: int, lb: bool = False) -> tuple[str, dict[str, Any]]:
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    outage = api.post(url, json={"kind": "outage", "area_id": b.areas["site-a"], "households_affected": households,
                                 "households_affected_lb": lb, "started_at": "2021-07-01 10:00",
                                 "reported_at": "2021-07-01 10:30"})
    assert outage.status_code == 201, outage.get_data(as_text=True)
    return url, outage.json


def _update(api: TokenClient, url: str, outage_id: int, back: int, lb: bool = False) -> Any:
    return api.post(url, json={"kind": "outage_update", "outage_id": outage_id, "observed_at": "2021-07-01 18:00",
                               "reported_at": "2021-07-01 18:10", "households_restored": back,
                               "households_restored_lb": lb}, headers={"Accept-Language": "en"})


def _correct(api: TokenClient, outage_id: int, households: int, lb: bool = False) -> Any:
    etag = api.get(f"/api/v1/reports/{outage_id}").headers["ETag"]
    return api.patch(f"/api/v1/reports/{outage_id}", json={"households_affected": households,
                                                           "households_affected_lb": lb},
                     headers={"If-Match": etag, "Accept-Language": "en"})


def test_more_than_all_of_an_exact_total_back_is_refused(database, coordinator_api: TokenClient):
    url, outage = _outage(database, coordinator_api, 20)
    refused = _update(coordinator_api, url, outage["id"], 20, lb=True)
    assert refused.status_code == 422, refused.get_data(as_text=True)
    assert "20" in refused.json["errors"]["households_restored"], refused.json
    assert _update(coordinator_api, url, outage["id"], 19, lb=True).status_code == 201  # 19余 of 20: 20 back


def test_a_more_than_total_bounds_no_update(database, coordinator_api: TokenClient):
    url, outage = _outage(database, coordinator_api, 20, lb=True)
    taken = _update(coordinator_api, url, outage["id"], 24)
    assert taken.status_code == 201, taken.get_data(as_text=True)
    assert _update(coordinator_api, url, outage["id"], 20, lb=True).status_code == 201


def test_an_edit_of_the_outage_below_a_more_than_update_is_refused(database, coordinator_api: TokenClient):
    api = coordinator_api
    url, outage = _outage(database, api, 30)
    assert _update(api, url, outage["id"], 20, lb=True).status_code == 201
    refused = _correct(api, outage["id"], 20)  # exactly 20 affected, more than 20 back
    assert refused.status_code == 422, refused.get_data(as_text=True)
    assert "#" in refused.json["errors"]["households_affected"], refused.json
    assert _correct(api, outage["id"], 20, lb=True).status_code == 200  # more than 20: no contradiction


def test_restore_agrees_with_create(database, coordinator_api: TokenClient):
    api = coordinator_api
    # 20余 back, retracted; the outage corrected to exactly 20: restoring it is refused as creating it would be.
    url, outage = _outage(database, api, 30)
    update = _update(api, url, outage["id"], 20, lb=True).json
    assert api.post(f"/api/v1/reports/{update['id']}/retract", json={"version": update["version"]}).status_code == 200
    assert _correct(api, outage["id"], 20).status_code == 200
    version = api.get(f"/api/v1/reports/{update['id']}").json["version"]
    refused = api.post(f"/api/v1/reports/{update['id']}/restore", json={"version": version},
                       headers={"Accept-Language": "en"})
    assert refused.status_code == 422, refused.get_data(as_text=True)
    assert "more than 20" in refused.json["errors"]["households_restored"], refused.json
    zh = api.post(f"/api/v1/reports/{update['id']}/restore", json={"version": version},
                  headers={"Accept-Language": "zh-CN"})
    assert "20余" in zh.json["errors"]["households_restored"], zh.json
    assert api.get(f"/api/v1/reports/{update['id']}").json["status"] == "retracted"



def test_restore_reads_a_more_than_total_as_create_does(database, coordinator_api: TokenClient):
    # 24 back, retracted; the outage corrected to "20余": restoring it is taken, as creating it would be.
    api = coordinator_api
    url, outage = _outage(database, api, 30)
    update = _update(api, url, outage["id"], 24).json
    assert api.post(f"/api/v1/reports/{update['id']}/retract", json={"version": update["version"]}).status_code == 200
    assert _correct(api, outage["id"], 20, lb=True).status_code == 200
    version = api.get(f"/api/v1/reports/{update['id']}").json["version"]
    restored = api.post(f"/api/v1/reports/{update['id']}/restore", json={"version": version})
    assert restored.status_code == 200, restored.get_data(as_text=True)


def test_an_updates_own_total_holds_its_counts_as_the_database_does(database, coordinator_api: TokenClient):
    # One report giving both: 24 back of its own "20余" affected is refused (the row's check: restored <= affected),
    # as before; 20余 back of its own exact 20 too; 20 back of its own 20余 is taken.
    api = coordinator_api
    url, outage = _outage(database, api, 10)

    def update(back: int, back_lb: bool, affected: int, affected_lb: bool) -> Any:
        return api.post(url, json={"kind": "outage_update", "outage_id": outage["id"],
                                   "observed_at": "2021-07-01 18:00", "reported_at": "2021-07-01 18:10",
                                   "households_restored": back, "households_restored_lb": back_lb,
                                   "households_affected": affected, "households_affected_lb": affected_lb})

    assert update(24, False, 20, True).status_code == 422
    assert update(20, True, 20, False).status_code == 422
    assert update(20, False, 20, True).status_code == 201


def test_dropping_the_more_than_of_the_total_is_checked_too(database, coordinator_api: TokenClient):
    # 24 back of "20余" stands; the outage corrected to exactly 20 (the same number, its 余 dropped) would leave
    # 24 back of 20: refused naming the update, as any correction of the total below it.
    api = coordinator_api
    url, outage = _outage(database, api, 20, lb=True)
    update = _update(api, url, outage["id"], 24)
    assert update.status_code == 201, update.get_data(as_text=True)
    refused = _correct(api, outage["id"], 20)
    assert refused.status_code == 422, refused.get_data(as_text=True)
    assert f"#{update.json['id']}" in refused.json["errors"]["households_affected"], refused.json
