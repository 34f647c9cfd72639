"""What the fault tests share: gunicorn serving the app, a load client that logs every id it was given,
and the checks that nothing acknowledged was lost and nothing was half-saved."""

from __future__ import annotations

import http.cookiejar
import json
import os
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from incidents.db import Database
from tests.conftest import CSRF_RE, PASSWORD
from tests.ops.test_deploy import ROOT, VENV_BIN, _free_port, _start, _stop, _wait_for

HERE = Path(__file__).resolve().parent
# The deployed gunicorn settings, plus the test-only fault hook (read nowhere else).
GUNICORN_CONF = HERE / "gunicorn_faults.py"


@dataclass
class Arranged:
    """An event, a place and a reporter to submit as."""

    event_id: int
    area_id: int
    username: str


def arrange(database: Database, username: str = "field-1") -> Arranged:
    """A district, an event and a reporter with the test password, on a database with the reference lists."""
    from zoneinfo import ZoneInfo

    from incidents.areas.services import create_area
    from incidents.auth.services import create_user
    from incidents.events.services import create_event

    with database.transaction() as s:
        district = create_area(s, name="故障区", level="district")
        event = create_event(s, code="faults", name="故障演练", kind="rainstorm", area_id=district.id,
                             starts_at=datetime(2021, 7, 20, tzinfo=ZoneInfo("Asia/Shanghai")))
        create_user(s, username, PASSWORD, "reporter")
        return Arranged(event.id, district.id, username)


def debris(arranged: Arranged, i: int, note: str = "") -> dict[str, Any]:
    """The i-th debris report of a load run (each one different)."""
    return {"kind": "debris", "area_id": arranged.area_id, "period_start": "2021-07-21 10:00",
            "mass_t": str(1 + i % 50), "truckloads": 1 + i % 7, "note": note or f"load {i}"}


class Gunicorn:
    """The app served by gunicorn (the deployed settings) on a free port, against a given database."""

    def __init__(self, db_url: str, tmp: Path, workers: int = 1, **env: str) -> None:
        self.log = tmp / "gunicorn.log"
        bind = f"127.0.0.1:{_free_port()}"
        self.env = {**os.environ, "DATABASE_URL": db_url, "SECRET_KEY": "faults", "PYTHONUNBUFFERED": "1",
                    "INCIDENTS_INSTANCE": str(tmp / "instance"), "INCIDENTS_BIND": bind,
                    "INCIDENTS_WORKERS": str(workers), "INCIDENTS_SCHEDULER": "off", **env}
        self.base = f"http://{bind}"
        self.proc = _start([str(VENV_BIN / "gunicorn"), "-c", str(GUNICORN_CONF), "wsgi:app"], self.env, self.log)
        try:
            _wait_for(f"{self.base}/healthz", 200, seconds=60)
        except AssertionError:
            self.stop()
            raise AssertionError(self.log.read_text()[-3000:]) from None

    def workers(self) -> list[int]:
        """The worker processes' ids."""
        out = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True).stdout
        return sorted(int(p) for p in out.split())

    def stop(self) -> None:
        _stop(self.proc)


@dataclass
class Answer:
    """One request's outcome: the HTTP status (None when the connection failed) and the body."""

    status: int | None
    body: Any
    content_type: str = ""


@dataclass
class LoadClient:
    """A reporter's client over HTTP: logs in, submits JSON reports, and logs every id the server acknowledged."""

    base: str
    log_path: Path
    acknowledged: list[int] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = ""
        self.lock = threading.Lock()

    def request(self, path: str, data: bytes | None = None, headers: dict[str, str] | None = None,
                method: str | None = None) -> Answer:
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {}, method=method)
        try:
            with self.opener.open(req, timeout=30) as response:
                return _answer(response.status, response.read(), response.headers.get("Content-Type", ""))
        except urllib.error.HTTPError as exc:
            return _answer(exc.code, exc.read(), exc.headers.get("Content-Type", ""))
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as exc:
            return Answer(None, repr(exc))

    def login(self, username: str) -> None:
        """Log in through the login form; keep the CSRF token the JSON endpoint wants (it lasts the session)."""
        page = self.request("/login").body
        token = CSRF_RE.search(page).group(1)
        form = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrf_token": token})
        answer = self.request("/login", form.encode(), {"Content-Type": "application/x-www-form-urlencoded"})
        assert answer.status == 200, answer
        self.csrf = CSRF_RE.search(self.request("/").body).group(1)

    def submit(self, event_id: int, body: dict[str, Any], key: str) -> Answer:
        """POST a report under an Idempotency-Key; an acknowledged id (201/200) goes to the log at once."""
        answer = self.request(f"/api/v1/events/{event_id}/reports", json.dumps(body).encode(),
                              {"Content-Type": "application/json", "X-CSRFToken": self.csrf,
                               "Idempotency-Key": key})
        with self.lock:
            self.answers.append(answer)
            if answer.status in (200, 201):
                self.acknowledged.append(answer.body["id"])
                with self.log_path.open("a") as log:
                    log.write(json.dumps({"key": key, "id": answer.body["id"], "status": answer.status}) + "\n")
        return answer

    def logged_ids(self) -> list[int]:
        """The ids as written to the log (what a client would still have after a crash)."""
        if not self.log_path.exists():
            return []
        return [json.loads(line)["id"] for line in self.log_path.read_text().splitlines()]


