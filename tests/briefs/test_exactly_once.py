"""Exactly one scheduled brief per event-day, however many compilers race; a killed compile leaves nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from incidents import scheduler as jobs
from incidents.briefs import compiling, queue, services
from incidents.briefs.models import CompileRequest
from incidents.models import AuditEntry, Brief
from tests import together

from .conftest import briefs, day_of, local

ROOT = Path(__file__).resolve().parents[2]


def test_compile_twice_returns_the_first(database, rainstorm):
    first = services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-25 08:00"))
    again = services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-25 09:00"))
    assert first.created and not again.created and again.reason == "exists"
    assert again.brief.id == first.brief.id
    assert briefs(database, rainstorm.id) == [(day_of("2021-07-24"), 1, "compiled")]


def test_recompile_is_a_new_revision_and_the_old_stays(database, rainstorm):
    first = services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-25 08:00"))
    second = services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-28 10:00"),
                                   new_revision=True)
    assert second.created and second.brief.revision == 2
    assert second.brief.cutoff == local("2021-07-28 10:00")  # a recompile uses what is known now
    with database.read_session() as s:
        old = s.get(Brief, first.brief.id)
        assert old.cutoff == local("2021-07-25 08:00") and old.content == first.brief.content


def test_provisional_then_the_scheduled_brief(database, rainstorm):
    """Compile-now during the day gives a provisional brief; the scheduled one still comes, as revision 2."""
    early = services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-24 19:00"))
    assert early.brief.status.value == "provisional" and early.brief.cutoff == local("2021-07-24 19:00")
    assert services.load_content(early.brief).header.provisional
    # At 19:00 彰德路64号院 was still out (restored ≈21:00): the provisional brief says so.
    assert "彰德路64号院" in [o.area for o in services.load_content(early.brief).power.open]
    services.compile_due(database, now=local("2021-07-25 08:00"), catchup_days=1, event_ids=[rainstorm.id])
    assert briefs(database, rainstorm.id) == [(day_of("2021-07-24"), 1, "provisional"),
                                              (day_of("2021-07-24"), 2, "compiled")]


def test_compile_is_audited(database, rainstorm):
    services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-25 08:00"))
    with database.read_session() as s:
        entry = s.scalars(sa.select(AuditEntry).where(AuditEntry.entity == "briefs")).one()
        assert entry.action == "compile" and entry.user_id is None and entry.after["revision"] == 1


def test_unique_constraint_refuses_a_second_revision_1(database, rainstorm):
    """The database itself refuses a duplicate (event, day, revision), whatever the code does."""
    services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-25 08:00"))
    with database.read_session() as s:
        row = s.scalars(sa.select(Brief)).one()
        values = {"event_id": row.event_id, "day": row.day, "revision": 1, "number": row.number,
                  "period_start": row.period_start, "period_end": row.period_end, "cutoff": row.cutoff,
                  "status": row.status, "content": {}}
    with pytest.raises(sa.exc.IntegrityError), database.transaction() as s:
        s.add(Brief(**values))
        s.flush()
    with database.transaction() as s:
        assert compiling._insert(s, values) is None  # ON CONFLICT DO NOTHING: no error, no row
    assert briefs(database, rainstorm.id) == [(day_of("2021-07-24"), 1, "compiled")]


def _child(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.briefs.procs", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_four_schedulers_and_a_manual_compile_make_one_brief(database, db_url, rainstorm, make_user, tmp_path):
    """Four scheduler processes start their catch-up and a coordinator compiles, all at the same instant."""
    coordinator = make_user("coord1", "coordinator")
    logs = [tmp_path / f"scheduler{i}.log" for i in range(4)]
    children = [together.spawn("tests.briefs.procs", ["scheduler", db_url, str(tmp_path / f"inst{i}"),
                                                      "2021-07-25T08:00:00+08:00"], log) for i, log in enumerate(logs)]
    together.release(children)
    manual = services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-25 08:00"),
                                   compiled_by_id=coordinator)
    outputs = together.finish(children, logs)
    outcomes = [o for out in outputs for line in out.splitlines() if line.startswith("outcomes:")
                for o in line.split(":", 1)[1].split(",") if o]
    created = outcomes.count("created") + (1 if manual.created else 0)
    assert created == 1, (outcomes, manual.reason)
    assert set(outcomes) <= {"created", "exists", "busy"}
    assert briefs(database, rainstorm.id) == [(day_of("2021-07-24"), 1, "compiled")]


@pytest.mark.slow
def test_a_compile_killed_midway_leaves_nothing_and_the_next_sweep_makes_it(database, db_url, rainstorm, tmp_path):
    child = _child("killed", db_url, str(tmp_path / "inst"), str(rainstorm.id), "2021-07-24",
                   "2021-07-25T08:00:00+08:00")
    out, err = child.communicate(timeout=60)
    assert child.returncode == -9, err  # SIGKILL after the INSERT, before the COMMIT
    assert out.startswith("inserted ")
    assert briefs(database, rainstorm.id) == []
    results = services.compile_due(database, now=local("2021-07-25 08:05"), catchup_days=1, event_ids=[rainstorm.id])
    assert [r.reason for r in results] == ["created"]
    assert briefs(database, rainstorm.id) == [(day_of("2021-07-24"), 1, "compiled")]


def test_a_queued_compile_killed_midway_is_taken_at_the_next_start(database, db_url, rainstorm, tmp_path, monkeypatch):
    """A compile asked for from the web, its scheduler SIGKILLed mid-compile: the next scheduler on the host takes
    it at its first queue tick, not 15 minutes after it began (docs/deploy.md; until 6 December it read `running`)."""
    with database.transaction() as s:
        asked = queue.request_compile(s, s.merge(rainstorm), day_of("2021-07-24"), None).id
    child = _child("killed-queued", db_url, str(tmp_path / "inst"))
    out, err = child.communicate(timeout=60)
    assert child.returncode == -9, err  # SIGKILL after the INSERT, before the COMMIT
    assert out.startswith("inserted ")

    def state() -> str:
        with database.read_session() as s:
            return s.get(CompileRequest, asked).status.value

    assert state() == "running" and briefs(database, rainstorm.id) == []
    monkeypatch.setattr(jobs, "_runs_checked", jobs.threading.Event(), raising=False)  # a scheduler just started
    jobs.run_queue(database)  # its first queue tick
    assert state() == "done"
    assert briefs(database, rainstorm.id) == [(day_of("2021-07-24"), 1, "compiled")]
