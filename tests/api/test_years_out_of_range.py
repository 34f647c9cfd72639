"""A time in year 0001 or 9999 is told the years accepted, not "must be a date and time".

Found by an outside tester: a well-formed time with a mistyped year got the message for text that is
no time at all, sending the sender to look at its spelling rather than its year.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.events.models import Event
from tests.api.conftest import TokenClient

EN = {"Accept-Language": "en"}
RANGE = "must be between the years 1900 and 2999: check the year"


@pytest.mark.parametrize("when", ["0001-01-01 10:00", "9999-12-31 evening", "9999-12-31T10:00+08:00",
                                  "0001-01-01T00:00Z", "1899/12/31 10:00", "3000-01-01"])
def test_a_year_out_of_range_is_named_with_the_range(seeded, database, coordinator_api: TokenClient, when):
    with database.read_session() as s:
        event = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
        area = s.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
    url = f"/api/v1/events/{event}/reports"
    body = {"kind": "outage", "area_id": area, "households_affected": 5, "started_at": when}
    refused = coordinator_api.post(url, json=body, headers=EN)
    assert refused.status_code == 422 and refused.get_json()["errors"] == {"started_at": RANGE}, refused.get_json()
    chinese = coordinator_api.post(url, json=body)
    assert chinese.get_json()["errors"] == {"started_at": "须在1900年至2999年之间：请检查年份"}
    stated = coordinator_api.post(url, json={**body, "started_at": "2021-07-22 10:00", "reported_at": when},
                                  headers=EN)
    assert stated.status_code == 422 and stated.get_json()["errors"] == {"reported_at": RANGE}