def _answer(status: int, raw: bytes, content_type: str) -> Answer:
    text = raw.decode("utf-8", "replace")
    is_json = content_type.startswith(("application/json", "application/problem+json"))
    return Answer(status, json.loads(text) if is_json else text, content_type)


class Load:
    """Submissions in a loop on a thread, one new Idempotency-Key each, until stopped."""

    def __init__(self, client: LoadClient, arranged: Arranged, prefix: str = "load") -> None:
        self.client, self.arranged, self.prefix = client, arranged, prefix
        self.stopping = threading.Event()
        self.sent = 0
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stopping.is_set():
            self.client.submit(self.arranged.event_id, debris(self.arranged, self.sent), f"{self.prefix}-{self.sent}")
            self.sent += 1
            time.sleep(0.02)

    def __enter__(self) -> Load:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.thread.join(timeout=60)


def wait_until(predicate: Any, seconds: float, what: str) -> None:
    """Poll a condition (every 0.1 s) or fail naming it."""
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


# ---- what must hold afterwards ---------------------------------------------------------------

def missing_acknowledged(database: Database, ids: list[int]) -> set[int]:
    """Acknowledged report ids that are not in the database (must be none)."""
    from incidents.models import Report

    with database.read_session() as s:
        found = set(s.scalars(sa.select(Report.id).where(Report.id.in_(ids)))) if ids else set()
    return set(ids) - found


def partial_rows(database: Database) -> dict[str, int]:
    """Counts of half-saved submissions (all must be zero): a report without its kind's row or its audit row,
    an audit row or a one-time key naming a report that is not there."""
    from incidents.models import AuditEntry, IdempotencyKey, Report
    from incidents.reports.services import MODELS

    found: dict[str, int] = {}
    with database.read_session() as s:
        for kind, model in MODELS.items():
            own = model.__table__
            found[f"{kind.value} without its row"] = s.scalar(
                sa.select(sa.func.count()).select_from(Report).where(
                    Report.kind == kind, Report.id.not_in(sa.select(own.c.id)))) or 0
        created = sa.select(AuditEntry.entity_id).where(AuditEntry.entity == "reports", AuditEntry.action == "create")
        found["report without its audit row"] = s.scalar(
            sa.select(sa.func.count()).select_from(Report).where(Report.id.not_in(created))) or 0
        found["audit row without its report"] = s.scalar(
            sa.select(sa.func.count()).select_from(AuditEntry).where(
                AuditEntry.entity == "reports", AuditEntry.entity_id.not_in(sa.select(Report.id)))) or 0
        found["one-time key without its report"] = s.scalar(
            sa.select(sa.func.count()).select_from(IdempotencyKey).where(
                IdempotencyKey.entity == "reports", IdempotencyKey.entity_id.not_in(sa.select(Report.id)))) or 0
    return {k: v for k, v in found.items() if v}


def integrity(database: Database) -> str:
    """SQLite's PRAGMA integrity_check ('ok' when sound); 'ok' on PostgreSQL, which has no such check here."""
    if not database.is_sqlite:
        return "ok"
    with database.engine.connect() as conn:
        return "; ".join(row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check").all())


__all__ = ["ROOT", "Answer", "Arranged", "Gunicorn", "Load", "LoadClient", "arrange", "debris", "integrity",
           "missing_acknowledged", "partial_rows", "wait_until"]
