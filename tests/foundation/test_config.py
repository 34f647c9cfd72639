"""Bad configuration: one clear line and a non-zero exit, not a traceback."""

import os
import subprocess
import sys
from pathlib import Path


def run_cli(args, env_extra, tmp_path):
    env = {**os.environ, **env_extra}
    env.pop("TEST_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-c", "from incidents.__main__ import main; main()", *args],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)


def test_unreachable_database_is_one_line(tmp_path: Path):
    result = run_cli(["upgrade"], {"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
                                   "INCIDENTS_INSTANCE": str(tmp_path / "inst")}, tmp_path)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "unreachable" in lines[0] and "Traceback" not in result.stderr


def test_unwritable_instance_folder_is_one_line(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run_cli(["upgrade"], {"INCIDENTS_INSTANCE": str(blocker / "inst")}, tmp_path)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "instance folder" in lines[0] and "not writable" in lines[0]


def test_secret_key_generated_once_and_kept(tmp_path: Path):
    from incidents.config import load_config

    os.environ.pop("SECRET_KEY", None)
    first = load_config({"INSTANCE_PATH": str(tmp_path)})["SECRET_KEY"]
    second = load_config({"INSTANCE_PATH": str(tmp_path)})["SECRET_KEY"]
    other = load_config({"INSTANCE_PATH": str(tmp_path / "other")})["SECRET_KEY"]
    assert first == second and first != other and len(first) >= 32


def test_sqlite_pragmas(database):
    if not database.is_sqlite:
        return
    with database.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000


def test_workers_starting_at_once_all_boot_with_one_secret_key(tmp_path: Path):
    """gunicorn starts its workers together: each checks the instance folder and reads the key at once."""
    from concurrent.futures import ThreadPoolExecutor

    from incidents.config import load_config

    os.environ.pop("SECRET_KEY", None)
    for round_ in range(20):
        folder = tmp_path / f"instance-{round_}"
        with ThreadPoolExecutor(8) as pool:
            configs = list(pool.map(load_config, [{"INSTANCE_PATH": str(folder)}] * 8))
        keys = [config["SECRET_KEY"] for config in configs]
        assert len(set(keys)) == 1 and len(keys[0]) == 64
        assert sorted(p.name for p in folder.iterdir()) == ["secret_key"]  # no probe or key file left behind


def test_instance_folder_that_is_a_file_says_so_and_what_to_do(tmp_path: Path):
    """INCIDENTS_INSTANCE naming a file said "not writable: File exists": neither why nor the way out."""
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run_cli(["upgrade"], {"INCIDENTS_INSTANCE": str(blocker)}, tmp_path)
    line = result.stderr.strip()
    assert result.returncode == 1 and "\n" not in line
    assert f"instance folder {blocker} is a file, not a folder" in line
    assert "INCIDENTS_INSTANCE=" in line and "File exists" not in line


def test_unwritable_instance_folder_names_the_setting_that_moves_it(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run_cli(["upgrade"], {"INCIDENTS_INSTANCE": str(blocker / "inst")}, tmp_path)
    assert "INCIDENTS_INSTANCE=" in result.stderr and "a folder this account can write" in result.stderr


def test_a_missing_postgresql_database_says_how_to_create_it(tmp_path: Path):
    """README's `DATABASE_URL=postgresql://…/incidents incidents upgrade` on a fresh server: the answer said the
    database does not exist and stopped there; a newcomer had to know it is theirs to create (createdb)."""
    import uuid

    import pytest
    import sqlalchemy as sa

    from tests.backup.conftest import pg_server

    server = pg_server()
    try:
        sa.create_engine(server).connect().close()
    except sa.exc.OperationalError as exc:
        pytest.skip(f"PostgreSQL unreachable: {exc.orig}")
    name = f"incidents_missing_{uuid.uuid4().hex[:8]}"
    url = server.set(database=name, drivername="postgresql").render_as_string(hide_password=False)
    result = run_cli(["upgrade"], {"DATABASE_URL": url, "INCIDENTS_INSTANCE": str(tmp_path / "inst")}, tmp_path)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "does not exist" in lines[0], result.stderr
    assert f"createdb -h {server.host} -p {server.port or 5432} -U {server.username} {name}" in lines[0], lines
