"""A subdistrict is not demoted under what rests on its level: an event concerns a district or a subdistrict, and a
zero report answers for a whole subdistrict. 北大街街道 made a community was taken, its event and zero report then
standing on a place neither may have."""

from __future__ import annotations

import sqlalchemy as sa

from incidents.models import Area


def _bdj(database) -> int:  # noqa: ANN001
    with database.read_session() as s:
        return s.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))


def _demote(api, area_id: int):  # noqa: ANN001, ANN202
    version = api.get(f"/api/v1/areas/{area_id}").get_json()["version"]
    return api.patch(f"/api/v1/areas/{area_id}", json={"level": "community", "version": version},
                     headers={"Accept-Language": "en"})


def test_a_subdistrict_with_an_event_keeps_its_level(seeded, database, token_client):
    api = token_client("office", "coordinator")
    bdj = _bdj(database)
    event = api.post("/api/v1/events", json={"name": "北大街内涝", "kind": "flood", "code": "bdj-flood",
                                             "starts_at": "2026-12-01 08:00", "area_id": bdj})
    assert event.status_code == 201
    refused = _demote(api, bdj)
    assert refused.status_code == 422, refused.get_json()
    assert "北大街内涝" in refused.get_json()["errors"]["level"]
    with database.read_session() as s:
        assert s.get(Area, bdj).level.value == "subdistrict"


def test_a_subdistrict_with_a_zero_report_keeps_its_level(seeded, database, token_client, live):
    api = token_client("office", "coordinator")
    bdj = _bdj(database)
    zero = api.post(f"/api/v1/events/{live.id}/reports", json={"kind": "zero_report", "area_id": bdj})
    assert zero.status_code == 201, zero.get_json()
    refused = _demote(api, bdj)
    assert refused.status_code == 422, refused.get_json()
    assert f"#{zero.get_json()['id']}" in refused.get_json()["errors"]["level"]
    assert api.post(f"/api/v1/reports/{zero.get_json()['id']}/retract").status_code == 200
    assert _demote(api, bdj).status_code == 200  # nothing rests on it now


def test_a_subdistrict_with_a_reminder_recipient_keeps_its_level(seeded, database, token_client, live):
    from incidents.distribution.models import Recipient

    api = token_client("office", "coordinator")
    bdj = _bdj(database)
    with database.transaction() as s:
        s.add(Recipient(event_id=live.id, name="北大街街道办", channel="email", address="bdj@example.org",
                        briefs=False, reminders=True, area_id=bdj))
    refused = _demote(api, bdj)
    assert refused.status_code == 422, refused.get_json()
    assert "北大街街道办" in refused.get_json()["errors"]["level"]
