"""Retraction hides but keeps; two people editing one record: the second is told, both versions kept."""

from __future__ import annotations

from datetime import time

import pytest
import sqlalchemy as sa

from incidents.areas import services as areas
from incidents.audit import services as audit
from incidents.auth import services as accounts
from incidents.errors import StaleEdit
from incidents.events import services as events
from incidents.models import Event, Report, ReportStatus, User
from incidents.reports import services as reports
from tests.audit.conftest import area_named, arm_commit_bomb, demo_report_id, rainstorm
from tests.conftest import Auth
from tests.security.sweep import csrf_token, fingerprint, form_fields


def test_a_retracted_report_leaves_lists_and_totals_but_stays_in_its_history(
        app, client, auth, database, seeded, session, people, make_user):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    event = rainstorm(session)
    wfh = area_named(session, "文峰汇·十二府")
    volume_id = demo_report_id(session, "hengshui-wfh-volume")
    pages = {"home": "/", "event": f"/events/{event.id}", "area": f"/areas/{wfh.id}"}
    if "report_list.event_list" in app.view_functions:
        pages["list"] = f"/events/{event.id}/reports"
    assert "50,000 m³" in client.get("/").get_data(as_text=True)
    assert "50,000" in client.get(pages["area"]).get_data(as_text=True)

    with database.transaction() as s:
        reports.set_status(s, s.get(Report, volume_id), ReportStatus.RETRACTED, people.coordinator,
                           reason="重复上报")
    for name, url in pages.items():
        html = client.get(url).get_data(as_text=True)
        assert "50,000" not in html, name
    home = client.get("/").get_data(as_text=True)
    assert "未报" in home  # the pumped total is now unknown, not 0
    with database.read_session() as s:
        figures = events.headline_figures(s, [event.id])[event.id]
        assert figures["volume_m3"] is None

    history = client.get(f"/history/reports/{volume_id}")
    assert history.status_code == 200
    html = history.get_data(as_text=True)
    assert "已撤回" in html and "50,000" in html and "重复上报" in html
    assert "恢复此报告" not in html  # a viewer cannot restore

    # A coordinator finds it among the retracted reports and restores it from its history page.
    coordinator = app.test_client()
    Auth(coordinator).login("coord")
    listed = coordinator.get("/audit/retracted").get_data(as_text=True)
    assert f"/history/reports/{volume_id}" in listed
    page = coordinator.get(f"/history/reports/{volume_id}").get_data(as_text=True)
    assert "恢复此报告" in page
    fields = form_fields(page)
    response = coordinator.post(f"/history/reports/{volume_id}/restore", data=fields)
    assert response.status_code == 303
    assert "50,000 m³" in client.get("/").get_data(as_text=True)
    # Restoring twice (a stale page) changes nothing more.
    again = coordinator.post(f"/history/reports/{volume_id}/restore", data=fields)
    assert again.status_code == 409  # said on the history page: not retracted, nothing to restore
    session.rollback()
    rows = audit.history(session, "reports", volume_id)
    assert [r.action for r in rows] == ["create", "retract", "restore"]
    assert rows[1].after["status"] == "retracted" and rows[2].after["status"] == "submitted"


def test_restore_is_for_coordinators_within_scope(app, database, seeded, session, people, make_user):
    outside = demo_report_id(session, "acjy2-outage")
    with database.transaction() as s:
        reports.set_status(s, s.get(Report, outside), ReportStatus.RETRACTED, people.coordinator)
    make_user("bdj-coord", "coordinator", scope="文峰区/北大街街道")
    scoped = app.test_client()
    Auth(scoped).login("bdj-coord")
    assert f"/history/reports/{outside}" not in scoped.get("/audit/retracted").get_data(as_text=True)
    response = scoped.post(f"/history/reports/{outside}/restore",
                           data={"csrf_token": csrf_token(scoped), "version": "2"})
    assert response.status_code == 403
    reporter = app.test_client()
    Auth(reporter).login("field1")
    assert reporter.post(f"/history/reports/{outside}/restore",
                         data={"csrf_token": csrf_token(reporter), "version": "2"}).status_code == 403
    session.rollback()
    assert session.get(Report, outside).status == ReportStatus.RETRACTED


