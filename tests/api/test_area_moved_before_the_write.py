"""An area moved between a request's login and its write lock is judged where it now lies (SQLite).

Found (multi-worker audit, 7 December): on SQLite a POST that takes the write lock at its BEGIN reads its login in a
transaction of its own, noting the generation of events and areas it read (GENERATION_SHELF, request_db.load_identity),
then queues for the lock. An area moved out of a scoped reporter's subdistrict by another process in between was
still judged from this process's shelf at the generation noted before the lock: the reporter's change of a report
there was saved, as its scope stood before the move. The write lock once taken, no other writer commits until this
one has (docs/security.md): what the request reads under it is current, the shelf's events and areas too.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.auth import signins, tokens
from incidents.events.models import Event
from incidents.reports.models import Report
from tests.api.conftest import TokenClient
from tests.api.test_login_changed_before_the_write import _after_the_login, _set
from tests.reports.conftest import hidden
from tests.reports.test_zero_reports import office, zero_reports  # noqa: F401


def test_a_place_moved_out_of_scope_before_the_write_lock_is_refused(where, other, scoped_api: TokenClient, database,
                                                                   monkeypatch):
    if not database.is_sqlite:
        pytest.skip("SQLite: the write lock orders the move before the write (on PostgreSQL they are concurrent)")
    url, area = where  # 彰德路64号院, inside the scoped reporter's 北大街街道
    made = scoped_api.post(url, json={"kind": "activity", "area_id": area, "observed_at": "2021-07-30 14:30",
                                      "title": "巡查"}, headers={"Idempotency-Key": "shelved"})
    assert made.status_code == 201, made.get_data(as_text=True)  # its place's walk is on this process's shelf now
    report_id = made.json["id"]
    with other.connect() as conn:
        elsewhere = conn.scalar(sa.select(sa.text("id")).select_from(sa.table("areas"))
                                .where(sa.text("level = 'subdistrict' AND name = '银杏大街街道'")))
    done = _after_the_login(monkeypatch, tokens, "authenticate_token", lambda: _set(
        other, sa.update(Area).where(Area.id == area).values(parent_id=elsewhere)))
    changed = scoped_api.patch(f"/api/v1/reports/{report_id}", json={"title": "巡查（改）", "version": 1})
    assert done == [1]
    assert changed.status_code == 403, changed.get_data(as_text=True)
    with database.read_session() as s:
        assert s.get(Report, report_id).title == "巡查"



def test_an_event_closed_before_the_write_lock_takes_no_zero_report(live, office, client, other, database,  # noqa: F811
                                                                   monkeypatch):
    if not database.is_sqlite:
        pytest.skip("SQLite: the write lock orders the close before the write (on PostgreSQL they are concurrent)")
    page = client.get(f"/events/{live.id}").get_data(as_text=True)
    # A report form's page reads the running event through this process's shelf, and leaves it there.
    assert client.get(f"/events/{live.id}/reports/new/activity").status_code == 200
    tap = {name: hidden(page.split('class="zero-taps"')[1], name)
           for name in ("csrf_token", "area_id", "token", "next")}
    tap["confirmed"] = "1"  # no day: the period open now, and none is once the ended event's last brief is due
    done = _after_the_login(monkeypatch, signins, "signed_in_user", lambda: _set(
        other, sa.update(Event).where(Event.id == live.id).values(ends_at=live.starts_at + timedelta(hours=1))))
    sent = client.post(f"/events/{live.id}/zero-report", data=tap)
    assert done == [1]
    assert sent.status_code == 422, sent.status_code
    assert zero_reports(database) == []
