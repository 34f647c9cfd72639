"""An update moved to another outage leaves its former outage as the rule now says: no longer restored by it.

Found by the 5 December afternoon probe: an update "全部恢复" of outage A, corrected (PATCH its `outage_id`) to
outage B, restored B and still left A's stored restoration (`restored_at`: the headline, the downloads, the
ledger) at the update's time, though no update of A said so any more; the timeline showed A still out.
"""

from __future__ import annotations

from tests.api.conftest import TokenClient


def _outage(api: TokenClient, url: str, area: int, started: str) -> int:
    made = api.post(url, json={"kind": "outage", "area_id": area, "started_at": started, "households_affected": 10})
    assert made.status_code == 201, made.get_data(as_text=True)
    return made.json["id"]


def test_the_former_outage_is_out_again(coordinator_api: TokenClient, where):
    api, (url, area) = coordinator_api, where
    first, second = _outage(api, url, area, "2021-07-24 10:00"), _outage(api, url, area, "2021-07-24 11:00")
    update = api.post(url, json={"kind": "outage_update", "outage_id": first, "observed_at": "2021-07-24 12:00",
                                 "households_restored": 10, "fully_restored": True})
    assert update.status_code == 201, update.get_data(as_text=True)
    assert api.get(f"/api/v1/reports/{first}").json["restored_at"] == "2021-07-24T04:00:00Z"

    moved = api.patch(f"/api/v1/reports/{update.json['id']}", json={"outage_id": second, "version": 1})
    assert moved.status_code == 200, moved.get_data(as_text=True)

    assert api.get(f"/api/v1/reports/{second}").json["restored_at"] == "2021-07-24T04:00:00Z"
    former = api.get(f"/api/v1/reports/{first}").json
    assert former["restored_at"] is None
    # Its history says why its stored restoration moved, as for any change the rule makes.
    actions = [e["action"] for e in api.get(f"/api/v1/reports/{first}/history").json["entries"]]
    assert actions[-1] == "restoration"
