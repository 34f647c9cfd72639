"""Run in a child process by the exactly-once delivery test: one scheduler process's delivery sweep.

python -m tests.distribution.procs <db-url> <settings-pickle-hex> <now-iso>   (sends when told: tests/together.py)
"""

from __future__ import annotations

import pickle
import sys
from datetime import datetime


def run_send(url: str, settings_hex: str, now_iso: str) -> None:
    """Wait for the word to go, run send_due once with an engine of its own, print how many it sent."""
    import incidents.models  # noqa: F401 - every mapper, as the app has them
    from incidents.db import Database
    from incidents.distribution import sending
    from tests import together

    settings = pickle.loads(bytes.fromhex(settings_hex))  # noqa: S301 - written by the test that started us
    database = Database(url)
    together.wait_for_go()
    try:
        outcome = sending.send_due(database, settings, datetime.fromisoformat(now_iso))
    finally:
        database.engine.dispose()
    print(f"sent:{outcome.sent}", flush=True)


if __name__ == "__main__":
    run_send(*sys.argv[1:])
