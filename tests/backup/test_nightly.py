"""A nightly backup is a setting away: INCIDENTS_BACKUP_DIR (+ _AT, _KEEP) adds the scheduler's job."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from flask import Flask

from incidents import create_app, migrations, scheduler
from incidents.backup import services
from incidents.config import ConfigError, load_config
from incidents.db import Database


def app_with(tmp_path: Path, **settings: object) -> Flask:
    return create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'n.sqlite3'}", "INSTANCE_PATH": str(tmp_path),
                       "SECRET_KEY": "nightly", **settings})


def test_the_nightly_job_is_there_when_the_folder_is_set(tmp_path: Path) -> None:
    jobs = scheduler.build(app_with(tmp_path, BACKUP_DIR=str(tmp_path / "nightly"), BACKUP_AT="03:15"),
                           BackgroundScheduler)
    job = jobs.get_job(scheduler.BACKUP_JOB)
    assert job is not None
    fields = {f.name: str(f) for f in job.trigger.fields}
    assert (fields["hour"], fields["minute"]) == ("3", "15")
    assert str(job.trigger.timezone) == "Asia/Shanghai"
    assert job.args[1:] == (str(tmp_path / "nightly"), 14)


def test_no_nightly_job_without_the_setting(tmp_path: Path) -> None:
    jobs = scheduler.build(app_with(tmp_path), BackgroundScheduler)
    assert jobs.get_job(scheduler.BACKUP_JOB) is None and jobs.get_job(scheduler.SWEEP_JOB) is not None


def test_the_settings_come_from_the_environment_and_a_bad_time_stops_start_up(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("INCIDENTS_BACKUP_DIR", str(tmp_path / "b"))
    monkeypatch.setenv("INCIDENTS_BACKUP_AT", "1:05")
    monkeypatch.setenv("INCIDENTS_BACKUP_KEEP", "30")
    config = load_config({"INSTANCE_PATH": str(tmp_path)})
    assert (config["BACKUP_DIR"], config["BACKUP_AT"], config["BACKUP_KEEP"]) == (str(tmp_path / "b"), "01:05", 30)
    monkeypatch.setenv("INCIDENTS_BACKUP_AT", "25:00")
    with pytest.raises(ConfigError, match="INCIDENTS_BACKUP_AT='25:00'"):
        load_config({"INSTANCE_PATH": str(tmp_path)})


def test_each_night_adds_an_archive_and_only_the_newest_are_kept(tmp_path: Path) -> None:
    app = app_with(tmp_path)
    database: Database = app.extensions["incidents.db"]
    migrations.upgrade(database.engine)
    folder = tmp_path / "nightly"
    folder.mkdir()
    (folder / "keep-me.txt").write_text("not ours")
    night = datetime(2026, 11, 27, 18, 30, tzinfo=UTC)
    for n in range(3):
        services.backup_to_folder(database, folder, keep=2, now=night + timedelta(days=n))
    scheduler.nightly_backup(database, str(folder), 2)  # the job itself: now, so the newest
    names = sorted(os.listdir(folder))
    assert names[0] == "incidents-20261129T183000Z.zip" and len(names) == 3 and names[-1] == "keep-me.txt"
    assert services.check(folder / names[1]).revision == migrations.head()


def test_incidents_backup_writes_into_the_folder_by_default(tmp_path: Path) -> None:
    app = app_with(tmp_path, BACKUP_DIR=str(tmp_path / "here"))
    migrations.upgrade(app.extensions["incidents.db"].engine)
    result = app.test_cli_runner().invoke(args=["incidents", "backup"])
    assert result.exit_code == 0, result.output
    written = list((tmp_path / "here").glob("incidents-*.zip"))
    assert len(written) == 1 and str(written[0]) in result.output
    again = app.test_cli_runner().invoke(args=["incidents", "backup", "--out", str(written[0])])
    assert again.exit_code != 0 and "already exists" in again.output
