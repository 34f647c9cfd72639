"""`updated_since` with its offset's + typed into the URL as is reads as that +, as `as_of` and `known_at` do.

`?updated_since=2021-07-25T01:00+08:00` arrives as `2021-07-25T01:00 08:00` (a + in a query string is a
space): the report list answered 400 "must be a date and time", while the timeline and map read the same
spelling (timelines/moments.py). One rule now reads both (vague.plus_from_url).
"""

from __future__ import annotations

import sqlalchemy as sa

from incidents.events.models import Event

RAIN = "wenfeng-2021-07-rainstorm"


def test_updated_since_reads_a_plus_sent_as_is(seeded, session, viewer_api):
    event_id = session.scalar(sa.select(Event.id).where(Event.code == RAIN))
    url = f"/api/v1/events/{event_id}/reports"
    escaped = viewer_api.get(f"{url}?updated_since=2021-07-25T01:00%2B08:00")
    assert escaped.status_code == 200, escaped.get_json()
    raw = viewer_api.get(f"{url}?updated_since=2021-07-25T01:00+08:00")
    assert raw.status_code == 200, raw.get_json()
    assert raw.get_json()["reports"] == escaped.get_json()["reports"]
    # A minus needs no escaping; a local time with a space before its clock is still a local time.
    assert viewer_api.get(f"{url}?updated_since=2021-07-24T17:00-00:00").get_json() == escaped.get_json()
    assert viewer_api.get(f"{url}?updated_since=2021-07-25 01:00").get_json() == escaped.get_json()
