"""An outsider replays four days of outages through the HTTP API (gunicorn, tokens alone) with `incidents scheduler`
as its own process, and that process not always running, as a district office lives it (README.md, docs/deploy.md,
docs/api.md, docs/briefs.md):

- down over day 2's due time (3 December 08:00) and started again at 14:00: day 2's brief is compiled once, 第2期,
  with the cut-off it was due at (08:00, not 14:00), and its figures are those of the reports known at 08:00 — two
  reports sent at 09:00 and 10:00 are not in it (figures worked out here from what was sent and when), and they are
  day 3's late reports, not day 2's; the API's list shows day 2 as due and missing while it is down;
- a recompile of day 1 asked over the API while it is down: 202, queued, and the answer says no scheduler is
  running to take it; done once (revision 2) when it starts, with what is known then;
- killed (SIGKILL) and restarted twice in a row around day 3's due time, a revision of day 2 asked two seconds
  before: day 3's brief once, that revision once, none missing, 第1期 to 第4期 in sequence;
- /readyz: the scheduler's heartbeat stale (503) while it is down, green again once it runs.

Every process reads one clock the test sets (tests/ops/clocked.py: the server's stamps and the scheduler's time),
so days pass in seconds. Wall time 35-40 s on the 2-core build machine beside other runs (four scheduler starts and
gunicorn's are most of it).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.ops.clocked import CLOCK, set_clock

# Once, on SQLite (tests/conftest.py): what it replays is the scheduler's days, cut-offs and restarts, the same code
# on either database; a brief's figures on PostgreSQL are the content tests', and schedulers racing and killed
# mid-compile there are tests/briefs/test_exactly_once.py's. 30-50 s of processes a run.
pytestmark = [pytest.mark.slow, pytest.mark.any_database]

ROOT = Path(__file__).resolve().parents[2]
ZONE = ZoneInfo("Asia/Shanghai")

# ---- The scenario: December 2026, local times "day HH:MM"; the event runs 1-4 December, briefs due at 08:00.
SITES = {"甲一小区": "甲街道", "甲二小区": "甲街道", "甲三小区": "甲街道",
         "乙一小区": "乙街道", "乙二小区": "乙街道", "乙三小区": "乙街道"}
# outage: (place, households, started, reported)
OUTAGES = {
    "A": ("甲一小区", 300, "1 09:00", "1 09:10"),
    "B": ("乙一小区", 200, "1 14:00", "1 14:05"),
    "C": ("甲二小区", 150, "2 09:30", "2 10:00"),
    "D": ("乙二小区", 80, "2 23:00", "3 07:50"),  # known before day 2's cut-off, sent while the scheduler is down
    "E": ("甲三小区", 60, "2 22:00", "3 10:00"),  # of day 2, sent after its cut-off and before its late compile
    "F": ("乙三小区", 120, "3 12:00", "3 12:10"),
}
ALL = None  # fully restored
# update: (outage, observed, reported, households restored so far or ALL)
UPDATES = {
    "a1": ("A", "1 20:00", "1 20:05", 100),
    "a2": ("A", "1 23:00", "2 07:30", 150),  # sent before day 1's cut-off
    "b1": ("B", "1 23:30", "2 08:30", 50),  # of day 1, sent after its brief: in the recompile only
    "b2": ("B", "2 15:30", "2 16:00", ALL),
    "c1": ("C", "2 21:00", "2 22:00", 50),
    "a3": ("A", "2 23:30", "3 09:00", 250),  # of day 2, sent after its cut-off while the scheduler is down
    "c2": ("C", "3 14:30", "3 15:00", ALL),
    "a4": ("A", "4 10:00", "4 10:05", ALL),
    "e1": ("E", "4 12:00", "4 12:30", ALL),
    "d1": ("D", "4 18:00", "4 18:10", 30),
}


def at(text: str) -> datetime:
    """'2 08:30' → 2 December 2026 08:30 in the event's zone."""
    day, clock = text.split()
    return datetime.fromisoformat(f"2026-12-{int(day):02d} {clock}").replace(tzinfo=ZONE)


def cutoff(day: int) -> datetime:
    """docs/briefs.md: the scheduled brief of a day is cut off at its due time, 08:00 the next day."""
    return at(f"{day + 1} 08:00")