# ---- two people editing the same record ---------------------------------------------------

def _two_sessions_edit(database, load, change_first, change_second, entity):  # noqa: ANN001, ANN202
    """Both load version N; the first saves; the second (same N) is refused with the newer version."""
    with database.write_session() as first, database.write_session() as second:
        # Like two open forms: each read ended, each person holds what they saw.
        a = load(first)
        first.commit()
        b = load(second)
        second.commit()
        version, record_id = a.version, a.id
        assert b.version == version
        change_first(first, a, version)
        first.commit()
        with pytest.raises(StaleEdit) as refused:
            change_second(second, b, version)
        assert refused.value.current.version == version + 1
    with database.read_session() as s:
        rows = audit.history(s, entity, record_id)
        return rows


def test_two_sessions_editing_one_report(database, seeded, people):
    report_id = 0

    def load(s):  # noqa: ANN001, ANN202
        nonlocal report_id
        report_id = report_id or demo_report_id(s, "hengshui-arrival")
        return s.get(Report, report_id)

    rows = _two_sessions_edit(
        database, load,
        lambda s, r, v: reports.edit_report(s, r, {"note": "第一人的更正"}, people.coordinator, expected_version=v),
        lambda s, r, v: reports.edit_report(s, r, {"note": "第二人的更正"}, people.reporter, expected_version=v),
        "reports")
    assert [r.action for r in rows] == ["create", "update"]
    assert rows[0].after["note"] != "第一人的更正" and rows[1].after["note"] == "第一人的更正"
    assert all(r.after.get("note") != "第二人的更正" for r in rows)


def test_a_stale_object_without_a_version_check_is_still_refused(database, seeded, people):
    """Even a caller that forgets expected_version cannot overwrite: the version column catches it."""
    with database.write_session() as first, database.write_session() as second:
        event_a = first.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
        first.commit()
        event_b = second.get(Event, event_a.id)
        second.commit()
        events.update_event(first, event_a, {"issuer": "区防指"}, people.coordinator)
        first.commit()
        with pytest.raises(StaleEdit):
            events.update_event(second, event_b, {"issuer": "区应急局"}, people.coordinator)
    with database.read_session() as s:
        assert s.get(Event, event_a.id).issuer == "区防指"


@pytest.mark.parametrize("entity", ["events", "areas", "users"])
def test_two_sessions_editing_events_areas_users(database, seeded, people, entity):
    if entity == "events":
        load = rainstorm
        first = lambda s, e, v: events.update_event(s, e, {"brief_time": time(7, 0)}, people.coordinator,  # noqa: E731
                                                    expected_version=v)
        second = lambda s, e, v: events.update_event(s, e, {"name": "暴雨"}, people.coordinator,  # noqa: E731
                                                     expected_version=v)
        field = "brief_time"
    elif entity == "areas":
        load = lambda s: area_named(s, "安彩嘉园二期")  # noqa: E731
        first = lambda s, a, v: areas.update_area(s, a, {"households": 1500}, people.coordinator,  # noqa: E731
                                                  expected_version=v)
        second = lambda s, a, v: areas.update_area(s, a, {"households": 900}, people.coordinator,  # noqa: E731
                                                   expected_version=v)
        field = "households"
    else:
        load = lambda s: s.get(User, people.reporter)  # noqa: E731
        first = lambda s, u, v: accounts.update_user(s, u, {"role": "viewer"}, people.admin,  # noqa: E731
                                                     expected_version=v)
        second = lambda s, u, v: accounts.update_user(s, u, {"role": "coordinator"}, people.admin,  # noqa: E731
                                                      expected_version=v)
        field = "role"
    rows = _two_sessions_edit(database, load, first, second, entity)
    assert [r.action for r in rows] == ["create", "update"]
    assert rows[0].after[field] != rows[1].after[field]  # both versions are there, side by side


