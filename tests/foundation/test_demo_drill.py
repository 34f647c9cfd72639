"""The served demo has a drill running since today, for a newcomer to log a report into at once.

Found by a newcomer: `./scripts/serve-demo` served only the two July 2021 events, both ended, so every report
form warned that the event had ended and left its time empty: "log a report from a phone in under a minute", the
first thing anyone tries, looked broken.
"""

from __future__ import annotations

import html as htmllib
import re
import socket
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
import werkzeug.serving
from apscheduler.schedulers.background import BackgroundScheduler

from incidents import drill, scheduler
from incidents.db import now_utc
from incidents.events.models import Event
from incidents.models import Report
from tests import seedcopy
from tests.conftest import switch_language
from tests.reports.conftest import Forms


def _serve(runner, monkeypatch):  # noqa: ANN001, ANN202
    """`incidents serve --demo` as the README's first command runs it, stopped where it would start serving."""
    monkeypatch.setattr(scheduler, "start_embedded", lambda app: None)
    monkeypatch.setattr(werkzeug.serving, "run_simple", lambda *a, **kw: None)

    def serve():  # noqa: ANN202
        # Each its own port: serve first checks it can listen there, and another worker's serve may be checking too.
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        result = runner.invoke(args=["incidents", "serve", "--demo", "--port", str(port)])
        assert result.exit_code == 0, result.output
        return result

    return serve


@pytest.fixture
def served_from_empty(app, runner, monkeypatch):
    """`serve --demo` on an empty database, all of it: the scenario replayed with its briefs, the drill, accounts."""
    serve = _serve(runner, monkeypatch)
    serve.first = serve()  # type: ignore[attr-defined]
    return serve


@pytest.fixture
def served(app, runner, database, monkeypatch):
    """`serve --demo` over the scenario `incidents load-demo` loaded before (as a second serve finds it): the drill and
    the accounts made for real, the scenario's rows copied from the worker's first load (tests/seedcopy.py).

    The replay compiles fourteen briefs, 2-3 s a test (7 December); the drill's tests check the drill and the accounts.
    """
    seedcopy.load_demo(database, runner)
    serve = _serve(runner, monkeypatch)
    serve.first = serve()  # type: ignore[attr-defined]
    return serve


def passwords(app) -> dict[str, str]:  # noqa: ANN001
    path = Path(app.instance_path) / "demo-accounts.txt"
    return dict(line.split(" ", 1) for line in path.read_text().splitlines())


def test_the_served_demo_runs_one_drill_since_today_marked_in_both_languages(served_from_empty, session):
    served = served_from_empty
    assert "drill" in served.first.output  # the command says what it added
    assert "23 reports, 14 briefs" in served.first.output  # the scenario replayed first, from the empty database
    running = session.scalars(sa.select(Event).where(Event.ends_at.is_(None))).all()
    assert [e.code for e in running] == [drill.DRILL_CODE]
    event = running[0]
    assert "演练" in event.name and "示例" in event.name
    assert "Drill" in event.name_en and "example" in event.name_en
    local_start = event.starts_at.astimezone(event.tz)
    assert local_start.date() == now_utc().astimezone(event.tz).date() and local_start.strftime("%H:%M") == "00:00"
    assert event.brief_time.strftime("%H:%M") == "08:00" and event.area.name == "文峰区"
    # Its timeline and event page are not empty, and nothing of it lies ahead of now or before its start.
    reports = session.scalars(sa.select(Report).where(Report.event_id == event.id)).all()
    assert len(reports) >= 3
    assert all(event.starts_at <= r.reported_at <= now_utc() for r in reports)
    # The 2021 events stay as they were.
    assert session.scalar(sa.select(sa.func.count()).select_from(Event)) == 3


def test_serving_the_demo_again_adds_no_second_drill(served, session):
    before = session.scalar(sa.select(sa.func.count()).select_from(Report))
    again = served()
    assert "drill" in again.output
    session.rollback()  # a new read: the serve above committed since
    assert session.scalar(sa.select(sa.func.count()).select_from(Event).where(Event.ends_at.is_(None))) == 1
    assert session.scalar(sa.select(sa.func.count()).select_from(Report)) == before


@pytest.mark.parametrize("username", ["beidajie", "reporter"])
def test_a_demo_field_worker_logs_a_report_into_the_drill_at_once(app, served, client, auth, database, session,
                                                                   username):
    auth.login(username, passwords(app)[username])
    event = session.scalar(sa.select(Event).where(Event.code == drill.DRILL_CODE))
    # 新报告: the drill is the first event offered, above the ended ones.
    start = client.get("/reports/new")
    choices = re.findall(r'href="/events/(\d+)/reports/new"', start.get_data(as_text=True)) \
        if start.status_code == 200 else [re.search(r"/events/(\d+)/", start.location).group(1)]
    assert choices[0] == str(event.id), choices
    url = f"/events/{event.id}/reports/new/activity"
    for lang in ("zh", "en"):
        switch_language(client, lang)
        page = htmllib.unescape(client.get(url).get_data(as_text=True))
        assert "status-ended" not in page and "data-ended" not in page  # no ended-event warning
        assert ("演练" if lang == "zh" else "Drill") in page
        local_now = now_utc().astimezone(event.tz)
        day = re.search(r'name="observed_at-day"[^>]*value="([^"]*)"', page)
        clock = re.search(r'name="observed_at-time"[^>]*value="([^"]*)"', page)
        assert day and day.group(1) == local_now.date().isoformat(), lang  # prefilled as for a running event
        assert clock and clock.group(1), lang
    place = session.scalar(sa.text("select id from areas where name = '西钟楼巷'"))
    fields = {"area_id": str(place), "title": "演练：西钟楼巷积水已排除",
              "observed_at-day": day.group(1), "observed_at-time": clock.group(1), "observed_at-precision": "exact"}
    saved = Forms(client).submit(url, fields)
    assert saved.status_code == 302 and "/reports/new" not in saved.location, saved.get_data(as_text=True)[-2000:]
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Report)
                        .where(Report.event_id == event.id, Report.reporter.has(username=username))) == 1


