"""A gunicorn worker SIGKILLed between the flush of a submission and its commit: nothing of it is kept, the
database is sound, and the client's retry under the same Idempotency-Key makes the report exactly once."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import IdempotencyKey, Report

from .support import Gunicorn, LoadClient, arrange, debris, integrity, missing_acknowledged, partial_rows

pytestmark = pytest.mark.slow


def test_a_worker_killed_between_flush_and_commit_keeps_nothing_and_the_retry_lands_once(
        app, database, db_url, tmp_path):
    arranged = arrange(database)
    marker = tmp_path / "killed"
    server = Gunicorn(db_url, tmp_path, workers=1, INCIDENTS_TEST_KILL_AFTER_FLUSH=str(marker))
    try:
        client = LoadClient(server.base, tmp_path / "acknowledged.jsonl")
        client.login(arranged.username)
        before = server.workers()
        body = debris(arranged, 7)

        lost = client.submit(arranged.event_id, body, "phone-1")
        assert lost.status is None, lost  # the worker died mid-request: the connection dropped, no answer
        assert marker.exists() and int(marker.read_text()) in before  # the hook did fire, in that worker

        # Nothing of the submission was kept: no report, no half of one, no spent key; the file is sound.
        with database.read_session() as s:
            assert s.scalar(sa.select(sa.func.count()).select_from(Report)) == 0
            assert s.scalar(sa.select(sa.func.count()).select_from(IdempotencyKey)) == 0
        assert partial_rows(database) == {}
        assert integrity(database) == "ok"

        # The retry (gunicorn started a new worker) makes it, once; a second retry replays it.
        first = client.submit(arranged.event_id, body, "phone-1")
        assert first.status == 201, first
        again = client.submit(arranged.event_id, body, "phone-1")
        assert again.status == 200 and again.body["id"] == first.body["id"] and again.body["replayed"]
        assert server.workers() != before  # a new worker served them
    finally:
        server.stop()
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Report)) == 1
    assert partial_rows(database) == {}
    assert integrity(database) == "ok"
    assert client.logged_ids() == [first.body["id"]] * 2
    assert missing_acknowledged(database, client.logged_ids()) == set()
