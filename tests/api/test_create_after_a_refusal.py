"""A create refused (422, 403, 409), then others on the same worker: each transaction writes on its own connection
(db.connection_of keeps a transaction's connection to its end only); a replay answers the first result; a create
after the server cut the app's pooled connections is stored, not answered 503."""

from __future__ import annotations

from tests.api.conftest import TokenClient, count_reports
from tests.faults.test_database_errors import _backend_pids, _terminate


def _body(area: int, **extra: object) -> dict:
    return {"kind": "activity", "area_id": area, "observed_at": "2021-07-30 14:30", "title": "巡查", **extra}


def test_refusals_then_creates_and_a_replay_on_one_worker(where, database, reporter_api: TokenClient,
                                                          viewer_api: TokenClient):
    url, area = where
    before = count_reports(database)
    assert reporter_api.post(url, json=_body(area, title="")).status_code == 422
    assert viewer_api.post(url, json=_body(area)).status_code == 403
    first = reporter_api.post(url, json=_body(area), headers={"Idempotency-Key": "k-1"})
    assert first.status_code == 201, first.json
    reused = reporter_api.post(url, json=_body(area, title="另一条"), headers={"Idempotency-Key": "k-1"})
    assert reused.status_code in (409, 422), reused.json
    assert reporter_api.post(url, json=_body(area, title="")).status_code == 422
    replay = reporter_api.post(url, json=_body(area), headers={"Idempotency-Key": "k-1"})
    assert replay.status_code == 200 and replay.json["id"] == first.json["id"]
    second = reporter_api.post(url, json=_body(area, title="复查"), headers={"Idempotency-Key": "k-2"})
    assert second.status_code == 201 and second.json["id"] != first.json["id"]
    assert count_reports(database) == before + 2


def test_a_create_after_the_apps_connections_were_cut(where, database, reporter_api: TokenClient):
    if database.is_sqlite:
        return  # a pooled PostgreSQL connection cut by the server; SQLite has no server to cut one
    url, area = where
    pids = _backend_pids(database)
    assert reporter_api.post(url, json=_body(area, title="")).status_code == 422
    assert reporter_api.post(url, json=_body(area)).status_code == 201
    _terminate(database, list(pids))
    again = reporter_api.post(url, json=_body(area, title="复查"), headers={"Idempotency-Key": "k-3"})
    assert again.status_code == 201, again.json
    replay = reporter_api.post(url, json=_body(area, title="复查"), headers={"Idempotency-Key": "k-3"})
    assert replay.status_code == 200 and replay.json["id"] == again.json["id"]
