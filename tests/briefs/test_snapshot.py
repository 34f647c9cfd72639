"""A compile does not hold the write lock while it reads, and sees what lands meanwhile (issue 11, item 7).

On SQLite the compile reads in a snapshot and writes only its INSERT, after re-checking what it
read; on PostgreSQL its REPEATABLE READ transaction never blocked writers. Both must hold on both.
"""

from __future__ import annotations

import json
import threading
import time

import pytest
import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.auth.models import User
from incidents.briefs import compiling, services, snapshot
from incidents.reports.services import create_report

from .conftest import briefs, day_of, local


class Paused:
    """Wraps compiling.build: the first call signals `reading` and waits for `go` (the compile's read phase)."""

    def __init__(self, monkeypatch) -> None:  # noqa: ANN001
        self.reading, self.go = threading.Event(), threading.Event()
        self.calls = 0
        original = compiling.build

        def build(*args, **kw):  # noqa: ANN002, ANN003, ANN202
            self.calls += 1
            if self.calls == 1:
                self.reading.set()
                assert self.go.wait(60), "never released"
            return original(*args, **kw)

        monkeypatch.setattr(compiling, "build", build)


def _compile_in_thread(database, event_id: int, now) -> tuple[threading.Thread, dict]:  # noqa: ANN001
    out: dict = {}

    def work() -> None:
        try:
            out["result"] = services.compile_once(database, event_id, day_of("2021-07-24"), now=now,
                                                  new_revision=True)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            out["error"] = exc

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread, out


def _csrf(client) -> str:  # noqa: ANN001
    import re

    html = client.get("/").get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]*)"', html).group(1)


def test_a_report_submitted_while_a_compile_reads_commits_at_once(client, auth, make_user, database, rainstorm,
                                                                    monkeypatch):
    make_user("li", "reporter")
    auth.login("li")
    with database.read_session() as s:
        area = s.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
    paused = Paused(monkeypatch)
    thread, out = _compile_in_thread(database, rainstorm.id, local("2021-07-28 10:00"))
    try:
        assert paused.reading.wait(60), out
        body = {"kind": "activity", "area_id": area, "observed_at": "2021-07-28 10:30", "title": "编制期间提交"}
        submitted: dict = {}
        headers = {"X-CSRFToken": _csrf(client)}

        def submit() -> None:
            started = time.perf_counter()
            submitted["response"] = client.post(f"/api/v1/events/{rainstorm.id}/reports", json=body, headers=headers)
            submitted["seconds"] = time.perf_counter() - started

        writer = threading.Thread(target=submit, daemon=True)
        writer.start()
        writer.join(5)
        assert not writer.is_alive(), "the report waited for the compile's lock"
        # The compile is paused inside its read: a report that waited for its lock would still be waiting.
        assert submitted["response"].status_code == 201, submitted["response"].get_data(as_text=True)
    finally:
        paused.go.set()
        thread.join(120)
    assert "error" not in out, out.get("error")
    assert out["result"].created and out["result"].brief.revision == 1
    assert briefs(database, rainstorm.id) == [(day_of("2021-07-24"), 1, "compiled")]


def test_a_report_known_by_the_cutoff_that_lands_while_reading_is_in_the_brief(database, rainstorm, monkeypatch):
    """The snapshot began before it was committed: the re-check sees it, and the compile reads again.

    SQLite's compile only: on PostgreSQL the compile is one REPEATABLE READ snapshot that blocks no
    writer, and a report still being written when it began is for the next revision.
    """
    if not database.is_sqlite:
        pytest.skip("the re-check is the SQLite compile's")
    attempts: list[int] = []
    monkeypatch.setattr(snapshot, "after_read", attempts.append)
    with database.read_session() as s:
        area = s.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
        user = s.scalar(sa.select(User.id).limit(1))
    paused = Paused(monkeypatch)
    thread, out = _compile_in_thread(database, rainstorm.id, local("2021-07-28 10:00"))
    try:
        assert paused.reading.wait(60), out
        # Reported before the compile's cut-off (the day's first brief: 07-25 08:00), committed after its snapshot.
        with database.transaction() as s:
            create_report(s, "activity", {"event_id": rainstorm.id, "area_id": area, "title": "迟到的巡查记录",
                                          "observed_at": local("2021-07-24 15:00"), "observed_precision": "exact"},
                          user, reported_at=local("2021-07-25 07:00"), now=local("2021-07-25 07:00"))
    finally:
        paused.go.set()
        thread.join(120)
    assert "error" not in out, out.get("error")
    brief = out["result"].brief
    assert "迟到的巡查记录" in json.dumps(brief.content, ensure_ascii=False)
    assert attempts == [1, 2]  # read, found the change, read again


def test_changed_since_ignores_reports_after_the_cutoff(database, rainstorm):
    """Reports submitted now (after a recompile's cut-off) must not make it read again and again."""
    if not database.is_sqlite:
        pytest.skip("the re-check is the SQLite compile's")
    with database.read_session() as s, s.begin():
        seen = snapshot.marks(s)
        area = s.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
        user = s.scalar(sa.select(User.id).limit(1))
    with database.transaction() as s:
        create_report(s, "activity", {"event_id": rainstorm.id, "area_id": area, "title": "之后的记录",
                                      "observed_at": local("2021-07-28 12:00"), "observed_precision": "exact"},
                      user, reported_at=local("2021-07-28 12:00"), now=local("2021-07-28 12:00"))
    with database.read_session() as s:
        assert snapshot.changed_since(s, seen, rainstorm.id, local("2021-07-28 10:00")) is None
        assert snapshot.changed_since(s, seen, rainstorm.id, local("2021-07-28 12:00")) is not None


def test_the_cutoff_of_a_compile_now_comes_after_every_report_in_flight(database, rainstorm):
    """A report stamped before a compile's cut-off has committed before the compile reads (SQLite)."""
    if not database.is_sqlite:
        pytest.skip("the write barrier is the SQLite compile's")
    with database.read_session() as s:
        area = s.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
        user = s.scalar(sa.select(User.id).limit(1))
    stamped: dict = {}
    holding, release = threading.Event(), threading.Event()

    def writer() -> None:
        with database.transaction() as s:
            report = create_report(s, "activity", {"event_id": rainstorm.id, "area_id": area, "title": "在途",
                                                   "observed_at": local("2021-07-28 12:00"),
                                                   "observed_precision": "exact"}, user)
            stamped["at"] = report.reported_at
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    assert holding.wait(10)
    threading.Timer(0.3, release.set).start()
    started = time.perf_counter()
    cutoff = snapshot.write_barrier(database)
    waited = time.perf_counter() - started
    thread.join(10)
    assert waited >= 0.25  # it waited for the report in flight to commit
    assert cutoff > stamped["at"]
