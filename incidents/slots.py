"""One heavy job of a kind at a time across the web workers: an flock per kind in the instance folder.

A brief's PDF takes seconds of CPU, a workbook of 10,000 reports tens of seconds: a reader asking
for them in a loop, a few at a time, held every gunicorn worker and the office's pages stopped
answering. The lock is shared by every worker process; a second request waits a few seconds for
it (two coordinators asking at the same moment both get their file) and is then refused, so a loop
holds no worker long. The lock ends with its process, so a killed worker leaves nothing held.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Busy(Exception):
    """Another job of this kind is running on this server right now."""


def lock_path(folder: str | Path, kind: str) -> Path:
    """The file whose lock is the one slot of `kind` (e.g. brief-pdf, xlsx)."""
    return Path(folder) / f"{kind}.lock"


def flock_within(fd: int, seconds: float, poll: float = 0.05) -> bool:
    """Take an exclusive flock on `fd`, trying every `poll` seconds for up to `seconds`: whether it was taken.

    flock has no timeout of its own; the writers' queue (writer_queue.py) waits this way too.
    """
    deadline = time.monotonic() + seconds
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(poll)


@contextmanager
def one_at_a_time(folder: str | Path, kind: str, wait: float = 0.0) -> Iterator[None]:
    """Hold the server's one slot of `kind` while the block runs; Busy if it is not free within `wait` seconds."""
    path = lock_path(folder, kind)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if not flock_within(fd, wait):
            raise Busy
        yield
    finally:
        os.close(fd)  # closing releases the lock
