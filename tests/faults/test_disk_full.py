"""SQLite's disk fills up under the app: a submission that cannot be written gets 507 and a message saying so
(never a bare 500), nothing acknowledged is lost, the file stays sound, and once space is freed writes work
again in the same gunicorn workers."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from incidents import demo
from incidents.db import Database
from tests.conftest import reset_schema

from .support import Gunicorn, LoadClient, arrange, debris, integrity, missing_acknowledged, partial_rows

pytestmark = pytest.mark.slow

SIZE_MB = 12
LEFT_FREE = 600 * 1024  # what the filler leaves: a few dozen reports' worth


def _mount(kind: str, where: Path, scratch: Path) -> str | None:
    """Mount a small filesystem at `where` (a loop-mounted ext4 image, or a tmpfs); why not, if it cannot."""
    if kind == "loop":
        if shutil.which("mkfs.ext4") is None:
            return "mkfs.ext4 is missing"
        image = scratch / "disk.img"
        with image.open("wb") as f:
            f.truncate(SIZE_MB * 1024 * 1024)
        made = subprocess.run(["mkfs.ext4", "-q", "-F", "-m", "0", str(image)], capture_output=True, text=True)
        if made.returncode:
            return f"mkfs.ext4 failed: {made.stderr.strip()[:200]}"
        mount = ["mount", "-o", "loop", str(image), str(where)]
    else:
        mount = ["mount", "-t", "tmpfs", "-o", f"size={SIZE_MB}m", "tmpfs", str(where)]
    done = subprocess.run(mount, capture_output=True, text=True)
    return f"{' '.join(mount[:3])} failed: {done.stderr.strip()[:200]}" if done.returncode else None


@pytest.fixture(params=["loop", "tmpfs"])
def small_disk(request: pytest.FixtureRequest) -> Iterator[Path]:
    """A few MB of filesystem of our own (an ext4 image on a loop device, or a tmpfs), unmounted afterwards;
    skipped, saying why, where it cannot be mounted."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small filesystem (loop image or tmpfs) needs root and mount(8)")
    scratch = Path(tempfile.mkdtemp(prefix="incidents-disk-"))
    where = scratch / "mnt"
    where.mkdir()
    why_not = _mount(request.param, where, scratch)
    if why_not:
        shutil.rmtree(scratch)
        pytest.skip(f"cannot mount a small {request.param} filesystem here: {why_not}")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], capture_output=True)
        shutil.rmtree(scratch, ignore_errors=True)


def _fill(where: Path, leave: int) -> Path:
    """A file taking all the free space but `leave` bytes."""
    filler = where / "filler"
    stat = os.statvfs(where)
    free = stat.f_bavail * stat.f_frsize
    with filler.open("wb") as f:
        chunk = b"\0" * (1024 * 1024)
        todo = max(free - leave, 0)
        while todo > 0:
            f.write(chunk[: min(todo, len(chunk))])
            todo -= min(todo, len(chunk))
        f.flush()
        os.fsync(f.fileno())
    return filler


def test_a_full_disk_gives_507_loses_nothing_acknowledged_and_recovers_when_freed(small_disk, tmp_path):
    url = f"sqlite:///{small_disk / 'incidents.sqlite3'}"
    database = Database(url)
    reset_schema(database.engine)
    with database.transaction() as s:
        demo.load_reference(s)
    arranged = arrange(database)
    database.engine.dispose()
    server = Gunicorn(url, tmp_path, workers=1)
    try:
        client = LoadClient(server.base, tmp_path / "acknowledged.jsonl")
        client.login(arranged.username)
        workers = server.workers()
        first = client.submit(arranged.event_id, debris(arranged, 0), "before-full")
        assert first.status == 201, first
        filler = _fill(small_disk, LEFT_FREE)
        note = "泥" * 1300  # ~4 kB a report: the disk fills within a few dozen
        refused = None
        for i in range(1, 400):
            answer = client.submit(arranged.event_id, debris(arranged, i, note=note), f"fill-{i}")
            if answer.status != 201:
                refused = (i, answer)
                break
        assert refused is not None, "the disk never filled"
        i, answer = refused
        assert answer.status == 507, answer
        assert "磁盘已满" in answer.body["detail"] and "未保存" in answer.body["detail"], answer.body
        # Still full: more of the same (a page too), each refused with the reason, never a 500 or a drop.
        for j in range(3):
            again = client.submit(arranged.event_id, debris(arranged, 1000 + j, note=note), f"full-{j}")
            assert again.status == 507, again
        page_form = client.request(f"/api/v1/events/{arranged.event_id}/reports", b"{}",
                                   {"Content-Type": "application/json", "X-CSRFToken": client.csrf})
        assert page_form.status in (422, 507), page_form  # validation needs no disk; a write would say 507

        check = Database(url)
        assert missing_acknowledged(check, client.logged_ids()) == set()
        assert integrity(check) == "ok"
        check.engine.dispose()

        filler.unlink()  # space is freed: the same workers write again, the refused key included
        retried = client.submit(arranged.event_id, debris(arranged, i, note=note), f"fill-{i}")
        assert retried.status == 201, retried
        assert server.workers() == workers
    finally:
        server.stop()
    check = Database(url)
    acknowledged = client.logged_ids()
    assert len(acknowledged) >= 3 and missing_acknowledged(check, acknowledged) == set()
    assert partial_rows(check) == {}
    assert integrity(check) == "ok"
    check.engine.dispose()
    print(f"disk full: {len(acknowledged)} acknowledged and found; report {i} refused with 507, "
          f"written after the space was freed")
