"""A new event whose first briefs are already due lists them as 尚未编制 with a past due time until the scheduler's
next sweep compiles them: the list now says they will be compiled automatically, and within how long (the
sweep's own interval). Days the sweep will not reach (before its catch-up window) are not promised.

Only while the scheduler runs (its heartbeat is recent, as /readyz checks): without it the list promised a
compile that never came; it now says the scheduler is not running and nothing will be compiled automatically."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from incidents import scheduler
from incidents.db import now_utc
from incidents.events.models import Event
from incidents.ops import services as ops
from tests.conftest import switch_language

NOT_RUNNING_ZH = "调度程序未运行，不会自动编制"
NOT_RUNNING_EN = "The scheduler is not running; it will not be compiled automatically"


def header(page: str) -> str:
    """The line under the page's heading: what it says of when briefs are compiled."""
    return re.search(r'<p class="meta">(.*?)</p>', page, re.S).group(1)


@pytest.fixture
def beating(database):
    """The scheduler beat just now."""
    with database.transaction() as s:
        ops.beat(s, now_utc())


def test_a_due_brief_not_yet_compiled_says_the_sweep_will_compile_it(client, auth, make_user, live, beating):
    make_user("v", "viewer")
    auth.login("v")
    page = client.get(f"/events/{live.id}/briefs").get_data(as_text=True)
    assert "尚未编制" in page
    assert f"将在{scheduler.SWEEP_MINUTES}分钟内自动编制" in page and NOT_RUNNING_ZH not in page
    assert "自动编制" in header(page) and "调度程序未运行" not in page
    switch_language(client, "en")
    page = client.get(f"/events/{live.id}/briefs").get_data(as_text=True)
    assert f"compiled automatically within {scheduler.SWEEP_MINUTES} minutes" in page and NOT_RUNNING_EN not in page
    assert "compiled at 08:00 the next day" in header(page)


def test_days_before_the_sweeps_window_are_not_promised(client, auth, make_user, live, app, database, beating):
    make_user("v", "viewer")
    auth.login("v")
    app.config["BRIEF_CATCHUP_DAYS"] = 1  # the sweep reaches only the latest due day
    # Begun three days ago: two briefs are past due at any hour (begun two days ago, the second is not yet due
    # before 08:00 in the event's zone, when this test counted one and failed).
    with database.transaction() as s:
        s.get(Event, live.id).starts_at -= timedelta(days=1)
    page = client.get(f"/events/{live.id}/briefs").get_data(as_text=True)
    assert page.count("尚未编制") >= 2 and page.count("分钟内自动编制") == 1


@pytest.mark.parametrize("last_beat", [None, ops.STALE_AFTER + timedelta(seconds=5)])
def test_without_a_recent_heartbeat_nothing_is_promised(client, auth, make_user, live, database, last_beat):
    """No scheduler ever, or one whose last beat /readyz calls stale: the list says no compile will come."""
    if last_beat is not None:
        with database.transaction() as s:
            ops.beat(s, now_utc() - last_beat)
    make_user("v", "viewer")
    auth.login("v")
    page = client.get(f"/events/{live.id}/briefs").get_data(as_text=True)
    assert "尚未编制" in page and NOT_RUNNING_ZH in page
    assert "分钟内自动编制" not in page and "自动编制" not in header(page)
    assert "调度程序未运行：日报不会自动编制" in page
    switch_language(client, "en")
    page = client.get(f"/events/{live.id}/briefs").get_data(as_text=True)
    assert NOT_RUNNING_EN in page and "compiled automatically within" not in page
    assert "compiled" not in header(page) and "due at 08:00 the next day" in header(page)


@pytest.mark.parametrize("running", [False, True])
def test_a_compile_asked_for_without_a_scheduler_says_so_at_once(client, auth, make_user, live, database, running):
    """The progress page promised to open the brief "when it is ready", and only after 30 s said no scheduler
    had taken it: without a recent heartbeat it says so at once."""
    if running:
        with database.transaction() as s:
            ops.beat(s, now_utc())
    make_user("co", "coordinator")
    auth.login("co")
    list_url = f"/events/{live.id}/briefs"
    if not running:
        assert "在此申请的编制也要等调度程序运行后才会进行" in client.get(list_url).get_data(as_text=True)
    # The event's first day in its own zone: the UTC date, asked for before, is the day before it after 16:00 UTC.
    first_day = live.starts_at.astimezone(live.tz).date()
    asked = auth.post(f"{list_url}/compile", {"day": first_day.isoformat()}, form_url=list_url)
    assert asked.status_code == 303
    page = client.get(asked.headers["Location"]).get_data(as_text=True)
    assert ("尚无调度程序接手" in page) is not running


def test_an_ended_event_with_every_brief_compiled_has_no_scheduler_notice(client, auth, make_user, seeded, database):
    """Nothing is left to compile automatically, so a missing scheduler is not news there (the demo's events)."""
    from incidents.briefs.services import compile_due
    from incidents.events.models import Event

    with database.transaction() as s:
        event = s.scalars(sa.select(Event).where(Event.ends_at.is_not(None))).first()
        event_id, after = event.id, event.ends_at + timedelta(days=2)
    compile_due(database, now=after, catchup_days=30, event_ids=[event_id])
    make_user("v", "viewer")
    auth.login("v")
    page = client.get(f"/events/{event_id}/briefs").get_data(as_text=True)
    assert "尚未编制" not in page
    assert "调度程序未运行" not in page
