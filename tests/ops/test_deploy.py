"""The deployment files run as written: the systemd units' commands serve the app with 4 gunicorn
workers and a scheduler process (/readyz green, a brief compiled by that scheduler), and the
container's command serves it too (/readyz says the scheduler is missing until one runs)."""

from __future__ import annotations

import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from incidents.briefs.models import Brief
from incidents.events import services as events

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
VENV_BIN = Path(sys.executable).parent

pytestmark = pytest.mark.slow


def _unit(name: str) -> dict[str, str]:
    """The [Service] settings of a unit file (one value per key)."""
    settings: dict[str, str] = {}
    for line in (DEPLOY / name).read_text().splitlines():
        key, sep, value = line.partition("=")
        if sep and not line.startswith("#"):
            settings[key.strip()] = value.strip()
    return settings


def _here(command: str) -> list[str]:
    """A unit's command line with the install folder mapped onto this checkout."""
    words = shlex.split(command.replace("/opt/incidents/.venv/bin/", f"{VENV_BIN}/"))
    return [w.replace("/opt/incidents", str(ROOT)) for w in words]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def _wait_for(url: str, status: int, seconds: float = 60) -> dict:
    """Poll until the URL answers with the status; the last body."""
    deadline, last = time.monotonic() + seconds, None
    while time.monotonic() < deadline:
        try:
            code, body = _get(url)
            last = (code, body)
            if code == status:
                return body
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} never answered {status}: last {last}")


@pytest.fixture
def env(db_url: str, tmp_path: Path) -> dict[str, str]:
    """What /etc/incidents/env would hold, for this test's database."""
    return {**os.environ, "DATABASE_URL": db_url, "SECRET_KEY": "deploy-test", "PYTHONUNBUFFERED": "1",
            "INCIDENTS_INSTANCE": str(tmp_path / "instance"), "INCIDENTS_BIND": f"127.0.0.1:{_free_port()}",
            "INCIDENTS_WORKERS": "4", "INCIDENTS_SCHEDULER": "off"}


def _start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def _stop(*procs: subprocess.Popen) -> None:
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def test_systemd_units_serve_four_workers_and_a_scheduler_that_compiles(app, database, env, tmp_path):
    web, scheduler = _unit("incidents-web.service"), _unit("incidents-scheduler.service")
    assert web["EnvironmentFile"] == scheduler["EnvironmentFile"]
    subprocess.run(_here(web["ExecStartPre"]), cwd=ROOT, env=env, check=True, capture_output=True)
    now = datetime.now().astimezone()
    with database.transaction() as s:
        event_id = events.create_event(s, code="deploy-check", name="部署检查", kind="rainstorm",
                                       starts_at=now - timedelta(days=2)).id
    gunicorn = _start(_here(web["ExecStart"]), env, tmp_path / "web.log")
    base = f"http://{env['INCIDENTS_BIND']}"
    try:
        assert _wait_for(f"{base}/healthz", 200) == {"status": "ok"}
        body = _wait_for(f"{base}/readyz", 503)
        assert body["checks"]["database"]["ok"] and body["checks"]["migrations"]["ok"]
        assert not body["checks"]["scheduler"]["ok"]  # no scheduler process yet: not ready
        workers = subprocess.run(["pgrep", "-P", str(gunicorn.pid)], capture_output=True, text=True).stdout.split()
        assert len(workers) == 4
        sched = _start(_here(scheduler["ExecStart"]), env, tmp_path / "scheduler.log")
        try:
            ready = _wait_for(f"{base}/readyz", 200)
            assert all(c["ok"] for c in ready["checks"].values())
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                with database.read_session() as s:
                    if s.scalar(sa.select(sa.func.count()).select_from(Brief).where(Brief.event_id == event_id)):
                        break
                time.sleep(0.5)
            else:
                raise AssertionError((tmp_path / "scheduler.log").read_text()[-2000:])
        finally:
            _stop(sched)
    finally:
        _stop(gunicorn)
    lines = [json.loads(line) for line in (tmp_path / "web.log").read_text().splitlines() if line.startswith("{")]
    assert {"method", "path", "status", "ms", "user"} <= set(lines[0])  # one JSON line per request
    assert any(line["path"] == "/readyz" and line["status"] == 200 for line in lines)


def test_the_containers_command_serves_the_app(app, env, tmp_path):
    lines = (DEPLOY / "Containerfile").read_text().splitlines()
    command = json.loads(next(line for line in lines if line.startswith("CMD "))[4:])
    # One worker: the four the units' test counts are the gunicorn settings', not the container command's, and
    # each worker imports the app (2 s CPU) before the first answer.
    env = {**env, "PATH": f"{VENV_BIN}:{env['PATH']}", "INCIDENTS_WORKERS": "1"}
    server = _start(command, env, tmp_path / "container.log")
    base = f"http://{env['INCIDENTS_BIND']}"
    try:
        assert _wait_for(f"{base}/healthz", 200) == {"status": "ok"}
        body = _wait_for(f"{base}/readyz", 503)
        assert "incidents scheduler" in body["checks"]["scheduler"]["detail"]
    finally:
        _stop(server)
