"""An outage's start is not moved past an update it already has: the update's rule, from the outage's side.

Found by the 5 December afternoon probe: an update observed before its outage began is refused ("is before the
outage started"), and an outage's start moved past its full restoration is too, but a start moved past a partial
update (5 of 10 back at 12:00, the outage corrected to begin at 13:00) was saved: an outage with news from before
it began, which no create could have made. As an operation's hours against its volumes (pumping_rules.volumes_within).
"""

from __future__ import annotations

from tests.api.conftest import TokenClient

EN = {"Accept-Language": "en"}


def _outage_with_update(api: TokenClient, url: str, area: int) -> tuple[int, int]:
    outage = api.post(url, json={"kind": "outage", "area_id": area, "started_at": "2021-07-24 10:00",
                                 "households_affected": 10})
    assert outage.status_code == 201, outage.get_data(as_text=True)
    update = api.post(url, json={"kind": "outage_update", "outage_id": outage.json["id"],
                                 "observed_at": "2021-07-24 12:00", "households_restored": 5})
    assert update.status_code == 201, update.get_data(as_text=True)
    return outage.json["id"], update.json["id"]


def test_a_start_after_an_update_is_refused_naming_it(coordinator_api: TokenClient, where):
    api, (url, area) = coordinator_api, where
    outage, update = _outage_with_update(api, url, area)
    moved = api.patch(f"/api/v1/reports/{outage}", json={"started_at": "2021-07-24 13:00", "version": 1}, headers=EN)
    assert moved.status_code == 422, moved.get_data(as_text=True)
    assert moved.json["errors"] == {
        "started_at": f"is after update #{update} was observed (2021-07-24 12:00): correct that update first"}
    assert api.get(f"/api/v1/reports/{outage}").json["version"] == 1  # nothing saved
    # Said in Chinese as well.
    zh = api.patch(f"/api/v1/reports/{outage}", json={"started_at": "2021-07-24 13:00", "version": 1})
    assert zh.json["errors"]["started_at"] == f"晚于停电进展#{update}的观测时间（2021-07-24 12:00）：请先更正该进展"


def test_a_start_within_its_updates_and_a_vague_one_still_pass(coordinator_api: TokenClient, where):
    api, (url, area) = coordinator_api, where
    outage, _update = _outage_with_update(api, url, area)
    earlier = api.patch(f"/api/v1/reports/{outage}", json={"started_at": "2021-07-24 11:30", "version": 1})
    assert earlier.status_code == 200, earlier.get_data(as_text=True)
    # "That day" may well be before 12:00: only a start surely after the update is refused.
    vague = api.patch(f"/api/v1/reports/{outage}", json={"started_at": "2021-07-24", "version": 2})
    assert vague.status_code == 200, vague.get_data(as_text=True)


def test_a_retracted_update_does_not_hold_the_start(coordinator_api: TokenClient, where):
    api, (url, area) = coordinator_api, where
    outage, update = _outage_with_update(api, url, area)
    assert api.post(f"/api/v1/reports/{update}/retract", json={"version": 1}).status_code == 200
    moved = api.patch(f"/api/v1/reports/{outage}", json={"started_at": "2021-07-24 13:00", "version": 1})
    assert moved.status_code == 200, moved.get_data(as_text=True)
