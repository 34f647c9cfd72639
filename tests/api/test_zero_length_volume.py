"""A pumped volume over no time is refused by the API as by the form: 422 naming `period_end`, nothing stored."""

from __future__ import annotations

import sqlalchemy as sa

from incidents.models import Event, IdempotencyKey, Report
from tests.api.conftest import TokenClient


def test_a_volume_over_no_time_is_refused_naming_its_end(reporter_api: TokenClient, seeded, database):
    with database.read_session() as s:
        event = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
        operation = s.get(IdempotencyKey, "demo:hengshui-wfh-pumping").entity_id
        before = s.scalar(sa.select(sa.func.count()).select_from(Report))
    body = {"kind": "pumping_volume", "operation_id": operation, "period_start": "2021-07-25 10:00",
            "period_end": "2021-07-25 10:00", "volume_m3": 300}
    response = reporter_api.post(f"/api/v1/events/{event}/reports", json=body, headers={"Accept-Language": "en"})
    assert response.status_code == 422, response.get_json()
    assert "is the same moment as the start" in response.get_json()["errors"]["period_end"]
    response = reporter_api.post(f"/api/v1/events/{event}/reports", json=body, headers={"Accept-Language": "zh"})
    assert "与开始时间相同" in response.get_json()["errors"]["period_end"]
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Report)) == before
    kept = reporter_api.post(f"/api/v1/events/{event}/reports", json={**body, "period_end": "2021-07-25 12:00"})
    assert kept.status_code == 201, kept.get_json()
