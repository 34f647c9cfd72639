"""A place is not moved out of the place of an event whose reports it holds: they would be counted by an event
they are no longer within, out of its scoped coordinator's reach (the rule an event's own narrowing keeps)."""

from __future__ import annotations

import sqlalchemy as sa

from incidents.models import Area, Event, Report
from tests.conftest import CSRF_RE


def _ids(database) -> dict[str, int]:  # noqa: ANN001
    with database.read_session() as s:
        return {name: id_ for name, id_ in s.execute(sa.select(Area.name, Area.id))}


def _subdistrict_event(api, area: dict[str, int]) -> tuple[int, int]:  # noqa: ANN001
    """An event of 北大街街道 with one report at 文峰汇·十二府; (event id, report id)."""
    event = api.post("/api/v1/events", json={"name": "北大街内涝", "kind": "flood", "code": "bdj-flood",
                                             "starts_at": "2026-12-01 08:00", "area_id": area["北大街街道"]})
    assert event.status_code == 201, event.get_json()
    report = api.post(f"/api/v1/events/{event.get_json()['id']}/reports",
                      json={"kind": "activity", "area_id": area["文峰汇·十二府"], "title": "巡查",
                            "observed_at": "2026-12-02 10:00"})
    assert report.status_code == 201, report.get_json()
    return event.get_json()["id"], report.get_json()["id"]


def test_an_area_with_a_subdistrict_events_reports_stays_within_it(seeded, database, token_client):
    api = token_client("office", "coordinator")
    area = _ids(database)
    event_id, report_id = _subdistrict_event(api, area)
    site = api.get(f"/api/v1/areas/{area['文峰汇·十二府']}").get_json()
    refused = api.patch(f"/api/v1/areas/{site['id']}", json={"parent_id": area["银杏大街街道"],
                                                              "version": site["version"]},
                        headers={"Accept-Language": "en"})
    assert refused.status_code == 422
    message = refused.get_json()["errors"]["parent_id"]
    assert "北大街内涝" in message and f"#{report_id}" in message, message
    with database.read_session() as s:
        assert s.get(Area, site["id"]).parent_id == area["北大街街道"]  # nothing moved
    # Once its report is retracted, the move is taken.
    assert api.post(f"/api/v1/reports/{report_id}/retract").status_code == 200
    moved = api.patch(f"/api/v1/areas/{site['id']}", json={"parent_id": area["银杏大街街道"],
                                                            "version": site["version"]})
    assert moved.status_code == 200, moved.get_json()
    with database.read_session() as s:
        assert s.get(Event, event_id).area_id == area["北大街街道"]
        assert s.get(Report, report_id).area_id == area["文峰汇·十二府"]


def test_the_area_form_says_so_on_parent(seeded, database, token_client, client, auth, make_user):
    """The area form refuses the move under 上级, in Chinese; the subdistrict itself moves with its reports."""
    api = token_client("office", "coordinator")
    area = _ids(database)
    _subdistrict_event(api, area)
    make_user("clerk", "coordinator")
    auth.login("clerk")
    page = client.get(f"/areas/{area['文峰汇·十二府']}/edit").get_data(as_text=True)
    form = {"csrf_token": CSRF_RE.search(page).group(1), "name": "文峰汇·十二府", "level": "site",
            "parent_id": str(area["银杏大街街道"]), "version": "1", "name_en": "", "code": "", "coordinates": "",
            "households": "", "buildings": ""}
    response = client.post(f"/areas/{area['文峰汇·十二府']}/edit", data=form)
    assert response.status_code in (400, 422)
    assert "北大街内涝" in response.get_data(as_text=True)
    with database.read_session() as s:
        assert s.get(Area, area["文峰汇·十二府"]).parent_id == area["北大街街道"]


def test_a_report_left_outside_its_event_is_not_restored(seeded, database, token_client):
    """Retracted, its place moved out of the event's: restoring it would count it there again; refused."""
    api = token_client("office", "coordinator")
    area = _ids(database)
    _event_id, report_id = _subdistrict_event(api, area)
    assert api.post(f"/api/v1/reports/{report_id}/retract").status_code == 200
    site = api.get(f"/api/v1/areas/{area['文峰汇·十二府']}").get_json()
    assert api.patch(f"/api/v1/areas/{site['id']}", json={"parent_id": area["银杏大街街道"],
                                                           "version": site["version"]}).status_code == 200
    refused = api.post(f"/api/v1/reports/{report_id}/restore")
    assert refused.status_code == 422, refused.get_json()
    assert "area_id" in refused.get_json()["errors"]
    with database.read_session() as s:
        assert s.get(Report, report_id).status.value == "retracted"
