"""Two requests of one process (threads) confirming the same import both write its progress file.

Both wrote through a temporary file named by the process id: one thread's rename took the other's file away and
its confirm was a 500 (tests/imports/test_confirm_twice_at_once.py failed so on PostgreSQL in CI).
"""

from __future__ import annotations

import json
import threading

from incidents.imports import progress


def test_two_threads_writing_one_progress_file_both_succeed(tmp_path):
    path = tmp_path / "token.progress.json"
    failures: list[BaseException] = []
    start = threading.Barrier(2)

    def write(phase: str) -> None:
        start.wait()
        try:
            for done in range(400):
                progress._write(path, {"phase": phase, "done": done, "total": 400})
        except OSError as exc:  # FileNotFoundError: the temporary file renamed away by the other thread
            failures.append(exc)

    threads = [threading.Thread(target=write, args=(phase,)) for phase in ("checking", "storing")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert json.loads(path.read_text())["done"] == 399
    assert list(tmp_path.glob("*.tmp")) == []
