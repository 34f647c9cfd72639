"""gunicorn settings for the clocked tests: the deployed ones (deploy/gunicorn.conf.py), each worker on the test's
clock (tests/ops/clocked.py, INCIDENTS_TEST_CLOCK). Read here and by tests/ops/clocked.py only; the app never sees it.
"""

from pathlib import Path
from typing import Any

# The deployed settings, as the systemd unit and the container use them.
exec((Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py").read_text())  # noqa: S102


def post_worker_init(worker: Any) -> None:
    """Each worker reads the test's clock wherever the app asks the time."""
    from tests.ops.clocked import install

    install()
