"""A role, scope or sign-in changed between a request's login and its write is not written past (SQLite).

Found (scope audit, round 2): on SQLite a POST reads its login in a transaction of its own (or, for a report's
create, in a snapshot before the write lock: db.locks_at_first_write), then queues for the one write lock. An
administrator's change committed in between (a coordinator made a viewer, a reporter moved to another subdistrict,
an account deactivated, a token revoked) did not stop that request: it wrote with the role and scope its login had
read. Now the write lock, once taken, reads the login's role, scope, active flag, session version and credential
again (request_db.hold_login); any difference ends the request with a 409 saying so, nothing saved. Each test makes the
change through another engine right after the app's login read, as an administrator's save in another process.
"""

from __future__ import annotations

import sqlalchemy as sa

from incidents.auth import signins, tokens
from incidents.auth.models import User
from incidents.auth.tokens import ApiToken
from incidents.db import now_utc
from incidents.reports.models import Report, ReportStatus
from tests.api.conftest import TokenClient, count_reports
from tests.conftest import Auth, csrf_from


def _after_the_login(monkeypatch, module, name: str, change) -> list[int]:  # noqa: ANN001
    """Run `change()` once, right after the app's next call of module.name (the login's read) returns."""
    real, done = getattr(module, name), []

    def login_then_change(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        found = real(*args, **kwargs)
        if not done:
            done.append(1)
            change()
        return found

    monkeypatch.setattr(module, name, login_then_change)
    return done


def _set(engine: sa.Engine, statement: sa.Update) -> None:
    with engine.begin() as conn:
        assert conn.execute(statement).rowcount == 1


def _body(area: int) -> dict:
    return {"kind": "activity", "area_id": area, "observed_at": "2021-07-30 14:30", "title": "巡查"}


def test_a_scope_moved_before_the_write_lock_stores_nothing(where, other, scoped_api: TokenClient, database,
                                                            monkeypatch):
    url, area = where  # inside the scoped reporter's 北大街街道
    with other.connect() as conn:
        elsewhere = conn.scalar(sa.select(sa.text("id")).select_from(sa.table("areas"))
                                .where(sa.text("level = 'subdistrict' AND name != '北大街街道'")).limit(1))
    before = count_reports(database)
    done = _after_the_login(monkeypatch, tokens, "authenticate_token", lambda: _set(
        other, sa.update(User).where(User.id == scoped_api.user_id).values(scope_area_id=elsewhere)))
    made = scoped_api.post(url, json=_body(area), headers={"Idempotency-Key": "moved-1"})
    assert done == [1]
    assert made.status_code == 409, made.get_data(as_text=True)
    assert "nothing was saved" in made.json["detail"] or "未保存" in made.json["detail"]
    assert count_reports(database) == before
    # The next request is judged by the scope as it now stands: outside it.
    assert scoped_api.post(url, json=_body(area), headers={"Idempotency-Key": "moved-2"}).status_code == 403


def test_a_token_revoked_before_the_write_lock_stores_nothing(where, other, reporter_api: TokenClient, database,
                                                              monkeypatch):
    url, area = where
    before = count_reports(database)
    _after_the_login(monkeypatch, tokens, "authenticate_token", lambda: _set(
        other, sa.update(ApiToken).where(ApiToken.user_id == reporter_api.user_id).values(revoked_at=now_utc())))
    made = reporter_api.post(url, json=_body(area), headers={"Idempotency-Key": "revoked-1"})
    assert made.status_code == 409, made.get_data(as_text=True)
    assert count_reports(database) == before
    assert reporter_api.post(url, json=_body(area), headers={"Idempotency-Key": "revoked-2"}).status_code == 401


def test_a_name_changed_before_the_write_lock_changes_nothing(where, other, reporter_api: TokenClient, database,
                                                              monkeypatch):
    url, area = where
    before = count_reports(database)
    _after_the_login(monkeypatch, tokens, "authenticate_token", lambda: _set(
        other, sa.update(User).where(User.id == reporter_api.user_id).values(display_name="改名")))
    made = reporter_api.post(url, json=_body(area), headers={"Idempotency-Key": "renamed-1"})
    assert made.status_code == 201, made.get_data(as_text=True)
    assert count_reports(database) == before + 1


def test_a_coordinator_made_a_viewer_before_the_write_lock_verifies_nothing(app, seeded, other, make_user, database,
                                                                             monkeypatch):
    coordinator = make_user("coord", "coordinator")
    client = app.test_client()
    assert Auth(client).login("coord").status_code == 302
    with database.read_session() as s:
        report = s.scalar(sa.select(Report).where(Report.status == ReportStatus.SUBMITTED).order_by(Report.id))
        report_id, version = report.id, report.version
    page = client.get(f"/reports/{report_id}").get_data(as_text=True)
    _after_the_login(monkeypatch, signins, "signed_in_user", lambda: _set(
        other, sa.update(User).where(User.id == coordinator).values(role="viewer")))
    sent = client.post(f"/reports/{report_id}/status", data={
        "csrf_token": csrf_from(page), "action": "verify", "version": str(version)})
    assert sent.status_code == 409, sent.status_code
    text = sent.get_data(as_text=True)
    assert "未保存任何内容" in text or "nothing was saved" in text
    with database.read_session() as s:
        assert s.get(Report, report_id).status is ReportStatus.SUBMITTED
    again = client.post(f"/reports/{report_id}/status", data={
        "csrf_token": csrf_from(page), "action": "verify", "version": str(version)})
    assert again.status_code == 403
