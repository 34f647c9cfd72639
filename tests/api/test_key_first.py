"""A create under an Idempotency-Key inserts its key without reading it first: a twin is met at the key's
primary key, and a refused body consults the key before it is answered (a replay answers the first result
even when its body would now be refused; another body under the key is refused as reused)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from incidents.events import services as events
from incidents.events.models import Event
from incidents.models import IdempotencyKey
from tests.api.conftest import TokenClient, count_reports


def _body(area: int, **extra: object) -> dict:
    return {"kind": "activity", "area_id": area, "observed_at": "2021-07-30 14:30", "title": "巡查", **extra}


def _statements(database) -> tuple[list[str], Any]:  # noqa: ANN001
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        seen.append(" ".join(statement.split()))

    sa.event.listen(database.engine, "before_cursor_execute", note)
    return seen, note


def test_a_new_key_is_not_read_before_its_insert(where, database, reporter_api: TokenClient):
    url, area = where
    seen, note = _statements(database)
    try:
        first = reporter_api.post(url, json=_body(area), headers={"Idempotency-Key": "fresh-1"})
        assert first.status_code == 201, first.json
        # The common case: no lookup of a key no one has used, and (PostgreSQL) no SAVEPOINT around it.
        assert [s for s in seen if s.startswith("SELECT") and "idempotency_keys" in s] == []
        assert [s for s in seen if "SAVEPOINT" in s] == []
        # (PostgreSQL: inside the one statement that stores the report, reports/speedups.py ONE_TRIP.)
        assert [s for s in seen if "INSERT INTO idempotency_keys" in s] != []
        again = reporter_api.post(url, json=_body(area), headers={"Idempotency-Key": "fresh-1"})
    finally:
        sa.event.remove(database.engine, "before_cursor_execute", note)
    assert again.status_code == 200 and again.json["id"] == first.json["id"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["Location"] == first.headers["Location"]


def test_a_replay_refused_by_todays_rules_answers_the_first_result(where, database, reporter_api: TokenClient):
    url, area = where
    headers = {"Idempotency-Key": "phone-9-a"}
    first = reporter_api.post(url, json=_body(area), headers=headers)
    assert first.status_code == 201, first.json
    before = count_reports(database)
    # The event's end moves to its first hour: a report seen days later, sent fresh, is now refused.
    with database.transaction() as write:
        event = write.get(Event, int(url.split("/")[4]))
        events.close_event(write, event, event.starts_at + timedelta(hours=1), None)
    fresh = reporter_api.post(url, json=_body(area), headers={"Idempotency-Key": "phone-9-b"})
    assert fresh.status_code == 422, fresh.json
    again = reporter_api.post(url, json=_body(area), headers=headers)
    assert again.status_code == 200, again.json
    assert again.json["id"] == first.json["id"] and again.headers["Idempotent-Replayed"] == "true"
    # Another body under the spent key is refused as reused, not for the event's end.
    other = reporter_api.post(url, json=_body(area, title="抽排"), headers=headers)
    assert other.status_code == 422
    assert f"#{first.json['id']}" in other.json["errors"]["idempotency_key"]
    assert count_reports(database) == before
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(IdempotencyKey)
                        .where(IdempotencyKey.key.like("%phone-9-b"))) == 0


def test_a_replay_after_the_writers_scope_narrowed_answers_the_first_result(where, database, token_client):
    """A replay repeats a write already done, and writes nothing: a scope narrowed since refuses a fresh body (403)
    but not the replay of the first (docs/api.md, "Creating: Idempotency-Key")."""
    from incidents.auth.models import User
    from incidents.demo import _area_by_path

    url, area = where
    api = token_client("bdj-phone", "reporter", scope="文峰区/北大街街道")
    headers = {"Idempotency-Key": "phone-7-a"}
    first = api.post(url, json=_body(area), headers=headers)
    assert first.status_code == 201, first.json
    before = count_reports(database)
    with database.transaction() as write:  # moved to another subdistrict: 彰德路64号院 lies outside it now
        write.get(User, api.user_id).scope_area_id = _area_by_path(write, "文峰区/银杏大街街道").id
    fresh = api.post(url, json=_body(area), headers={"Idempotency-Key": "phone-7-b"})
    assert fresh.status_code == 403 and "area_id" in fresh.json["errors"], fresh.json
    again = api.post(url, json=_body(area), headers=headers)
    assert again.status_code == 200, again.json
    assert again.json["id"] == first.json["id"] and again.headers["Idempotent-Replayed"] == "true"
    assert count_reports(database) == before