# ---- docs/domain.md's outage rule, by hand: what was out at an instant, as known at a moment.
def level(outage: str, t: datetime, known: datetime) -> int | None:
    """Households out at t (its latest update observed by t); None before it began or was known."""
    _place, households, started, reported = OUTAGES[outage]
    if at(started) > t or at(reported) > known:
        return None
    seen = sorted((at(u[1]), u[3]) for u in UPDATES.values()
                  if u[0] == outage and at(u[1]) <= t and at(u[2]) <= known)
    if not seen:
        return households
    restored = seen[-1][1]
    return 0 if restored is ALL else households - restored


def figures(day: int, known: datetime) -> dict[str, Any]:
    """A day's power figures as known at `known`: out at the day's end, the outages open then and begun in the
    day, and what came back in the day (each fall of each outage between 00:00 and 24:00)."""
    start, end = at(f"{day} 00:00"), at(f"{day + 1} 00:00") - timedelta(microseconds=1)
    out = {o: level(o, end, known) for o in OUTAGES}
    back = 0
    for o, (_p, _households, started, _r) in OUTAGES.items():
        if out[o] is None:
            continue
        moments = [at(started)] + sorted(at(u[1]) for u in UPDATES.values() if u[0] == o and at(u[2]) <= known)
        before = level(o, start - timedelta(microseconds=1), known)
        for t in (m for m in moments if start <= m <= end):
            now = level(o, t, known)
            if before is not None and now is not None and now < before:
                back += before - now
            before = now
    return {"households_out": sum(v or 0 for v in out.values()),
            "open_outages": sum(1 for v in out.values() if v),
            "new_in_period": sum(1 for o, v in out.items() if v is not None and at(OUTAGES[o][2]) >= start),
            "households_restored": back or None}


def late(day: int, known: datetime) -> set[str]:
    """docs/briefs.md's late reports of a day's brief cut off at `known`: stamped after the day before's brief's
    cut-off (a first day: after its 00:00) and by `known`, observed (an outage: begun) before the day, on a day whose
    brief's cut-off they missed."""
    start = at(f"{day} 00:00")
    since = cutoff(day - 1) if day > 1 else start
    moments = {**{n: (o[2], o[3]) for n, o in OUTAGES.items()}, **{n: (u[1], u[2]) for n, u in UPDATES.items()}}
    return {name for name, (first, reported) in moments.items()
            if since < at(reported) <= known and at(first) < start and at(reported) > cutoff(at(first).day)}


def power_of(content: dict[str, Any]) -> dict[str, Any]:
    """The same figures read off a brief's JSON."""
    p = content["power"]
    return {"households_out": p["households_out"]["value"], "open_outages": p["open_outages"],
            "new_in_period": p["new_in_period"],
            "households_restored": (p["households_restored"] or {}).get("value")}


def free_port(first: int = 51400, last: int = 51499) -> int:
    """A port of this suite's range nobody holds (two runs on one machine each take their own)."""
    for port in range(first, last + 1):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise AssertionError(f"every port from {first} to {last} is taken")


# ---- The processes: gunicorn (2 workers, the deployed settings) and the scheduler, on the test's clock.
class Office:
    """The clock, the server and the scheduler process of one district office."""

    def __init__(self, tmp: Path, db_url: str) -> None:
        self.tmp, self.clock, port = tmp, tmp / "clock.json", free_port()
        self.env = {**os.environ, "DATABASE_URL": db_url, "SECRET_KEY": "outsider-gaps", "PYTHONUNBUFFERED": "1",
                    "INCIDENTS_INSTANCE": str(tmp / "instance"), "INCIDENTS_BIND": f"127.0.0.1:{port}",
                    "INCIDENTS_WORKERS": "2", "INCIDENTS_SCHEDULER": "off", "INCIDENTS_REQUEST_LOG": "0",
                    "PYTHONPATH": str(ROOT), CLOCK: str(self.clock)}
        self.base = f"http://127.0.0.1:{port}"
        self.web: subprocess.Popen | None = None
        self.scheduler: subprocess.Popen | None = None
        self.starts = 0

    def now(self, text: str) -> None:
        set_clock(self.clock, at(text))

    def _spawn(self, args: list[str], log: str) -> subprocess.Popen:
        return subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=(self.tmp / log).open("w"),
                                stderr=subprocess.STDOUT, start_new_session=True)

    def serve(self) -> None:
        """Start gunicorn; `served` waits for it (the accounts are made meanwhile)."""
        self.web = self._spawn([str(Path(sys.executable).parent / "gunicorn"), "-c", "tests/ops/clocked_gunicorn.py",
                                "wsgi:app"], "web.log")

    def served(self) -> None:
        web = self.web
        assert web is not None
        # A port another program holds stops gunicorn: said, rather than that program's answers read as ours.
        wait_for(lambda: web.poll() is None and self._answers("/healthz") or web.poll() is not None,
                 "gunicorn answering", 60)
        assert web.poll() is None, self.log()

    def _answers(self, path: str) -> Answer | None:
        try:
            return fetch("GET", self.base + path)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return None

    def readyz(self) -> Answer:
        answer = self._answers("/readyz")
        assert answer is not None
        return answer

    def start_scheduler(self) -> subprocess.Popen:
        self.starts += 1
        self.scheduler = self._spawn([sys.executable, "-m", "tests.ops.clocked", "scheduler"],
                                     f"scheduler-{self.starts}.log")
        return self.scheduler

    def stop_scheduler(self, sig: int = signal.SIGTERM) -> None:
        assert self.scheduler is not None and self.scheduler.poll() is None, self.log()
        os.killpg(self.scheduler.pid, sig)
        self.scheduler.wait(timeout=20)
        self.scheduler = None

    def log(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in sorted(self.tmp.glob("*.log")))

    def close(self) -> None:
        for proc in (self.scheduler, self.web):
            if proc is not None and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=20)


