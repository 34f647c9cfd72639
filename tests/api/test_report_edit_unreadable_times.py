"""Correcting a report over the API with a time the parser cannot read: a 422 naming the field, never a 500.

A create already answered so; PATCH and PUT read the unreadable text as ISO 8601 (the stored
snapshot's spelling) and crashed, with nothing said about which field was wrong.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import AuditEntry, IdempotencyKey, Report


def _outage(database) -> int:
    with database.read_session() as s:
        return s.get(IdempotencyKey, "demo:bdj-outage-zdl64").entity_id


def _kept(database, report_id: int) -> tuple:
    with database.read_session() as s:
        report = s.get(Report, report_id)
        trail = s.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
            AuditEntry.entity == "reports", AuditEntry.entity_id == report_id))
        return report.version, report.started_at, report.observed_at, trail


@pytest.mark.parametrize("field", ["started_at", "etr_at", "observed_at"])
@pytest.mark.parametrize("text", ["2021-13-45", "NaN", "１２", "\u202e1"])
def test_patch_with_an_unreadable_time_names_the_field(seeded, database, coordinator_api, field, text):
    report_id = _outage(database)
    before = _kept(database, report_id)
    response = coordinator_api.patch(f"/api/v1/reports/{report_id}", json={field: text, "version": before[0]})
    assert response.status_code == 422, response.get_data(as_text=True)
    assert field in response.get_json()["errors"]
    assert _kept(database, report_id) == before


def test_patch_clearing_a_required_time_names_it(seeded, database, coordinator_api):
    report_id = _outage(database)
    before = _kept(database, report_id)
    response = coordinator_api.patch(f"/api/v1/reports/{report_id}", json={"started_at": "", "version": before[0]})
    assert response.status_code == 422, response.get_data(as_text=True)
    assert "started_at" in response.get_json()["errors"]
    assert _kept(database, report_id) == before


def test_put_with_an_unreadable_time_names_the_field(seeded, database, coordinator_api):
    report_id = _outage(database)
    before = _kept(database, report_id)
    body = coordinator_api.get(f"/api/v1/reports/{report_id}").get_json()
    body["started_at"] = "2021-07-32 08:00"
    response = coordinator_api.put(f"/api/v1/reports/{report_id}", json=body)
    assert response.status_code == 422, response.get_data(as_text=True)
    assert "started_at" in response.get_json()["errors"]
    assert _kept(database, report_id) == before
