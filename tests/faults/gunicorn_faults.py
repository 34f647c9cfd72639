"""gunicorn settings for the fault tests: the deployed ones (deploy/gunicorn.conf.py) plus the one test-only hook.

The hook: with INCIDENTS_TEST_KILL_AFTER_FLUSH set to a file path, a worker SIGKILLs itself right after the
statement that writes a report's one-time key (by then the report, its kind's row and its audit row are
written too, uncommitted): a crash between the writes and the commit. It watches the statements the engine
sends, not the ORM's flush: the key, like the report's rows, is a Core INSERT (reports/speedups.py).
It fires once (the file marks it), so the worker gunicorn starts in its place serves the retry.
This variable is read here and nowhere else; the app never sees it.
"""

import os
import signal
from pathlib import Path
from typing import Any

# The deployed settings, as the systemd unit and the container use them.
exec((Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py").read_text())  # noqa: S102

KILL_AFTER_FLUSH = "INCIDENTS_TEST_KILL_AFTER_FLUSH"


def post_worker_init(worker: Any) -> None:
    """In each worker, when asked: die between the flush of a report's one-time key and its commit."""
    marker = os.environ.get(KILL_AFTER_FLUSH)
    if not marker:
        return
    from sqlalchemy import Engine, event

    @event.listens_for(Engine, "after_cursor_execute")
    def _die(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "INSERT INTO idempotency_keys" not in statement:  # PostgreSQL: in the one statement of ONE_TRIP
            return
        try:
            fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return  # killed once already: let the retry through
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        os.kill(os.getpid(), signal.SIGKILL)
