"""A report on an ended event observed over 7 days after its end is refused, as one over 7 days before its start;
a zero report sent without a day after the event's last brief is refused, not filed on the last day.

Found by an outside tester: a report observed 2026-12-01 on an event that ended 2025-09-03 got 201.
"""

from __future__ import annotations

import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.events.models import Event
from incidents.reports.models import Report
from tests.api.conftest import TokenClient

EN = {"Accept-Language": "en"}
AFTER = "is over 7 days after the event ended (2021-07-31): check the year"


def _ids(database) -> tuple[int, int]:  # noqa: ANN001
    with database.read_session() as s:
        event = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
        area = s.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
    return event, area


def _total(database) -> int:  # noqa: ANN001
    with database.read_session() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(Report))


def test_a_report_long_after_the_end_is_refused(seeded, database, coordinator_api: TokenClient):
    event, area = _ids(database)  # ended 2021-07-31 23:59
    url = f"/api/v1/events/{event}/reports"
    before = _total(database)
    late = coordinator_api.post(url, json={"kind": "activity", "area_id": area, "title": "灾后回访",
                                           "observed_at": "2026-12-01 10:00"}, headers=EN)
    assert late.status_code == 422 and late.get_json()["errors"] == {"observed_at": AFTER}
    chinese = coordinator_api.post(url, json={"kind": "activity", "area_id": area, "title": "灾后回访",
                                              "observed_at": "2021-08-08 10:00"})
    assert chinese.get_json()["errors"] == {"observed_at": "晚于事件结束（2021-07-31）超过 7 天：请核对年份"}
    # An interval is named by its end, the field the sender gave.
    debris = coordinator_api.post(url, json={"kind": "debris", "area_id": area, "period_start": "2021-07-30 08:00",
                                             "period_end": "2021-09-01 18:00", "mass_t": 3}, headers=EN)
    assert debris.status_code == 422 and debris.get_json()["errors"] == {"period_end": AFTER}
    assert _total(database) == before
    # Within the window (the clean-up's last days) it is taken, as before.
    within = coordinator_api.post(url, json={"kind": "activity", "area_id": area, "title": "灾后回访",
                                             "observed_at": "2021-08-07 20:00"})
    assert within.status_code == 201, within.get_json()


def test_a_zero_report_without_a_day_after_the_last_brief_is_refused(seeded, database, scoped_api: TokenClient):
    event, _area = _ids(database)
    url = f"/api/v1/events/{event}/reports"
    before = _total(database)
    bare = scoped_api.post(url, json={"kind": "zero_report"}, headers=EN)
    assert bare.status_code == 422
    assert bare.get_json()["errors"] == {"period_day": "the event has ended: give the day this zero report is for"}
    assert _total(database) == before
    dated = scoped_api.post(url, json={"kind": "zero_report", "period_day": "2021-07-31"})
    assert dated.status_code == 201, dated.get_json()
    assert scoped_api.get(f"/api/v1/reports/{dated.get_json()['id']}").get_json()["period_day"] == "2021-07-31"
