"""A volume pumped over a day and sent the next morning is that day's data: the zero-report board agrees
with the figures it sits beside.

Found replaying a flood through the API: 柳营镇's only news for 10 July was a volume pumped 08:00 that
day to 08:00 the next, sent at 08:30; the revised brief put ≈1,200 m³ in its row (报告数 0) and listed it
under 零报告（本时段无情况）, from its zero report for the day, which the volume contradicts. Here the
volume runs from the evening before to the small hours after: observed (its end) and sent on the 3rd.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.briefs.once import compile_once
from incidents.briefs.periods import due_at
from incidents.events.models import Event
from tests.api.conftest import TokenClient


def test_an_interval_reaching_into_the_day_is_data_for_it(seeded, database, coordinator_api: TokenClient):
    with database.read_session() as s:
        district = s.scalar(sa.select(Area.id).where(Area.name == "文峰区"))
        place = s.scalar(sa.select(Area).where(Area.name == "彰德路64号院"))
        subdistrict = s.get(Area, place.parent_id)
        while subdistrict.level.value != "subdistrict":
            subdistrict = s.get(Area, subdistrict.parent_id)
        place_id, sub_name = place.id, subdistrict.name
    made = coordinator_api.post("/api/v1/events", json={
        "code": "board-intervals", "kind": "rainstorm", "name": "区间与零报告", "area_id": district,
        "starts_at": "2021-08-01 00:00", "ends_at": "2021-08-04 00:00"})
    assert made.status_code == 201, made.json
    event_id = made.json["id"]
    url = f"/api/v1/events/{event_id}/reports"
    operation = coordinator_api.post(url, json={"kind": "pumping", "area_id": place_id, "team": "消防",
                                                "observed_at": "2021-08-01 10:00", "reported_at": "2021-08-01 10:05"})
    assert operation.status_code == 201, operation.json
    zero = coordinator_api.post(url, json={"kind": "zero_report", "area_id": subdistrict.id,
                                           "period_day": "2021-08-02", "reported_at": "2021-08-02 20:00"})
    assert zero.status_code == 201, zero.json
    volume = coordinator_api.post(url, json={"kind": "pumping_volume", "operation_id": operation.json["id"],
                                             "period_start": "2021-08-01 20:00", "period_end": "2021-08-03 04:00",
                                             "volume_m3": 3200, "reported_at": "2021-08-03 05:00"})
    assert volume.status_code == 201, volume.json

    with database.read_session() as s:
        event = s.get(Event, event_id)
        now = due_at(event, date(2021, 8, 2))
    result = compile_once(database, event_id, date(2021, 8, 2), now=now)
    content = result.brief.content
    row = next(r for r in content["subdistricts"] if r["name"] == sub_name)
    assert row["volume_m3"]["period"]["value"] == 2400
    assert row["reports"] == 1
    quality = content["quality"]
    assert sub_name not in [a["name"] for a in quality["zero_reported"] + quality["silent"]]
