"""Compiles asked for from the web are queued and done by the scheduler, off the request (issue 11, item 7)."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from incidents import scheduler as jobs
from incidents.briefs import compiling, queue, services
from incidents.briefs.models import CompileRequest
from incidents.db import now_utc
from incidents.ops.models import Heartbeat

from .conftest import briefs, day_of, local


@pytest.fixture
def coordinator(auth, make_user):
    make_user("coord1", "coordinator")
    auth.login("coord1")
    return auth


def _requests(database) -> list[tuple[str, str | None]]:
    with database.read_session() as s:
        return [(r.status.value, r.outcome) for r in s.scalars(sa.select(CompileRequest).order_by(CompileRequest.id))]


def test_web_compile_returns_at_once_and_the_scheduler_job_makes_the_brief(client, coordinator, database,
                                                                           rainstorm):
    index = f"/events/{rainstorm.id}/briefs"
    response = coordinator.post(f"{index}/compile", {"day": "2021-07-24"}, form_url=index)
    assert response.status_code == 303
    progress = response.headers["Location"]
    assert re.search(r"/briefs/compiles/\d+$", progress)
    assert briefs(database, rainstorm.id) == []  # nothing compiled inside the request
    page = client.get(progress)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "排队中" in html and 'http-equiv="refresh"' in html
    assert queue.run_queued(database) == 1  # the scheduler's queue job
    assert briefs(database, rainstorm.id) == [(day_of("2021-07-24"), 1, "compiled")]
    done = client.get(progress)
    assert done.status_code == 303
    with database.read_session() as s:
        brief_id = s.scalar(sa.select(CompileRequest.brief_id))
    assert done.headers["Location"].endswith(f"/briefs/{brief_id}")
    assert "日报已编制" in client.get(done.headers["Location"]).get_data(as_text=True)
    assert queue.run_queued(database) == 0  # done requests are not run again
    assert briefs(database, rainstorm.id) == [(day_of("2021-07-24"), 1, "compiled")]


def test_two_clicks_make_one_brief(client, coordinator, database, rainstorm):
    first = services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-25 08:00"))
    url = f"/briefs/{first.brief.id}/recompile"
    one = coordinator.post(url, {}, form_url=f"/briefs/{first.brief.id}")
    two = coordinator.post(url, {}, form_url=f"/briefs/{first.brief.id}")
    assert one.status_code == two.status_code == 303
    assert one.headers["Location"] == two.headers["Location"]
    # Compile-now of the same day is another kind of request (the day's brief, not a new revision).
    index = f"/events/{rainstorm.id}/briefs"
    now_a = coordinator.post(f"{index}/compile", {"day": "2021-07-24"}, form_url=index)
    now_b = coordinator.post(f"{index}/compile", {"day": "2021-07-24"}, form_url=index)
    assert now_a.headers["Location"] == now_b.headers["Location"] != one.headers["Location"]
    assert queue.run_queued(database) == 2
    assert briefs(database, rainstorm.id) == [(day_of("2021-07-24"), 1, "compiled"),
                                              (day_of("2021-07-24"), 2, "compiled")]
    assert _requests(database) == [("done", "created"), ("done", "exists")]
    # Once done, a new click is a new request (and a new revision).
    three = coordinator.post(url, {}, form_url=f"/briefs/{first.brief.id}")
    assert three.headers["Location"] != one.headers["Location"]


def test_a_failed_compile_shows_failed_with_its_message(client, coordinator, database, rainstorm, monkeypatch):
    def broken(*args, **kw):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(compiling, "build", broken)
    index = f"/events/{rainstorm.id}/briefs"
    response = coordinator.post(f"{index}/compile", {"day": "2021-07-24"}, form_url=index)
    queue.run_queued(database)
    page = client.get(response.headers["Location"])
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "编制失败" in html and "the disk is full" in html and 'http-equiv="refresh"' not in html
    assert briefs(database, rainstorm.id) == []
    assert _requests(database) == [("failed", None)]
    # The next click queues a fresh request rather than reusing the failed one.
    monkeypatch.undo()
    again = coordinator.post(f"{index}/compile", {"day": "2021-07-24"}, form_url=index)
    assert again.headers["Location"] != response.headers["Location"]
    queue.run_queued(database)
    assert briefs(database, rainstorm.id) == [(day_of("2021-07-24"), 1, "compiled")]


def test_a_bad_day_is_refused_before_queuing(coordinator, database, rainstorm):
    index = f"/events/{rainstorm.id}/briefs"
    for day in ("2021-07-01", "2031-07-01", "9999-12-31"):
        assert coordinator.post(f"{index}/compile", {"day": day}, form_url=index).status_code == 400, day
    assert _requests(database) == []


def test_progress_is_for_signed_in_readers(client, auth, make_user, database, rainstorm):
    make_user("reporter1", "reporter")
    with database.transaction() as s:
        job = queue.request_compile(s, s.merge(rainstorm), day_of("2021-07-24"), None)
    assert client.get(f"/briefs/compiles/{job.id}").status_code in (302, 401)  # not signed in
    auth.login("reporter1")
    assert client.get(f"/briefs/compiles/{job.id}").status_code == 200
    assert client.get("/briefs/compiles/99999").status_code == 404


def test_an_abandoned_request_is_taken_again(database, rainstorm):
    """A scheduler killed mid-compile leaves its request running; after STALE another one takes it."""
    with database.transaction() as s:
        job = queue.request_compile(s, s.merge(rainstorm), day_of("2021-07-24"), None)
    assert queue.claim(database) == job.id
    assert queue.claim(database) is None  # running: not claimed twice
    assert queue.claim(database, now=now_utc() + queue.STALE + queue.STALE) == job.id


def test_a_run_whose_heartbeat_stopped_is_said_and_taken_again(client, coordinator, database, rainstorm):
    """The process compiling a request died where its pid means nothing here (another host): 90 s after its last
    beat the page and the API say so, and the next claim takes it (until 6 December: `running` for 15 minutes)."""
    with database.transaction() as s:
        job = queue.request_compile(s, s.merge(rainstorm), day_of("2021-07-24"), None)
    assert queue.claim(database) == job.id
    page = client.get(f"/briefs/compiles/{job.id}").get_data(as_text=True)
    assert "正在编制" in page and "停止" not in page
    assert client.get(f"/api/v1/briefs/compiles/{job.id}").get_json().get("abandoned") is False
    with database.transaction() as s:  # its beats stop: the last one two minutes ago
        s.execute(sa.update(Heartbeat).values(beat_at=now_utc() - queue.ops.STALE_AFTER - queue.ops.STALE_AFTER))
    page = client.get(f"/briefs/compiles/{job.id}").get_data(as_text=True)
    assert "编制它的调度程序已停止" in page and "正在编制" not in page, page
    polled = client.get(f"/api/v1/briefs/compiles/{job.id}").get_json()
    assert (polled["status"], polled.get("abandoned")) == ("running", True), polled
    assert queue.claim(database) == job.id
    assert queue.run(database, job.id).value == "done"
    with database.read_session() as s:  # the run's heartbeats row goes with it
        assert s.scalars(sa.select(Heartbeat.name)).all() == []


def test_the_scheduler_runs_the_queue_every_few_seconds(app):
    from apscheduler.schedulers.background import BackgroundScheduler

    scheduler = jobs.build(app, BackgroundScheduler)
    job = scheduler.get_job(jobs.QUEUE_JOB)
    assert job is not None and job.func is jobs.run_queue
    assert job.trigger.interval.total_seconds() <= 5


def test_a_tick_while_the_queue_runs_returns_at_once(database, monkeypatch):
    """A long compile must not stack queue runs (nor warnings) every two seconds."""
    import threading

    inside, leave = threading.Event(), threading.Event()
    calls: list[int] = []

    def slow(_database) -> int:  # noqa: ANN001
        calls.append(1)
        inside.set()
        leave.wait(10)
        return 0

    monkeypatch.setattr(queue, "run_queued", slow)
    first = threading.Thread(target=jobs.run_queue, args=(database,))
    first.start()
    assert inside.wait(10)
    jobs.run_queue(database)  # the next tick: it returns while the first still runs (else this hangs)
    assert calls == [1]
    leave.set()
    first.join(10)
    jobs.run_queue(database)
    assert calls == [1, 1]


@pytest.mark.parametrize("change, reason", [
    ({"role": "viewer"}, "提出编制的账号已无权编制此事件的日报"),
    ({"active": False}, "提出编制的账号已停用"),
    ({"scope_area_id": "文峰区/北大街街道"}, "提出编制的账号已无权编制此事件的日报"),
])
def test_a_compile_queued_before_the_asker_lost_the_right_is_not_run(client, coordinator, database, rainstorm,
                                                                      change, reason):
    """Demoted, deactivated or moved to a subdistrict while the compile waited: no brief is made in that name."""
    from incidents import demo
    from incidents.auth import services as accounts
    from incidents.auth.models import User

    index = f"/events/{rainstorm.id}/briefs"
    progress = coordinator.post(f"{index}/compile", {"day": "2021-07-24"}, form_url=index).headers["Location"]
    with database.transaction() as s:
        user = s.scalar(sa.select(User).where(User.username == "coord1"))
        if "scope_area_id" in change:
            change = {"scope_area_id": demo._area_by_path(s, change["scope_area_id"]).id}
        accounts.update_user(s, user, change, actor_id=None)
    assert queue.run_queued(database) == 1
    assert briefs(database, rainstorm.id) == []
    assert _requests(database) == [("failed", None)]
    if change.get("active") is False:
        return  # the asker can no longer read the page; the reason is in the request
    page = client.get(progress).get_data(as_text=True)
    assert "编制失败" in page and reason in page
