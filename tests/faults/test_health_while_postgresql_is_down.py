"""/healthz and /readyz tell the truth while PostgreSQL is down (a throwaway cluster this test starts, never the shared
one), as docs/deploy.md "Health" says: /healthz stays 200 at once from every worker (it never touches the database,
so a supervisor restarts no healthy worker), /readyz is 503 naming the database and no host, port or user, and
once PostgreSQL is back /readyz is green again without restarting gunicorn, the scheduler process still beating."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path

import pytest

from incidents import demo
from incidents.db import Database
from incidents.ops import services as ops
from tests.conftest import reset_schema

from .support import Gunicorn, wait_until
from .test_pg_restart import cluster  # noqa: F401 - the throwaway cluster fixture

pytestmark = pytest.mark.slow

VENV_BIN = Path(sys.executable).parent


def _get(url: str) -> tuple[int | None, dict, float]:
    """Status, JSON body and seconds taken (None: no answer within 10 s)."""
    began = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.loads(response.read()), time.monotonic() - began
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read()), time.monotonic() - began
    except OSError:
        return None, {}, time.monotonic() - began


def _beat(database: Database) -> datetime | None:
    with database.read_session() as s:
        return ops.last_beat(s)


def test_health_and_readiness_while_postgresql_is_down_and_back(cluster, tmp_path):  # noqa: F811
    database = Database(cluster.url)
    reset_schema(database.engine)
    with database.transaction() as s:
        demo.load_reference(s)
    server = Gunicorn(cluster.url, tmp_path, workers=2)
    with open(tmp_path / "scheduler.log", "wb") as log:  # the child keeps its own copy of the descriptor
        scheduler = subprocess.Popen([str(VENV_BIN / "incidents"), "scheduler"], env=server.env, stdout=log,
                                     stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: _get(f"{server.base}/readyz")[0] == 200, 60, "/readyz green with the scheduler beating")
        workers = server.workers()
        database.engine.dispose()
        cluster.stop("fast")

        # Health: the process answers, at once, from both workers (several requests reach both).
        health = [_get(f"{server.base}/healthz") for _ in range(8)]
        assert {status for status, _, _ in health} == {200}, health
        assert max(took for _, _, took in health) < 2, health
        # Readiness: 503, the database named as what failed, within seconds (no hanging connect).
        status, body, took = _get(f"{server.base}/readyz")
        assert status == 503 and took < 5, (status, body, took)
        assert body["checks"]["database"]["ok"] is False, body
        said = json.dumps(body)
        assert str(cluster.port) not in said and "127.0.0.1" not in said and "postgres" not in said, said

        cluster.start()
        # Back: green again from the same workers, and the scheduler beats again (it outlived the outage).
        wait_until(lambda: _get(f"{server.base}/readyz")[0] == 200, 30, "/readyz green once PostgreSQL is back")
        restarted = datetime.now().astimezone()
        wait_until(lambda: (_beat(database) or restarted) > restarted, 2 * ops.BEAT_SECONDS + 5,
                   "a heartbeat written after PostgreSQL came back")
        assert scheduler.poll() is None, (tmp_path / "scheduler.log").read_text()[-2000:]
        assert server.workers() == workers
    finally:
        scheduler.terminate()
        scheduler.wait(timeout=30)
        server.stop()
        database.engine.dispose()
