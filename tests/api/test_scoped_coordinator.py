"""A coordinator scoped to one subdistrict manages that subdistrict only: its areas, not the district's.

Found by an outside audit: such a coordinator changed areas of other subdistricts and the district
itself, added areas under them, and read other subdistricts' recipients through their history.
"""

from __future__ import annotations

import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.distribution.services import RecipientFields, save_recipient
from incidents.events.models import Event
from tests.api.conftest import TokenClient
from tests.conftest import Auth

BDJ = "文峰区/北大街街道"


def _areas(database) -> dict[str, int]:  # noqa: ANN001
    with database.read_session() as s:
        return {a.name: a.id for a in s.scalars(sa.select(Area))}


def test_a_scoped_coordinator_changes_areas_in_scope_only(seeded, database, token_client):
    api: TokenClient = token_client("c-bdj", "coordinator", scope=BDJ)
    ids = _areas(database)
    outside, district, inside = ids["银杏大街街道"], ids["文峰区"], ids["彰德路64号院"]
    for area in (outside, district):
        version = api.get(f"/api/v1/areas/{area}").get_json()["version"]
        assert api.patch(f"/api/v1/areas/{area}", json={"households": 5, "version": version}).status_code == 403
    refused = api.post("/api/v1/areas", json={"name": "越界小区", "level": "site", "parent_id": outside})
    assert refused.status_code == 403 and "parent_id" in refused.get_json()["errors"]
    assert api.post("/api/v1/areas", json={"name": "顶层", "level": "district"}).status_code == 403
    version = api.get(f"/api/v1/areas/{inside}").get_json()["version"]
    moved = api.patch(f"/api/v1/areas/{inside}", json={"parent_id": outside, "version": version})
    assert moved.status_code == 403
    ok = api.patch(f"/api/v1/areas/{inside}", json={"households": 120, "version": version})
    assert ok.status_code == 200, ok.get_json()
    made = api.post("/api/v1/areas", json={"name": "北大街新小区", "level": "site", "parent_id": ids["北大街街道"]})
    assert made.status_code == 201, made.get_json()
    with database.read_session() as s:
        assert s.get(Area, outside).households is None or s.get(Area, outside).households != 5
        assert s.scalar(sa.select(sa.func.count()).select_from(Area).where(Area.name.in_(["越界小区", "顶层"]))) == 0


def test_a_scoped_coordinator_edits_no_area_outside_on_the_web(app, seeded, database, make_user):
    make_user("c-web", "coordinator", scope=BDJ)
    client = app.test_client()
    Auth(client).login("c-web")
    ids = _areas(database)
    assert client.get(f"/areas/{ids['银杏大街街道']}/edit").status_code == 403
    assert client.get(f"/areas/{ids['彰德路64号院']}/edit").status_code == 200


def test_a_scoped_coordinator_reads_no_other_recipients_history(app, seeded, database, make_user):
    make_user("c-hist", "coordinator", scope=BDJ)
    with database.transaction() as s:
        event = s.scalar(sa.select(Event).limit(1))
        whole = save_recipient(s, None, event, RecipientFields(name="区防办", channel="email",
                                                               address="district@example.org")).id
    client = app.test_client()
    Auth(client).login("c-hist")
    for url in (f"/history/recipients/{whole}", f"/history/recipients/{whole}/export.json"):
        response = client.get(url)
        assert response.status_code == 403 and "district@example.org" not in response.get_data(as_text=True)