def test_two_people_editing_one_report_through_the_web(app, database, seeded, session, people):
    if "reports.edit" not in app.view_functions:
        pytest.skip("the report edit route does not exist yet")
    report_id = demo_report_id(session, "hengshui-arrival")
    coordinator, other = app.test_client(), app.test_client()
    Auth(coordinator).login("coord")
    with database.transaction() as s:
        accounts.create_user(s, "coord2", "correct horse battery", "coordinator")
    Auth(other).login("coord2")
    url = f"/reports/{report_id}/edit"
    mine = form_fields(coordinator.get(url).get_data(as_text=True))
    theirs = form_fields(other.get(url).get_data(as_text=True))
    assert mine.get("version") == theirs.get("version") == "1"
    saved = coordinator.post(url, data={**mine, "note": "第一人的更正"})
    assert saved.status_code in (302, 303), saved.get_data(as_text=True)[:3000]
    refused = other.post(url, data={**theirs, "note": "第二人的更正"})
    assert refused.status_code == 409
    # The reports page words it its own way; what matters is that it says so and shows the newer version.
    html = refused.get_data(as_text=True)
    assert "他人已先修改" in html and "第一人的更正" in html
    session.rollback()
    report = session.get(Report, report_id)
    assert report.note == "第一人的更正" and report.version == 2
    rows = audit.history(session, "reports", report_id)
    assert [r.action for r in rows] == ["create", "update"]
    page = other.get(f"/history/reports/{report_id}").get_data(as_text=True)
    assert "第一人的更正" in page and "第1版" in page and "第2版" in page


# ---- a failed commit in a real request ---------------------------------------------------

def _web_mutations(app, session):  # noqa: ANN001, ANN202
    volume = demo_report_id(session, "hengshui-wfh-volume")
    cases = [
        ("admin", "/admin/users/new", {"username": "x1", "display_name": "", "role": "viewer",
                                       "scope_area_id": "", "password": "long enough password"}),
        ("field1", "/account", {"current_password": "correct horse battery",
                                "new_password": "another long password", "confirm": "another long password"}),
        ("coord", f"/history/reports/{volume}/restore", {"version": "2"}),
    ]
    if "reports.edit" in app.view_functions:
        cases.append(("coord", f"/reports/{demo_report_id(session, 'hengshui-arrival')}/edit", None))
    if "events.edit" in app.view_functions:
        cases.append(("coord", f"/events/{rainstorm(session).id}/edit", None))
    if "areas.edit" in app.view_functions:
        cases.append(("coord", f"/areas/{area_named(session, '西钟楼巷').id}/edit", None))
    return cases


def test_a_request_whose_commit_fails_leaves_neither_change_nor_audit_row(app, database, seeded, session, people,
                                                                           make_user):
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    make_user("admin", "admin")
    volume = demo_report_id(session, "hengshui-wfh-volume")
    with database.transaction() as s:
        reports.set_status(s, s.get(Report, volume), ReportStatus.RETRACTED, people.coordinator)
    clients = {}
    for name in ("admin", "field1", "coord"):
        clients[name] = app.test_client()
        Auth(clients[name]).login(name)
    for who, url, data in _web_mutations(app, session):
        client = clients[who]
        if data is None:
            # An edit form: send it back as shown, with one field changed.
            data = form_fields(client.get(url).get_data(as_text=True))
            data["note" if "reports" in url else "description" if "events" in url else "name_en"] = "改动"
        data = {**data, "csrf_token": csrf_token(client)}
        before = fingerprint(database.engine)
        event.listen(Session, "before_commit", arm_commit_bomb)
        try:
            response = client.post(url, data=data)
        finally:
            event.remove(Session, "before_commit", arm_commit_bomb)
        assert response.status_code == 500, (url, response.status_code)
        assert fingerprint(database.engine) == before, url
        # The same request without the failure goes through: the refusal was the commit's.
        response = client.post(url, data={**data, "csrf_token": csrf_token(client)})
        assert response.status_code in (302, 303), (url, response.status_code)
        assert fingerprint(database.engine) != before, url
