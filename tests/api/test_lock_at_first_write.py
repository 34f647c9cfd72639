"""A report's write takes SQLite's write lock at its first INSERT, not its first read (db.locks_at_first_write).

Its reads (login, scope, validation, the idempotency lookup) run beside another writer, so a refused report is
answered at once; what must be checked and written by one sender at a time still is, on both databases: two zero
reports for one subdistrict and period, two updates of one outage.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from incidents import demo
from incidents.db import Database, now_utc
from incidents.errors import ValidationError
from incidents.models import ActivityEntry, PowerOutage, ReportKind, ZeroReport
from incidents.reports.services import create_report
from tests.api.conftest import TokenClient, count_reports
from tests.conftest import Auth

BEIDAJIE = "文峰区/北大街街道"


def _other_writer(database: Database) -> sqlite3.Connection:
    """Another process's write transaction, holding SQLite's write lock until rolled back."""
    other = sqlite3.connect(database.engine.url.database, isolation_level=None, timeout=1)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_a_report_refused_by_its_rules_is_answered_while_another_request_writes(app, database, where, make_user,
                                                                               reporter_api: TokenClient):
    if not database.is_sqlite:
        pytest.skip("SQLite's single write lock")
    url, area = where
    make_user("field1", "reporter")
    client = app.test_client()
    assert Auth(client).login("field1").status_code == 302
    event_id = url.split("/")[-2]
    form_url = f"/events/{event_id}/reports/new/activity"
    page = client.get(form_url).get_data(as_text=True)
    csrf = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    assert reporter_api.get("/api/v1/events").status_code == 200  # the token's first use is written now
    before = count_reports(database)
    other = _other_writer(database)
    try:
        # The whole view reads, validates and refuses without the write lock. It took the lock at its
        # first query, and so queued behind the other writer for SQLite's 30 s timeout, then failed (503).
        refused = reporter_api.post(url, json={"kind": "activity", "area_id": area, "observed_at": "2021-07-22 14:30"},
                                    headers={"Idempotency-Key": "no-title"})
        assert refused.status_code == 422 and "title" in refused.json["errors"]
        form = client.post(form_url, data={"csrf_token": csrf, "area_id": str(area), "observed_at": "2021-07-22 14:30"})
        assert form.status_code == 422
        assert "巡查" not in form.get_data(as_text=True)  # nothing of a title was invented
    finally:
        other.rollback()
        other.close()
    assert count_reports(database) == before


def test_a_report_sent_while_another_request_writes_waits_its_turn_and_is_stored(database, where,
                                                                                reporter_api: TokenClient):
    if not database.is_sqlite:
        pytest.skip("SQLite's single write lock")
    url, area = where
    assert reporter_api.get("/api/v1/events").status_code == 200  # the token's first use is written now
    before = count_reports(database)
    answers: list[Any] = []
    other = _other_writer(database)
    sender = threading.Thread(target=lambda: answers.append(reporter_api.post(
        url, json={"kind": "activity", "area_id": area, "observed_at": "2021-07-22 14:30", "title": "巡查"},
        headers={"Idempotency-Key": "waits"})))
    try:
        sender.start()
        sender.join(0.5)
        assert sender.is_alive()  # its INSERT waits for the other writer
    finally:
        other.rollback()
        other.close()
    sender.join(30)
    assert answers and answers[0].status_code == 201, answers
    assert count_reports(database) == before + 1


def _at_once(database: Database, send: Callable[[Any], Any]) -> tuple[Any, Any]:
    """Send twice in two late-locking write sessions, the second while the first is not yet committed.

    The second must wait for the first (it is still running half a second later), then see what the
    first stored; returns what each send gave (or the ValidationError the second raised).
    """
    outcome: list[Any] = []

    def second() -> None:
        with database.late_write_session() as s:
            try:
                outcome.append(send(s))
                s.commit()
            except ValidationError as exc:
                outcome.append(exc)

    with database.late_write_session() as s:
        first = send(s)
        s.flush()
        thread = threading.Thread(target=second)
        thread.start()
        thread.join(0.5)
        assert thread.is_alive(), outcome  # waiting for the first, not deciding alone
        s.commit()
    thread.join(30)
    assert outcome, "the second send never finished"
    return first, outcome[0]


def test_two_zero_reports_for_one_subdistrict_sent_at_once_store_one(live, database, make_user):
    user_id = make_user("bdj", "reporter", scope=BEIDAJIE)
    with database.read_session() as s:
        subdistrict = demo._area_by_path(s, BEIDAJIE).id

    def send(s: Any) -> Any:
        return create_report(s, ReportKind.ZERO_REPORT, {"event_id": live.id, "area_id": subdistrict,
                                                         "note": "辖区无险情"}, user_id)

    _first, second = _at_once(database, send)
    # Both checked "none yet" and both were stored (PostgreSQL; SQLite once its reads ran before the lock).
    assert isinstance(second, ValidationError) and "period_day" in second.errors
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(ZeroReport)) == 1


def test_two_updates_of_one_outage_sent_at_once_leave_it_as_the_latest_says(live, database, make_user):
    user_id = make_user("field1", "coordinator")
    started = now_utc() - timedelta(hours=20)
    with database.transaction() as s:
        site = demo._area_by_path(s, "文峰区/北大街街道").id
        outage = create_report(s, "outage", {"event_id": live.id, "area_id": site, "started_at": started,
                                             "observed_at": started, "households_affected": 300}, user_id).id
    sent = iter([{"observed_at": started + timedelta(hours=2), "fully_restored": True},
                 {"observed_at": started + timedelta(hours=5), "households_out": 120}])

    def send(s: Any) -> Any:
        return create_report(s, "outage_update", {"event_id": live.id, "area_id": site, "outage_id": outage,
                                                  **next(sent)}, user_id)

    _restored, out_again = _at_once(database, send)
    assert not isinstance(out_again, ValidationError), out_again.errors
    with database.read_session() as s:
        # The later update says 120 households are out again: the outage is not restored. Deciding from a
        # snapshot without the first update, the second left the first's "restored" standing (PostgreSQL).
        assert s.get(PowerOutage, outage).restored_at is None


def test_one_report_sent_twice_at_once_under_one_key_is_stored_once(live, database, make_user):
    from incidents.reports.services import create_report_once

    user_id = make_user("field1", "reporter")
    with database.read_session() as s:
        site = demo._area_by_path(s, "文峰区/北大街街道").id
    body = {"event_id": live.id, "area_id": site, "observed_at": now_utc() - timedelta(hours=1), "title": "巡查"}

    def send(s: Any) -> Any:
        report, created = create_report_once(s, "activity", dict(body), user_id, "same-key")
        return report.id, created

    first, second = _at_once(database, send)
    # The second found no key before the first committed, wrote, met the first's key: the first's report.
    assert first == (first[0], True) and second == (first[0], False)
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).where(ActivityEntry.reporter_id == user_id)) == 1