def test_a_scoped_coordinator_sets_up_no_district_event_or_brief(app, seeded, database, token_client, make_user):
    api: TokenClient = token_client("c-ev", "coordinator", scope=BDJ)
    ids = _areas(database)
    with database.read_session() as s:
        event = s.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
        event_id, version, name = event.id, event.version, event.name
    assert api.patch(f"/api/v1/events/{event_id}", json={"name": "hijack", "version": version}).status_code == 403
    assert api.post(f"/api/v1/events/{event_id}/reopen").status_code == 403
    district = api.post("/api/v1/events", json={"code": "c-ev-1", "name": "x", "kind": "flood",
                                                 "starts_at": "2021-07-01 00:00", "area_id": ids["文峰区"]})
    assert district.status_code == 403 and "area_id" in district.get_json()["errors"]
    assert api.post(f"/api/v1/events/{event_id}/briefs/compile", json={"day": "2021-07-24"}).status_code == 403
    with database.read_session() as s:
        assert s.get(Event, event_id).name == name
    own = api.post("/api/v1/events", json={"code": "c-ev-2", "name": "北大街积水", "kind": "flood",
                                            "starts_at": "2021-07-01 00:00", "area_id": ids["北大街街道"]})
    assert own.status_code == 201, own.get_json()
    # On the web: no brief buttons on the district's brief page, and the event form is refused.
    make_user("c-ev-web", "coordinator", scope=BDJ)
    client = app.test_client()
    Auth(client).login("c-ev-web")
    assert client.get(f"/events/{event_id}/edit").status_code == 403
    assert f"/events/{event_id}/briefs/compile" not in client.get(f"/events/{event_id}/briefs").get_data(as_text=True)
    assert client.post(f"/events/{event_id}/briefs/compile", data={"day": "2021-07-24"}).status_code in (400, 403)


def test_a_scoped_coordinator_sets_up_the_places_under_its_subdistrict_not_the_subdistrict(app, seeded, database,
                                                                                             token_client, make_user):
    # Found by an auditor: the 北大街 coordinator renamed its subdistrict and could make it a community, which
    # reshaped the district's brief (its groups are subdistricts). Its own place is the district office's to set.
    api: TokenClient = token_client("c-root", "coordinator", scope=BDJ)
    ids = _areas(database)
    root = ids["北大街街道"]
    version = api.get(f"/api/v1/areas/{root}").get_json()["version"]
    for change in ({"name": "北大街"}, {"level": "community"}, {"households": 9}):
        assert api.patch(f"/api/v1/areas/{root}", json={**change, "version": version}).status_code == 403
    with database.read_session() as s:
        area = s.get(Area, root)
        assert (area.name, area.level.value, area.version) == ("北大街街道", "subdistrict", version)
    make_user("c-root-web", "coordinator", scope=BDJ)
    client = app.test_client()
    Auth(client).login("c-root-web")
    assert client.get(f"/areas/{root}/edit").status_code == 403
    page = client.get(f"/areas/{root}").get_data(as_text=True)
    assert f"/areas/{root}/edit" not in page  # not offered where it would be refused
    assert f"/areas/new?parent={root}" in page  # places under it are still its to add
    site = client.get(f"/areas/{ids['彰德路64号院']}").get_data(as_text=True)
    assert f"/areas/{ids['彰德路64号院']}/edit" in site


def test_out_of_scope_is_said_before_the_body(seeded, database, token_client, coordinator_api):
    """Found by an auditor: reopen, recompile and publish with a body answered 422 ("takes no body") to a coordinator of
    another subdistrict, where the same request without a body is 403: scope is said first, as close and PATCH do."""
    from tests.api.conftest import compiled_brief

    api: TokenClient = token_client("c-body", "coordinator", scope=BDJ)
    with database.read_session() as s:
        event_id = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    brief = compiled_brief(coordinator_api, database, f"/api/v1/events/{event_id}/briefs/compile",
                           {"day": "2021-07-23"})
    for url in (f"/api/v1/events/{event_id}/reopen", f"/api/v1/briefs/{brief['id']}/recompile",
                f"/api/v1/briefs/{brief['id']}/publish"):
        assert api.post(url, json={"why": "x"}).status_code == 403, url
        assert coordinator_api.post(url, json={"why": "x"}).status_code == 422, url  # in scope: the body is named
