"""A test run pointed at a PostgreSQL database that does not exist stops at once, saying so once with the createdb
line (the message `incidents serve` gives, db.Database.check), not with an error for every test (thousands)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]


def test_a_missing_postgresql_database_stops_the_run_with_one_message(db_url):
    given = sa.make_url(db_url)
    if given.get_backend_name() != "postgresql":
        pytest.skip("needs the PostgreSQL server the run was given")
    missing = given.set(database="h_missing_test_database")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_") and k != "TEST_DATABASE_URL"}
    env["DATABASE_URL"] = missing.render_as_string(hide_password=False)
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "2", "-p", "no:cacheprovider",
                           "tests/foundation/test_translations.py"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    said = done.stdout + done.stderr
    assert done.returncode not in (0, 1), said  # a usage error, not a run of failures
    assert said.count('database "h_missing_test_database" does not exist') == 1, said
    assert f"createdb -h {given.host} -p {given.port or 5432}" in said and " h_missing_test_database" in said, said
    assert "ERROR at setup" not in said and "passed" not in said, said  # no test ran
