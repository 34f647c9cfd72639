"""Run in a child process by the exactly-once delivery test: one scheduler process's delivery sweep.

python -m tests.distribution.procs <db-url> <settings-pickle-hex> <now-iso> <start-at-epoch>
"""

from __future__ import annotations

import pickle
import sys
import time
from datetime import datetime


def run_send(url: str, settings_hex: str, now_iso: str, start_at: str) -> None:
    """Wait for the agreed instant, run send_due once with an engine of its own, print how many it sent."""
    import incidents.models  # noqa: F401 - every mapper, as the app has them
    from incidents.db import Database
    from incidents.distribution import sending

    settings = pickle.loads(bytes.fromhex(settings_hex))  # noqa: S301 - written by the test that started us
    database = Database(url)
    time.sleep(max(0.0, float(start_at) - time.time()))
    try:
        outcome = sending.send_due(database, settings, datetime.fromisoformat(now_iso))
    finally:
        database.engine.dispose()
    print(f"sent:{outcome.sent}", flush=True)


if __name__ == "__main__":
    run_send(*sys.argv[1:])
