"""A day given alone reads the spellings a time's day reads (2021/8/2, 2021年8月2日, full-width digits): a zero report's
period_day, a brief compile's day, the report list's ?day=. What is ambiguous or no day is still refused by name.

Found: `observed_at` took 2021/8/2 and 2021年8月2日 in the same body whose period_day refused them (docs/api.md, Days).
"""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.briefs.models import CompileRequest
from incidents.events.models import Event
from incidents.models import ZeroReport
from tests.api.conftest import TokenClient

SPELLINGS = ["2021/8/2", "2021年8月2日", "２０２１－０８－０２", "2021-8-2", "2021.8.2", " 2021 年 8 月 2 日 "]
# Not a day: no year, a day no calendar has, a week or basic-form date, day-first, a day with a clock.
NOT_DAYS = ["8/2", "2021-02-30", "2021/2/30", "2021-W31-1", "20210802", "02/08/2021", "2021/8/2 10:00"]


@pytest.fixture
def subdistrict_event(seeded, database, coordinator_api: TokenClient) -> tuple[int, int]:
    """An event over one subdistrict, 1–4 August 2021: its id and the subdistrict's."""
    with database.read_session() as s:
        sub_id = s.scalar(sa.select(Area.id).where(Area.level == "subdistrict").order_by(Area.id).limit(1))
    made = coordinator_api.post("/api/v1/events", json={
        "code": "day-spellings", "kind": "rainstorm", "name": "日期写法", "area_id": sub_id,
        "starts_at": "2021-08-01 00:00", "ends_at": "2021-08-04 00:00"})
    assert made.status_code == 201, made.json
    return made.json["id"], sub_id


def _zero_days(database) -> list[date]:  # noqa: ANN001
    with database.read_session() as s:
        return list(s.scalars(sa.select(ZeroReport.period_day)))


@pytest.mark.parametrize("day", SPELLINGS)
def test_a_zero_reports_day_reads_as_its_time_would(database, coordinator_api: TokenClient, subdistrict_event, day):
    event_id, sub_id = subdistrict_event
    sent = coordinator_api.post(f"/api/v1/events/{event_id}/reports", json={
        "kind": "zero_report", "area_id": sub_id, "period_day": day, "reported_at": "2021-08-03 07:00"})
    assert sent.status_code == 201, sent.json
    assert _zero_days(database) == [date(2021, 8, 2)]


@pytest.mark.parametrize("day", NOT_DAYS)
def test_a_zero_reports_day_that_is_no_day_is_refused_by_name(database, coordinator_api: TokenClient,
                                                              subdistrict_event, day):
    event_id, sub_id = subdistrict_event
    refused = coordinator_api.post(f"/api/v1/events/{event_id}/reports", json={
        "kind": "zero_report", "area_id": sub_id, "period_day": day, "reported_at": "2021-08-03 07:00"})
    assert refused.status_code == 422 and "period_day" in refused.json["errors"], refused.json
    assert _zero_days(database) == []


def test_a_corrected_day_reads_so_too(database, coordinator_api: TokenClient, subdistrict_event):
    event_id, sub_id = subdistrict_event
    sent = coordinator_api.post(f"/api/v1/events/{event_id}/reports", json={
        "kind": "zero_report", "area_id": sub_id, "period_day": "2021-08-02", "reported_at": "2021-08-03 07:00"})
    url = f"/api/v1/reports/{sent.json['id']}"
    moved = coordinator_api.patch(url, json={"period_day": "2021年8月1日"},
                                  headers={"If-Match": coordinator_api.get(url).headers["ETag"]})
    assert moved.status_code == 200, moved.json
    assert _zero_days(database) == [date(2021, 8, 1)]


def _seed_event(database) -> int:  # noqa: ANN001
    with database.read_session() as s:
        return s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))


@pytest.mark.parametrize("day", ["2021/7/24", "2021年7月24日", "２０２１－０７－２４"])
def test_a_brief_compile_reads_the_day_so(seeded, database, coordinator_api: TokenClient, day):
    event = _seed_event(database)
    queued = coordinator_api.post(f"/api/v1/events/{event}/briefs/compile", json={"day": day})
    assert queued.status_code in (200, 202), queued.json
    with database.read_session() as s:
        assert list(s.scalars(sa.select(CompileRequest.day))) == [date(2021, 7, 24)]


@pytest.mark.parametrize("day", ["7/24", "2021-02-30", "2021/7/24 下午"])
def test_a_brief_compile_refuses_what_is_no_day(seeded, database, coordinator_api: TokenClient, day):
    event = _seed_event(database)
    refused = coordinator_api.post(f"/api/v1/events/{event}/briefs/compile", json={"day": day})
    assert refused.status_code == 422 and "day" in refused.json["errors"], refused.json


def test_the_report_list_filters_a_day_spelled_so(seeded, database, coordinator_api: TokenClient):
    event = _seed_event(database)
    url = f"/api/v1/events/{event}/reports?day="
    iso = coordinator_api.get(url + "2021-07-24")
    assert iso.status_code == 200 and iso.json["reports"], iso.json
    for day in ("2021/7/24", "2021年7月24日", "２０２１／０７／２４"):
        listed = coordinator_api.get(url + day)
        assert listed.status_code == 200, (day, listed.json)
        assert [r["id"] for r in listed.json["reports"]] == [r["id"] for r in iso.json["reports"]], day
    for day in ("7/24", "2021-02-30"):
        refused = coordinator_api.get(url + day)
        assert refused.status_code == 400 and "day" in refused.json["errors"], (day, refused.json)
