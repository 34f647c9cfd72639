"""`scheduler --once` says which days it skipped and why, not only "0 briefs compiled" (issue 11, item 9)."""

from __future__ import annotations

import sqlalchemy as sa

from incidents.briefs import compiling, services

from .conftest import briefs, day_of

AS_OF = ["incidents", "scheduler", "--once", "--as-of", "2021-07-25T08:00:00+08:00", "--catchup-days", "3"]


def test_a_day_held_by_another_compile_is_named_as_skipped(runner, database, rainstorm, monkeypatch):
    held = day_of("2021-07-24")
    holder = None
    if database.is_sqlite:
        # SQLite has no advisory lock to hold from outside: the lock says another compile has the day.
        original = compiling.try_lock
        monkeypatch.setattr(compiling, "try_lock", lambda s, e, d: d != held and original(s, e, d))
    else:
        holder = database.engine.connect()
        holder.begin()
        assert holder.scalar(sa.select(sa.func.pg_try_advisory_xact_lock(services.lock_key(rainstorm.id, held))))
    try:
        result = runner.invoke(args=AS_OF)
    finally:
        if holder is not None:
            holder.rollback()
            holder.close()
    assert result.exit_code == 0, result.output
    assert f"skipped: event {rainstorm.id} 2021-07-24: another compile of this day was running" in result.output
    assert "2 briefs compiled, 1 skipped" in result.output
    assert [d for d, _, _ in briefs(database, rainstorm.id)] == [day_of("2021-07-22"), day_of("2021-07-23")]
    # Run again once the other compile is gone: the skipped day is made, the others are not made twice.
    monkeypatch.undo()
    again = runner.invoke(args=AS_OF)
    assert again.output.splitlines()[-1] == "1 briefs compiled", again.output
    assert briefs(database, rainstorm.id) == [(day_of(f"2021-07-{d}"), 1, "compiled") for d in (22, 23, 24)]


def test_a_failed_day_is_named_with_its_error_and_the_exit_says_so(runner, database, rainstorm, monkeypatch):
    original = compiling.build

    def build(session, event, day, **kw):  # noqa: ANN001, ANN003, ANN202
        if day == day_of("2021-07-23"):
            raise RuntimeError("the disk is full")
        return original(session, event, day, **kw)

    monkeypatch.setattr(compiling, "build", build)
    result = runner.invoke(args=AS_OF)
    assert result.exit_code == 1, result.output
    assert f"failed: event {rainstorm.id} 2021-07-23: the disk is full" in result.output
    assert "2 briefs compiled, 1 failed" in result.output
