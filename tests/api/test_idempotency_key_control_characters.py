"""An Idempotency-Key with a control character (a NUL) is refused naming it, on every create: never stored.

The key is stored as text, and PostgreSQL refuses a NUL in text: such a key was a 500 there.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Event, IdempotencyKey, Report

RAIN = "wenfeng-2021-07-rainstorm"


@pytest.fixture
def event_id(seeded, database) -> int:
    with database.read_session() as s:
        return s.scalar(sa.select(Event.id).where(Event.code == RAIN))


def _counts(database) -> tuple[int, int, int]:
    with database.read_session() as s:
        return (s.scalar(sa.select(sa.func.count()).select_from(Report)),
                s.scalar(sa.select(sa.func.count()).select_from(Event)),
                s.scalar(sa.select(sa.func.count()).select_from(IdempotencyKey)))


@pytest.mark.parametrize("key", ["a\x00b", "night\x01shift", "\x7f"])
def test_a_key_with_a_control_character_is_refused_by_name(database, coordinator_api, event_id, key):
    before = _counts(database)
    creates = [
        (f"/api/v1/events/{event_id}/reports",
         {"kind": "activity", "area_id": 1, "observed_at": "2021-07-24 10:00", "title": "区防指会商"}),
        ("/api/v1/events", {"code": "key-probe", "kind": "rainstorm", "name": "试探", "starts_at": "2026-11-30 00:00"}),
    ]
    for url, body in creates:
        response = coordinator_api.post(url, json=body, headers={"Idempotency-Key": key})
        assert response.status_code == 422, response.get_data(as_text=True)
        assert "idempotency_key" in response.get_json()["errors"]
    assert _counts(database) == before
