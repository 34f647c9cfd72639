"""An `If-Match` listing several entity tags applies when any of them is current (RFC 9110 §13.1.1), on reports,
events and areas alike; one naming no current version is still the 412.

Found by the 5 December afternoon probe: `If-Match: "1", "2"` on a record at version 2 was a 412 "the record changed
since you read it" (reports read the first tag only, events and areas the whole header as one tag).
"""

from __future__ import annotations

import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.events.models import Event
from tests.api.conftest import TokenClient


def _urls(database, api: TokenClient) -> list[str]:  # noqa: ANN001
    with database.read_session() as s:
        event = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
        area = s.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
    made = api.post(f"/api/v1/events/{event}/reports", json={
        "kind": "activity", "area_id": area, "observed_at": "2021-07-30 08:00", "title": "排涝调度会"})
    assert made.status_code == 201, made.get_data(as_text=True)
    return [f"/api/v1/reports/{made.json['id']}", f"/api/v1/events/{event}", f"/api/v1/areas/{area}"]


def test_a_list_naming_the_current_version_applies(seeded, database, coordinator_api: TokenClient):
    api = coordinator_api
    for url in _urls(database, api):
        current = api.get(url).headers["ETag"].strip('"')
        later = str(int(current) + 1)
        stale = api.patch(url, json={"note" if "reports" in url else "name_en": "a"},
                          headers={"If-Match": f'"{later}", "{int(later) + 1}"'})
        assert stale.status_code == 412, (url, stale.get_data(as_text=True))
        body = {"note": "b"} if "reports" in url else {"name_en": "b"}
        listed = api.patch(url, json=body, headers={"If-Match": f'"{later}", W/"{current}"'})
        assert listed.status_code == 200, (url, listed.get_data(as_text=True))
        assert int(api.get(url).headers["ETag"].strip('"')) > int(current), url  # changed (an area may be placed anew)
