"""An interval that ends exactly when a brief's period begins bears on the day before, not on this one.

Found by replaying a typhoon through the API: a debris clearance over 26 Nov 00:00–27 Nov 00:00 was
left out of 27 Nov's debris figures (right) but counted in its "reports used" (wrong).
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.briefs.queries import statuses_used
from incidents.days import day_bounds
from incidents.db import now_utc
from incidents.events.models import Event
from tests.api.conftest import TokenClient


def test_an_interval_ending_at_the_period_start_is_used_by_the_day_before_only(
        seeded, database, coordinator_api: TokenClient):
    with database.read_session() as s:
        event = s.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
        area = s.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
        day = date(2021, 7, 27)
        start, end = day_bounds(event, day)
        before_start, _ = day_bounds(event, date(2021, 7, 26))

    def used(a, b) -> int:  # noqa: ANN001
        with database.read_session() as s:
            return sum(statuses_used(s, event.id, a, b, now_utc()).values())

    today, yesterday = used(start, end), used(before_start, start)
    made = coordinator_api.post(f"/api/v1/events/{event.id}/reports", json={
        "kind": "debris", "area_id": area, "mass_kg": 2000,
        "period_start": "2021-07-26 00:00", "period_end": "2021-07-27 00:00"})
    assert made.status_code == 201, made.get_json()
    assert used(before_start, start) == yesterday + 1
    assert used(start, end) == today
