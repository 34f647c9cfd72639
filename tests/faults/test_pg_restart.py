"""PostgreSQL restarted under load (a throwaway cluster this test starts, never the shared one): requests during
the outage get 503 with a message, and once it is back requests succeed again without restarting gunicorn; a
restart nobody saw costs the first requests after it nothing."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from incidents import demo
from incidents.db import Database
from tests.conftest import reset_schema

from .support import Gunicorn, Load, LoadClient, arrange, debris, missing_acknowledged, partial_rows, wait_until

pytestmark = pytest.mark.slow

MESSAGE = "what you sent was not saved"


class Cluster:
    """A PostgreSQL cluster of our own in a temporary folder (as the postgres user when we are root)."""

    def __init__(self, bindir: str, root: Path, port: int, as_user: list[str]) -> None:
        self.bindir, self.root, self.port, self.as_user = bindir, root, port, as_user
        self.data = root / "data"

    def run(self, tool: str, *args: str) -> None:
        done = subprocess.run([*self.as_user, f"{self.bindir}/{tool}", *args], capture_output=True, text=True,
                              timeout=60)
        if done.returncode:
            raise AssertionError(f"{tool} failed: {done.stdout[-1500:]} {done.stderr[-1500:]}")

    def init(self) -> None:
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C",
                 "--no-sync")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "server.log"), "-w",
                 "-t", "30", "start")

    def restart(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "server.log"), "-m", "fast",
                 "-w", "-t", "30", "restart")

    def stop(self, mode: str = "fast") -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    """A fresh cluster on a free port, removed afterwards; skipped (saying why) where it cannot be made."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        pytest.skip("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (initdb, pg_ctl)")
    bindir = os.path.dirname(found[-1])
    root = Path(tempfile.mkdtemp(prefix="incidents-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root: run the cluster as the postgres user
        if shutil.which("runuser") is None or subprocess.run(["id", "postgres"], capture_output=True).returncode:
            shutil.rmtree(root)
            pytest.skip("running as root without a postgres user and runuser: initdb refuses root")
        shutil.chown(root, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    made = Cluster(bindir, root, port, as_user)
    try:
        made.init()
        made.start()
        yield made
    finally:
        with contextlib.suppress(AssertionError):  # already stopped (or never started)
            made.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)


def test_postgresql_restarted_under_load_gives_503_then_recovers_without_restarting_the_app(cluster, tmp_path):
    database = Database(cluster.url)
    reset_schema(database.engine)  # the real migrations, on the throwaway cluster
    with database.transaction() as s:
        demo.load_reference(s)
    arranged = arrange(database)
    server = Gunicorn(cluster.url, tmp_path, workers=2)
    try:
        client = LoadClient(server.base, tmp_path / "acknowledged.jsonl")
        client.login(arranged.username)
        workers = server.workers()
        with Load(client, arranged) as load:
            wait_until(lambda: len(client.acknowledged) >= 5, 30, "reports acknowledged before the restart")
            database.engine.dispose()
            # A plain restart in the middle of the load: every pooled connection is cut under the workers.
            cluster.restart()
            back = len(client.acknowledged)
            wait_until(lambda: len(client.acknowledged) >= back + 5, 60, "reports acknowledged after a restart")

            # Then one with a window to look into: stopped, requests made, started again.
            cluster.stop("fast")
            during = len(client.answers)

            # While it is down: the API answers 503 in JSON, a page answers 503 as a page; both say so.
            api = client.submit(arranged.event_id, debris(arranged, 10_000), "during-outage")
            assert api.status == 503 and api.content_type == "application/problem+json", api
            assert MESSAGE in api.body["detail"] or "未保存" in api.body["detail"], api.body
            page = client.request("/")
            assert page.status == 503 and "text/html" in page.content_type, page
            assert "数据库" in page.body and "<h1>503" in page.body
            wait_until(lambda: len(client.answers) > during + 3, 30, "load requests during the outage")

            cluster.start()
            back = len(client.acknowledged)
            wait_until(lambda: len(client.acknowledged) >= back + 5, 60, "reports acknowledged after the restart")
        assert load.sent > 10
        assert server.workers() == workers  # the same gunicorn workers: the app was never restarted
        retried = client.submit(arranged.event_id, debris(arranged, 10_000), "during-outage")
        assert retried.status == 201  # the refused one was not saved: its retry makes it now

        # A restart while nobody sends: every worker's pooled connections are dead, and the first requests
        # after it meet them before anything is written. None of them is refused (no ping at checkout either).
        quiet = [client.request("/").status for _ in range(6)]  # both workers hold live connections again
        cluster.restart()
        first = [client.request("/").status for _ in range(3)]
        first += [client.submit(arranged.event_id, debris(arranged, 20_000 + i), f"after-quiet-{i}").status
                  for i in range(3)]
        with ThreadPoolExecutor(2) as pair:  # side by side: both workers answer
            first += list(pair.map(lambda i: client.submit(arranged.event_id, debris(arranged, 20_100 + i),
                                                           f"after-quiet-pair-{i}").status, range(8)))
        assert set(quiet) == {200} and first == [200] * 3 + [201] * 11, first
        assert server.workers() == workers
    finally:
        server.stop()

    statuses = [a.status for a in client.answers]
    outage = [a for a in client.answers if a.status == 503]
    assert set(statuses) <= {201, 503}, sorted(set(map(str, statuses)))  # never a 500, never a dropped line
    assert len(outage) >= 4 and all(a.body["detail"] for a in outage if isinstance(a.body, dict))
    assert missing_acknowledged(database, client.logged_ids()) == set()
    assert len(client.logged_ids()) == statuses.count(201) and len(set(client.logged_ids())) == statuses.count(201)
    assert partial_rows(database) == {}
    database.engine.dispose()
    print(f"postgresql restart: {len(statuses)} requests, {statuses.count(201)} acknowledged and found, "
          f"{len(outage)} refused with 503")
