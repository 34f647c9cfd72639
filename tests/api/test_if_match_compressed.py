"""The ETag of a gzip-compressed answer ("3:gzip", Flask-Compress's) sent back as If-Match is that version.

Every HTTP client asks for gzip; a report, event or area whose JSON passes 1 KB came with "3:gzip", and
sending it back, as the docs say to, was refused 412 forever: no change could ever be saved.
"""

from __future__ import annotations

import sqlalchemy as sa

from incidents.events.models import Event
from tests.api.conftest import TokenClient

GZIP = {"Accept-Encoding": "gzip"}
LONG = "暴雨导致辖区部分院落、小区电力设施受损停电。" * 60  # past the 1 KB compression threshold


def test_a_compressed_reports_etag_is_its_version(where, reporter_api: TokenClient):
    url, area = where
    created = reporter_api.post(url, json={"kind": "activity", "area_id": area, "observed_at": "2021-07-23",
                                           "title": "排查", "note": LONG})
    assert created.status_code == 201, created.json
    report = f"/api/v1/reports/{created.json['id']}"
    read = reporter_api.get(report, headers=GZIP)
    assert read.headers.get("Content-Encoding") == "gzip"
    tag = read.headers["ETag"]
    changed = reporter_api.patch(report, json={"title": "排查隐患"}, headers={**GZIP, "If-Match": tag})
    assert changed.status_code == 200, changed.get_data()
    # The version moved on: the old compressed tag is stale now, as an uncompressed one would be.
    stale = reporter_api.patch(report, json={"title": "再改"}, headers={"If-Match": tag})
    assert stale.status_code == 412


def test_a_compressed_events_etag_is_its_version(seeded, session, coordinator_api: TokenClient):
    event_id = session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    url = f"/api/v1/events/{event_id}"
    read = coordinator_api.get(url)
    first = coordinator_api.patch(url, json={"description": LONG}, headers={"If-Match": read.headers["ETag"]})
    assert first.status_code == 200, first.get_data()
    read = coordinator_api.get(url, headers=GZIP)
    assert read.headers.get("Content-Encoding") == "gzip"
    changed = coordinator_api.patch(url, json={"description": LONG[:100]}, headers={"If-Match": read.headers["ETag"]})
    assert changed.status_code == 200, changed.get_data()
