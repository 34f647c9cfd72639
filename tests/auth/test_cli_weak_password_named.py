"""The command line names a weak password, as it names a short one, instead of a traceback.

Found by the 5 December afternoon probe: `incidents create-user bob --password <one containing bob>` (or a common one)
and `incidents set-password` printed a RuntimeError ("Working outside of request context") and no word of the
password: the two weakness messages were Flask-Babel's lazy strings, read outside any request, where every other
refusal of the accounts domain is a Message. The test client's runner did not show it; the command itself does.
"""

from __future__ import annotations

import os
import subprocess
import sys

import sqlalchemy as sa

from incidents.auth.models import User

COMMON = "password123456"  # in data/common-passwords.txt


def _incidents(db_url: str, tmp_path, *args: str) -> subprocess.CompletedProcess:  # noqa: ANN001
    env = {**os.environ, "DATABASE_URL": db_url, "INCIDENTS_INSTANCE": str(tmp_path / "instance"),
           "INCIDENTS_SCHEDULER": "off"}
    return subprocess.run([sys.executable, "-m", "incidents", *args], capture_output=True, text=True, timeout=120,
                          env=env)


def test_a_weak_password_is_named_not_a_traceback(app, db_url, tmp_path, session, make_user):
    make_user("alice", "reporter")
    for args, said in ((["create-user", "bob", "--role", "viewer", "--password", "bob-the-builder-7"], "username"),
                       (["create-user", "bob", "--role", "viewer", "--password", COMMON], "common"),
                       (["set-password", "alice", "--password", "alice.password"], "username")):
        result = _incidents(db_url, tmp_path, *args)
        assert result.returncode == 1, (result.stdout, result.stderr[-1500:])
        assert "Traceback" not in result.stderr, result.stderr[-1500:]
        assert "Error: password: " in result.stderr and said in result.stderr, result.stderr[-1500:]
    assert session.scalar(sa.select(User.id).where(User.username == "bob")) is None  # nothing half-saved
