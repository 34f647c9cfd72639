"""A report stamped (reported_at) by a brief's cut-off is in that brief, though its row commits a moment later.

An outside replay (8 clients filing while a coordinator recompiled, on PostgreSQL) found 1-3 reports missing
from each of 8 revisions: stamped before the cut-off, committed after the compile's snapshot. No later brief
said so either: the next revision's 新纳入 and the next day's late reports count what was stamped after a
cut-off. The writer is paused here where a busy server delays it: checking its report, or between its
INSERT and its COMMIT.
"""

from __future__ import annotations

import threading
from datetime import UTC

import pytest
import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.auth.models import User
from incidents.briefs import services
from incidents.reports import services as report_services
from incidents.reports.models import Report

from .conftest import content, day_of, local

DAY = day_of("2021-07-24")


def _compile(database, event_id: int, out: dict) -> threading.Thread:  # noqa: ANN001
    def work() -> None:
        try:
            out["result"] = services.compile_once(database, event_id, DAY, new_revision=True)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            out["error"] = exc

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread


def _pause_in(monkeypatch, module, name: str, paused: threading.Event, go: threading.Event) -> None:  # noqa: ANN001
    """module.name, when called, says it is paused and waits for `go` (a busy server's delay)."""
    original = getattr(module, name)

    def slow(*args, **kw):  # noqa: ANN002, ANN003, ANN202
        paused.set()
        assert go.wait(30)
        return original(*args, **kw)

    monkeypatch.setattr(module, name, slow)


def _compile_while_paused(database, event_id: int, write, paused: threading.Event,  # noqa: ANN001
                          go: threading.Event, made: dict) -> dict:
    """A revision compiled while the writer `write` is paused, then the writer let go: the compile's outcome."""
    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    assert paused.wait(30), made
    compiled: dict = {}
    compiler = _compile(database, event_id, compiled)
    compiler.join(3)  # done at once, or waiting for the writer: either may be right
    go.set()
    writer.join(30)
    compiler.join(60)
    return compiled


@pytest.mark.parametrize("pause", ["validating", "before_commit"])
def test_a_report_stamped_by_the_cut_off_is_in_the_revision(database, rainstorm, make_user, monkeypatch,
                                                            pause: str) -> None:
    make_user("li", "coordinator")
    # The day's first brief, at its due time: the revision below is then cut off at the moment it compiles.
    assert services.compile_once(database, rainstorm.id, DAY, now=local("2021-07-25 08:00")).created
    with database.read_session() as s:
        area = s.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
        user = s.scalar(sa.select(User.id).where(User.username == "li"))
    paused, go = threading.Event(), threading.Event()
    if pause == "validating":
        _pause_in(monkeypatch, report_services, "validate_report", paused, go)
    made: dict = {}

    def write() -> None:
        try:
            with database.late_write_session() as s, s.begin():
                report = report_services.create_report(
                    s, "activity", {"event_id": rainstorm.id, "area_id": area, "observed_at": local("2021-07-24 15:00"),
                                    "title": "编制期间送达"}, user)
                s.flush()
                made["id"], made["reported_at"] = report.id, report.reported_at
                if pause == "before_commit":
                    paused.set()
                    assert go.wait(30)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            made["error"] = exc

    compiled = _compile_while_paused(database, rainstorm.id, write, paused, go, made)
    assert "error" not in made and "error" not in compiled, (made, compiled)
    brief = content(database, rainstorm.id, DAY, compiled["result"].brief.revision)
    with database.read_session() as s:
        stamped = s.scalar(sa.select(Report.reported_at).where(Report.id == made["id"]))
    if pause == "before_commit":  # stamped before the compile began: its cut-off is later
        assert stamped.replace(tzinfo=UTC) <= brief.header.cutoff.replace(tzinfo=UTC)
    if stamped.replace(tzinfo=UTC) <= brief.header.cutoff.replace(tzinfo=UTC):
        assert "编制期间送达" in [a.title for a in brief.activity], (
            f"stamped {stamped}, cut off at {brief.header.cutoff}, not in the brief")


def test_an_imported_file_stamped_by_the_cut_off_is_in_the_revision(database, rainstorm, make_user, monkeypatch):
    from incidents.imports import services as imports

    make_user("co", "coordinator")
    assert services.compile_once(database, rainstorm.id, DAY, now=local("2021-07-25 08:00")).created
    with database.read_session() as s:
        user = s.scalar(sa.select(User.id).where(User.username == "co"))
    paused, go = threading.Event(), threading.Event()
    _pause_in(monkeypatch, imports, "check_reports", paused, go)  # a big file takes its time to check
    data = "\ufeffarea,title,observed_at\r\n彰德路64号院,导入期间送达,2021-07-24 15:00\r\n".encode()
    made: dict = {}

    def write() -> None:
        try:
            with database.transaction() as s:
                made["outcome"] = imports.run_import(s, filename="f.csv", data=data, user_id=user,
                                                     event_id=rainstorm.id, kind="activity", store=True)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            made["error"] = exc

    compiled = _compile_while_paused(database, rainstorm.id, write, paused, go, made)
    assert "error" not in made and "error" not in compiled, (made, compiled)
    assert not made["outcome"].problems, made["outcome"].problems
    brief = content(database, rainstorm.id, DAY, compiled["result"].brief.revision)
    with database.read_session() as s:
        stamped = s.scalar(sa.select(Report.reported_at).where(Report.note.is_(None), Report.kind == "activity")
                           .order_by(Report.id.desc()).limit(1))
    if stamped.replace(tzinfo=UTC) <= brief.header.cutoff.replace(tzinfo=UTC):
        assert "导入期间送达" in [a.title for a in brief.activity], (
            f"stamped {stamped}, cut off at {brief.header.cutoff}, not in the brief")