@dataclass(frozen=True)
class Answer:
    """An HTTP answer: its status and body."""

    status_code: int
    text: str

    def json(self) -> Any:
        return json.loads(self.text)


def fetch(method: str, url: str, body: Any = None, headers: dict[str, str] | None = None) -> Answer:
    """One HTTP request as any client sends it (JSON body), an error status answered like any other."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={
        **(headers or {}), **({"Content-Type": "application/json"} if data is not None else {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Answer(response.status, response.read().decode())
    except urllib.error.HTTPError as exc:
        return Answer(exc.code, exc.read().decode())


def wait_for(ready: Callable[[], Any], what: str, seconds: float = 60) -> Any:
    """Poll until `ready()` gives something true; that (the time allowed is for a machine loaded by other runs)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = ready()
        if found:
            return found
        time.sleep(0.25)  # polling faster takes the CPU the scheduler compiles with (2 cores)
    raise AssertionError(f"waited {seconds} s for {what}")


class Api:
    """A token's requests to the office's API."""

    def __init__(self, base: str, token: str) -> None:
        self.base, self.headers = base, {"Authorization": f"Bearer {token}"}

    def get(self, path: str) -> Any:
        return self.text(path).json()

    def text(self, path: str) -> Answer:
        answer = fetch("GET", self.base + path, headers=self.headers)
        assert answer.status_code == 200, (path, answer.status_code, answer.text)
        return answer

    def post(self, path: str, body: dict[str, Any] | None = None, status: int = 201) -> Any:
        answer = fetch("POST", self.base + path, body, self.headers)
        assert answer.status_code == status, (path, answer.status_code, answer.text)
        return answer.json()


@pytest.fixture
def office(app, db_url: str, tmp_path: Path) -> Iterator[Office]:  # noqa: ANN001
    """A fresh database (the app fixture empties it), gunicorn starting on the test's clock; all stopped after."""
    place = Office(tmp_path, db_url)
    place.now("1 06:00")
    try:
        place.serve()
        yield place
    finally:
        place.close()


def token_for(runner, username: str, role: str, scope: str | None = None) -> str:  # noqa: ANN001
    """An account and its token, made with the documented commands (README.md: create-user, tokens create)."""
    made = runner.invoke(args=["incidents", "create-user", username, "--role", role, "--password",
                               "outsider-gaps-2026", *(["--scope", scope] if scope else [])])
    assert made.exit_code == 0, made.output
    token = runner.invoke(args=["incidents", "tokens", "create", username, "--name", "outsider"])
    assert token.exit_code == 0, token.output
    return token.output.strip().splitlines()[-1]


