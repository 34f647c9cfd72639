"""A retracted update or volume is restored only if it still fits its outage or operation as they now stand.

Found by the 5 December afternoon probe: an update (12:00) retracted, its outage then corrected to begin at 13:00 (a
retracted update holds nothing), the update restored: counted again, news from before its outage began. A pumped
volume restored after its operation's hours were narrowed past it, likewise. The create's rules, met again on restore
(kind_rules.restore_errors), as a restored update's counts are against its outage's affected.
"""

from __future__ import annotations

from tests.api.conftest import TokenClient

EN = {"Accept-Language": "en"}


def _made(api: TokenClient, url: str, body: dict) -> int:
    made = api.post(url, json=body)
    assert made.status_code == 201, made.get_data(as_text=True)
    return made.json["id"]


def test_an_update_from_before_its_outage_now_began_is_not_restored(coordinator_api: TokenClient, where):
    api, (url, area) = coordinator_api, where
    outage = _made(api, url, {"kind": "outage", "area_id": area, "started_at": "2021-07-24 10:00",
                              "households_affected": 10})
    update = _made(api, url, {"kind": "outage_update", "outage_id": outage, "observed_at": "2021-07-24 12:00",
                              "households_restored": 5})
    assert api.post(f"/api/v1/reports/{update}/retract", json={"version": 1}).status_code == 200
    moved = api.patch(f"/api/v1/reports/{outage}", json={"started_at": "2021-07-24 13:00", "version": 1})
    assert moved.status_code == 200, moved.get_data(as_text=True)

    restored = api.post(f"/api/v1/reports/{update}/restore", json={"version": 2}, headers=EN)
    assert restored.status_code == 422, restored.get_data(as_text=True)
    assert restored.json["errors"] == {"observed_at": "is before the outage started"}
    assert api.get(f"/api/v1/reports/{update}").json["status"] == "retracted"
    # Its outage's start put back, it counts again.
    back = api.patch(f"/api/v1/reports/{outage}", json={"started_at": "2021-07-24 11:00", "version": 2})
    assert back.status_code == 200, back.get_data(as_text=True)
    assert api.post(f"/api/v1/reports/{update}/restore", json={"version": 2}).status_code == 200


def test_a_volume_outside_its_operations_hours_now_is_not_restored(coordinator_api: TokenClient, where):
    api, (url, area) = coordinator_api, where
    operation = _made(api, url, {"kind": "pumping", "area_id": area, "observed_at": "2021-07-24 10:00",
                                 "team": "一队", "people": 3, "ended_at": "2021-07-24 20:00"})
    volume = _made(api, url, {"kind": "pumping_volume", "operation_id": operation, "period_start": "2021-07-24 12:00",
                              "period_end": "2021-07-24 18:00", "volume_m3": 100})
    assert api.post(f"/api/v1/reports/{volume}/retract", json={"version": 1}).status_code == 200
    narrowed = api.patch(f"/api/v1/reports/{operation}", json={"ended_at": "2021-07-24 14:00", "version": 1})
    assert narrowed.status_code == 200, narrowed.get_data(as_text=True)

    restored = api.post(f"/api/v1/reports/{volume}/restore", json={"version": 2}, headers=EN)
    assert restored.status_code == 422, restored.get_data(as_text=True)
    assert list(restored.json["errors"]) == ["period_end"]
    assert f"operation #{operation} ended" in restored.json["errors"]["period_end"]
    assert api.get(f"/api/v1/reports/{volume}").json["status"] == "retracted"
