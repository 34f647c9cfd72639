"""`If-Match: *` is HTTP's "any current version" (RFC 9110 §13.1.1): a change made on it applies to the record as
it stands when the change is saved, whatever its version; a `version` sent beside it is still checked
(docs/api-reports.md, Optimistic locking). Reports took it so, undocumented; events and areas refused it with
412, as if `*` were a stale version."""

from __future__ import annotations

import sqlalchemy as sa

from incidents.areas.models import Area
from tests.api.conftest import TokenClient, corrected_once

ANY = {"If-Match": "*"}


def test_a_report_patched_on_any_version_is_changed_as_it_stands(seeded, database, coordinator_api: TokenClient):
    api = coordinator_api
    url = corrected_once(api, database)
    # The client never read version 2: `*` says "whatever is there now", so the change lands on version 2.
    blind = api.patch(url, json={"note": "会后补记"}, headers=ANY)
    assert blind.status_code == 200, blind.json
    assert (blind.json["version"], blind.json["title"], blind.json["note"]) == (3, "排涝调度会（一）", "会后补记")
    assert blind.headers["ETag"] == '"3"'
    history = api.get(f"{url}/history")
    assert history.status_code == 200 and len(history.json["entries"]) == 3
    # A version sent beside `*` is still the one checked: stale, nothing is saved.
    stale = api.patch(url, json={"note": "旧版本上的补记", "version": 2}, headers=ANY)
    assert stale.status_code == 409 and stale.json["current_version"] == 3
    # `*` needs a current representation: a report that does not exist is a 404, nothing made.
    assert api.patch("/api/v1/reports/999999", json={"note": "x"}, headers=ANY).status_code == 404
    # The status changes read it the same way.
    assert api.post(f"{url}/verify", headers=ANY).status_code == 200
    assert api.get(url).json["status"] == "verified"


def test_an_event_or_area_changed_on_any_version_is_changed_too(seeded, database, coordinator_api: TokenClient):
    with database.read_session() as s:
        parent = s.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    api = coordinator_api
    area = api.post("/api/v1/areas", json={"name": "星号测试小区", "level": "site", "parent_id": parent}).json
    event = api.post("/api/v1/events", json={"code": "flood-if-match-any", "kind": "flood", "name": "内涝",
                                             "starts_at": "2021-07-20 00:00"}).json
    for record, field, first, second in ((area, "households", 40, 50), (event, "name", "内涝一", "内涝二")):
        assert api.patch(record["url"], json={field: first, "version": record["version"]}).status_code == 200
        blind = api.patch(record["url"], json={field: second}, headers=ANY)
        assert blind.status_code == 200, (record["url"], blind.json)
        assert blind.json[field] == second and blind.json["version"] == record["version"] + 2
        stale = api.patch(record["url"], json={field: first, "version": record["version"]}, headers=ANY)
        assert stale.status_code == 409, (record["url"], stale.json)
        assert api.get(record["url"]).json[field] == second