# A newcomer leaves the demo running overnight (or serves it again the next morning): the drill follows the
# calendar as a drill does. Yesterday's ends at midnight, kept with its reports under a dated code for its brief;
# today's runs since 00:00 with its example reports, under the drill's code. Found: the drill ran on from its first
# day for ever, its example reports yesterday's, its page and timeline yesterday's drill.
@pytest.fixture
def served_yesterday(monkeypatch):
    """`serve --demo` run a day ago: the drill's clock put back 24 hours for the first serve only."""
    real = drill.now_utc
    monkeypatch.setattr(drill, "now_utc", lambda: real() - timedelta(days=1))
    yield
    monkeypatch.setattr(drill, "now_utc", real)


def _today_and_yesterday(database) -> tuple[Event, Event]:  # noqa: ANN001
    """The running drill and the one it followed, read fresh."""
    with database.read_session() as s:
        running = s.scalars(sa.select(Event).where(Event.ends_at.is_(None))).all()
        assert [e.code for e in running] == [drill.DRILL_CODE]
        before = s.scalars(sa.select(Event).where(Event.code.like(f"{drill.DRILL_CODE}-%"))).all()
        assert len(before) == 1, [e.code for e in before]
        s.expunge_all()
        return running[0], before[0]


def _assert_followed_the_calendar(database) -> None:  # noqa: ANN001
    today, yesterday = _today_and_yesterday(database)
    local_now = now_utc().astimezone(today.tz)
    midnight = datetime.combine(local_now.date(), time(0), today.tz)
    assert today.starts_at == midnight
    assert yesterday.starts_at == midnight - timedelta(days=1) and yesterday.ends_at == midnight
    assert yesterday.code == f"{drill.DRILL_CODE}-{(local_now.date() - timedelta(days=1)):%Y%m%d}"
    with database.read_session() as s:
        mine = s.scalars(sa.select(Report).where(Report.event_id == today.id)).all()
        kept = s.scalar(sa.select(sa.func.count()).select_from(Report).where(Report.event_id == yesterday.id))
    assert len(mine) >= 3 and all(midnight <= r.reported_at <= now_utc() for r in mine)
    assert kept == len(drill.REPORTS)  # yesterday's drill keeps its reports (and gets its last brief)


def test_a_demo_left_running_overnight_runs_todays_drill(served_yesterday, served, app, database, client, auth,
                                                         monkeypatch):
    monkeypatch.setattr(drill, "now_utc", now_utc)
    jobs = BackgroundScheduler(timezone="UTC")
    scheduler.sync_jobs(jobs, database, 7)  # the scheduler's minute job, on today's clock
    _assert_followed_the_calendar(database)
    today, yesterday = _today_and_yesterday(database)
    # Today's has its brief job (yesterday's last brief, due this morning, is the sweep's as any event's).
    assert scheduler.EVENT_JOB.format(id=today.id) in {j.id for j in jobs.get_jobs()}
    scheduler.sync_jobs(jobs, database, 7)  # a minute later: nothing more
    _today_and_yesterday(database)
    auth.login("reporter", passwords(app)["reporter"])
    start = client.get("/reports/new")
    choices = re.findall(r'href="/events/(\d+)/reports/new"', start.get_data(as_text=True)) \
        if start.status_code == 200 else [re.search(r"/events/(\d+)/", start.location).group(1)]
    assert choices[0] == str(today.id), choices


def test_the_demo_served_again_the_next_day_runs_todays_drill(served_yesterday, served, monkeypatch, database):
    monkeypatch.setattr(drill, "now_utc", now_utc)
    assert "drill" in served().output
    _assert_followed_the_calendar(database)


def test_a_drill_closed_on_purpose_stays_closed(served, database, monkeypatch):
    with database.transaction() as s:
        event = s.scalar(sa.select(Event).where(Event.code == drill.DRILL_CODE))
        event.starts_at -= timedelta(days=1)
        event.ends_at = event.starts_at + timedelta(hours=20)
    scheduler.sync_jobs(BackgroundScheduler(timezone="UTC"), database, 7)
    served()
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Event).where(Event.ends_at.is_(None))) == 0
        assert s.scalar(sa.select(sa.func.count()).select_from(Event).where(Event.code.like("demo-drill%"))) == 1