def test_briefs_when_the_scheduler_is_not_always_running(office: Office, runner):  # noqa: ANN001
    # 1 December 06:00: the scheduler runs from the start (it takes up the event once it exists).
    office.start_scheduler()
    coordinator = Api(office.base, token_for(runner, "duty-office", "coordinator"))
    office.served()

    def area(name: str, level_: str, parent: int | None = None) -> int:
        return coordinator.post("/api/v1/areas", {"name": name, "level": level_, "parent_id": parent})["id"]

    district = area("演练区", "district")
    subdistricts = {name: area(name, "subdistrict", district) for name in ("甲街道", "乙街道")}
    places = {name: area(name, "site", subdistricts[sub]) for name, sub in SITES.items()}
    event = coordinator.post("/api/v1/events", {
        "code": "gaps-2026-12", "name": "演练停电", "kind": "rainstorm", "starts_at": "2026-12-01 00:00",
        "brief_time": "08:00", "area_id": district})["id"]
    reporters = {sub: Api(office.base, token_for(runner, f"reporter-{n}", "reporter", f"演练区/{sub}"))
                 for n, sub in enumerate(("甲街道", "乙街道"))}
    ids: dict[str, int] = {}

    def send_until(moment: str) -> None:
        """Each outage and update reported by `moment` and not yet sent, at its reported time (the clock set to it),
        by its subdistrict's reporter: the server stamps `reported_at`."""
        rows = sorted([(at(o[3]), n) for n, o in OUTAGES.items()] + [(at(u[2]), n) for n, u in UPDATES.items()])
        for reported, name in rows:
            if name in ids or reported > at(moment):
                continue
            set_clock(office.clock, reported)
            if name in OUTAGES:
                place, households, started, _r = OUTAGES[name]
                body = {"kind": "outage", "area_id": places[place], "households_affected": households,
                        "started_at": at(started).isoformat()}
            else:
                outage, observed, _r, restored = UPDATES[name]
                place = OUTAGES[outage][0]
                body = {"kind": "outage_update", "outage_id": ids[outage], "observed_at": at(observed).isoformat(),
                        **({"fully_restored": True} if restored is ALL else {"households_restored": restored})}
            made = reporters[SITES[place]].post(f"/api/v1/events/{event}/reports", body)
            stamped = datetime.fromisoformat(made["reported_at"].replace("Z", "+00:00"))
            assert abs(stamped - reported) < timedelta(seconds=30), (name, made["reported_at"])  # the server's clock
            ids[name] = made["id"]

    def briefs() -> dict[tuple[str, int], dict[str, Any]]:
        """Every brief of the event by (day, revision), from the API's list."""
        listed = coordinator.get(f"/api/v1/events/{event}/briefs")["days"]
        return {(b["day"], b["revision"]): b for row in listed for b in row["briefs"]}

    def brief_of(day: int, revision: int = 1) -> dict[str, Any]:
        key = (f"2026-12-{day:02d}", revision)
        return wait_for(lambda: briefs().get(key), f"the brief of {key}")

    def content(brief: dict[str, Any]) -> dict[str, Any]:
        return coordinator.get(f"/api/v1/briefs/{brief['id']}/json")["content"]

    def instant(text: str) -> datetime:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))

    def check(brief: dict[str, Any], day: int, number: int, known: datetime) -> None:
        """The brief's number (and 第N期 in its Markdown), its cut-off (`known`), its figures and its late reports as
        known then."""
        facts = content(brief)
        assert (brief["number"], facts["header"]["number"]) == (number, number)
        assert f"第{number}期" in office_text(brief)
        assert instant(facts["header"]["cutoff"]) == known, (day, facts["header"]["cutoff"])
        assert power_of(facts) == figures(day, known), (day, brief["revision"])
        listed = {lt["report_id"] for lt in facts["quality"]["late"]}
        assert listed == {ids[name] for name in late(day, known)}, (day, brief["revision"], facts["quality"]["late"])
        assert facts["quality"]["late_total"] == len(listed)

    def finished(url: str) -> dict[str, Any]:
        """A compile request's status once it is neither queued nor running."""
        return wait_for(lambda: (lambda job: job if job["status"] not in ("queued", "running") else None)(
            coordinator.get(url)), f"{url} done")

    def office_text(brief: dict[str, Any]) -> str:
        return coordinator.text(f"/api/v1/briefs/{brief['id']}/md").text

    # ---- 1 December: /readyz green once the scheduler has beaten.
    wait_for(lambda: office.readyz().status_code == 200, "/readyz green with the scheduler running")
    send_until("2 07:30")
    office.now("2 08:00")  # day 1's due time: the running scheduler's cron job
    first = brief_of(1)
    check(first, 1, 1, cutoff(1))
    assert instant(first["compiled_at"]) - cutoff(1) < timedelta(minutes=2)  # at the due time, as it ran

    # ---- 2 December: reports; the scheduler goes down at 18:00 and stays down over 3 December 08:00.
    send_until("2 17:00")
    office.now("2 18:00")
    office.stop_scheduler()
    office.now("2 18:02")  # two minutes without a beat (it beats every 30 s; 90 s is stale)
    down = office.readyz()
    assert down.status_code == 503 and not down.json()["checks"]["scheduler"]["ok"], down.text
    send_until("3 10:00")  # D at 07:50 (before the cut-off), a3 at 09:00 and E at 10:00 (after it)
    office.now("3 11:00")
    assert ("2026-12-02", 1) not in briefs()  # due at 08:00, nobody to compile it
    missing = {row["day"]: row for row in coordinator.get(f"/api/v1/events/{event}/briefs")["days"]}["2026-12-02"]
    assert (missing["briefs"], instant(missing["due_at"])) == ([], cutoff(2)), missing  # listed as due, not there

    # A coordinator asks for day 1 again while nothing runs: queued, and told so.
    asked = coordinator.post(f"/api/v1/briefs/{first['id']}/recompile", status=202)
    assert asked["status"] == "queued", asked
    assert asked["scheduler_running"] is False, asked
    office.now("3 11:05")
    polled = coordinator.get(asked["url"])
    assert (polled["status"], polled["scheduler_running"]) == ("queued", False), polled
    still = office.readyz()
    assert still.status_code == 503 and not still.json()["checks"]["scheduler"]["ok"], still.text

    # ---- 3 December 14:00: started again. Day 2's brief once, cut off at 08:00; the recompile done once.
    office.now("3 14:00")
    office.start_scheduler()
    second = brief_of(2)
    check(second, 2, 2, cutoff(2))
    assert instant(second["compiled_at"]) >= at("3 14:00")  # compiled late, cut off when it was due
    assert figures(2, cutoff(2)) != figures(2, at("3 14:00"))  # a3 and E would have changed it
    done = finished(asked["url"])
    assert (done["status"], done["scheduler_running"]) == ("done", True), done
    again = brief_of(1, 2)
    assert done["brief_id"] == again["id"]
    asked_at = instant(again["compiled_at"])
    assert at("3 14:00") <= asked_at < at("3 14:02")  # when the scheduler came, not when it was asked (11:00)
    check(again, 1, 1, asked_at)  # every report known when it ran: b1 now counts
    wait_for(lambda: office.readyz().status_code == 200, "/readyz green again")

    # ---- 3 December reports. A revision of day 2 asked two seconds before day 3's due time; the scheduler killed
    # (SIGKILL) as the due time passes (before, during or after either compile), started and killed again as it
    # begins its catch-up, then started a third time.
    send_until("4 07:00")
    office.now("4 07:59:58")
    redo = coordinator.post(f"/api/v1/briefs/{second['id']}/recompile", status=202)
    time.sleep(2.5)  # 08:00 passes with the scheduler running (its 2 s queue job wakes it)
    office.stop_scheduler(signal.SIGKILL)
    log = office.tmp / f"scheduler-{office.starts + 1}.log"
    office.start_scheduler()
    wait_for(lambda: "running" in log.read_text(), "the second start")  # its catch-up is next
    office.stop_scheduler(signal.SIGKILL)
    office.now("4 08:05")
    office.start_scheduler()
    third = brief_of(3)
    check(third, 3, 3, cutoff(3))

    # ---- 4 December, the event's last day; its brief at 5 December 08:00 with the scheduler running.
    send_until("4 23:00")
    office.now("4 23:59")  # the office closes the event: its last brief is day 4's
    coordinator.post(f"/api/v1/events/{event}/close", {"ends_at": "2026-12-04 23:59"}, status=200)
    office.now("5 08:00")
    fourth = brief_of(4)
    check(fourth, 4, 4, cutoff(4))
    # The revision of day 2: done once, whether a killed process had made it, left it running (taken again 15
    # minutes after it began, docs/deploy.md) or never taken it.
    redone = finished(redo["url"])
    assert redone["status"] == "done", redone
    revised = brief_of(2, 2)
    assert redone["brief_id"] == revised["id"]
    check(revised, 2, 2, instant(content(revised)["header"]["cutoff"]))  # as known when it ran
    time.sleep(2.1)  # a queue tick (2 s) more: nothing else comes
    office.stop_scheduler()
    assert sorted(briefs()) == [("2026-12-01", 1), ("2026-12-01", 2), ("2026-12-02", 1), ("2026-12-02", 2),
                                ("2026-12-03", 1), ("2026-12-04", 1)], office.log()
    numbers = [b["number"] for key, b in sorted(briefs().items()) if key[1] == 1]
    assert numbers == [1, 2, 3, 4]  # 第1期 to 第4期, none skipped or repeated
