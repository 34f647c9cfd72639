"""A change that sends both If-Match and `version` is refused when either is stale, never saved on the header's word.

Found replaying a flood through the API: a PATCH of a pumped volume with the current ETag in If-Match and
an older `version` in the body (a client that re-sent what it had read before) overwrote the newer
version; the body's version was not looked at.
"""

from __future__ import annotations

import sqlalchemy as sa

from incidents.areas.models import Area
from tests.api.conftest import TokenClient, corrected_once


def test_a_report_change_or_review_with_a_stale_body_version_is_refused(seeded, database,
                                                                        coordinator_api: TokenClient):
    api = coordinator_api
    url = corrected_once(api, database)
    tag = api.get(url).headers["ETag"]
    for header in (tag, "*"):
        stale = api.patch(url, json={"title": "旧版本上的更正", "version": 1}, headers={"If-Match": header})
        assert stale.status_code == 409, stale.json
        assert stale.json["current_version"] == 2 and "version" in stale.json["errors"]
    review = api.post(f"{url}/verify", json={"version": 1}, headers={"If-Match": tag})
    assert review.status_code == 409, review.json
    now = api.get(url).json
    assert (now["title"], now["version"], now["status"]) == ("排涝调度会（一）", 2, "submitted")
    # Both current: the change is made.
    both = api.patch(url, json={"title": "排涝调度会（二）", "version": 2}, headers={"If-Match": tag})
    assert both.status_code == 200, both.json


def test_an_event_or_area_change_with_a_stale_body_version_is_refused(seeded, database,
                                                                      coordinator_api: TokenClient):
    with database.read_session() as s:
        parent = s.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    api = coordinator_api
    area = api.post("/api/v1/areas", json={"name": "内涝测试小区", "level": "site", "parent_id": parent}).json
    event = api.post("/api/v1/events", json={"code": "flood-if-match", "kind": "flood", "name": "内涝",
                                             "starts_at": "2021-07-20 00:00"}).json
    for record, field, first, second in ((area, "households", 40, 50), (event, "name", "内涝一", "内涝二")):
        read = record["version"]
        assert api.patch(record["url"], json={field: first, "version": read}).status_code == 200
        tag = api.get(record["url"]).headers["ETag"]
        stale = api.patch(record["url"], json={field: second, "version": read}, headers={"If-Match": tag})
        assert stale.status_code == 409, (record["url"], stale.json)
        assert api.get(record["url"]).json[field] == first
