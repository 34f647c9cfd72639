"""A scheduler down longer than its catch-up window (7 days; or never started for an event's first days) leaves the
days before the window without a brief. They were gone from the briefs page and the API's list (which showed the
last 7 due days only), and the long-running `incidents scheduler` said nothing (`--once` names them): the office saw
第4期 as its first brief and never learned 第1期-第3期 were missing. Now they stay listed, numbered, not compiled,
and the scheduler's log names them with the command that compiles them."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler

from incidents import scheduler as jobs
from incidents.briefs.periods import last_due_day

from .conftest import SHANGHAI, briefs, make_builder


def test_days_before_the_window_stay_listed_and_are_named(database, token_script, auth, make_user, caplog,
                                                          monkeypatch):
    monkeypatch.setattr(jobs, "_named_left", set())  # a fresh scheduler process: nothing named yet
    now = datetime.now(UTC)
    starts = (now.astimezone(SHANGHAI) - timedelta(days=10)).replace(hour=0, minute=0, second=0, microsecond=0)
    b = make_builder(database, starts=starts)
    with database.read_session() as s:
        from incidents.events.models import Event

        last = last_due_day(s.get(Event, b.event_id), now)
    assert last is not None
    first = starts.date()
    due = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    assert len(due) > 7

    # The long-running scheduler's start-up catch-up: the last 7 due days compiled, the earlier ones named.
    with caplog.at_level(logging.WARNING):
        jobs.sweep(BackgroundScheduler(), database, jobs.DEFAULT_CATCHUP_DAYS)
    compiled = sorted(day for day, _revision, _status in briefs(database, b.event_id))
    assert compiled == due[-7:]
    left = due[:-7]
    said = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING and "test-event" in r.getMessage()]
    assert said and f"{len(left)} earlier day" in said[0] and f"{left[0]} to {left[-1]}" in said[0], said
    assert f"--catchup-days {len(due)}" in said[0], said

    # The API's list: every due day, those before the window listed as not compiled, with their number.
    client, headers = token_script
    days = client.get(f"/api/v1/events/{b.event_id}/briefs", headers=headers).get_json()["days"]
    listed = {row["day"]: row for row in days}
    assert sorted(listed) == [d.isoformat() for d in due]
    assert [(listed[d.isoformat()]["number"], listed[d.isoformat()]["briefs"]) for d in left] == [
        (n + 1, []) for n in range(len(left))]

    # The briefs page: 第1期 there, and why it will not come by itself.
    make_user("office", "coordinator")
    auth.login("office")
    page = auth.client.get(f"/events/{b.event_id}/briefs").get_data(as_text=True)
    assert "第1期" in page and "早于调度程序的补编范围（最近7天），不会自动编制" in page, page
