"""A report's hidden fields tampered with are a 4xx naming the field, never a misleading page.

The report page's and the list's buttons send `action` (verify, return, retract, restore): anything else was a
bare 400 "the request could not be understood", naming nothing. The list's checked reports send `report` as
"id:version": a version the page never wrote (0, ten nines) was read as a version and answered 409 "changed by
someone else meanwhile", which nobody had (limits.form_version, as every edit form's version).
"""

from __future__ import annotations

import html as htmllib

import pytest
import sqlalchemy as sa

from incidents.models import Event, Report, ReportStatus
from tests.conftest import csrf_from, switch_language


def _submitted(database) -> tuple[int, int, int]:
    with database.read_session() as s:
        event_id = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
        report = s.scalars(sa.select(Report).where(Report.event_id == event_id,
                                                   Report.status == ReportStatus.SUBMITTED).order_by(Report.id)).first()
        return event_id, report.id, report.version


def _status(database, report_id: int) -> tuple[ReportStatus, int]:
    with database.read_session() as s:
        report = s.get(Report, report_id)
        return report.status, report.version


@pytest.mark.parametrize("action", ["abc", "", "-1", "VERIFY", None])
def test_a_garbled_action_on_a_report_is_a_400_naming_it(seeded, client, auth, make_user, database, action):
    make_user("wang", "coordinator")
    auth.login("wang")
    _event_id, report_id, _version = _submitted(database)
    sent = {"csrf_token": csrf_from(client.get(f"/reports/{report_id}").get_data(as_text=True))}
    if action is not None:
        sent["action"] = action
    answer = client.post(f"/reports/{report_id}/status", data=sent)
    page = htmllib.unescape(answer.get_data(as_text=True))
    assert answer.status_code == 400
    assert "操作：不是可执行的操作" in page, page[-2000:]
    assert _status(database, report_id)[0] is ReportStatus.SUBMITTED


@pytest.mark.parametrize("action", ["abc", "", "restore", None])
def test_a_garbled_action_on_the_list_is_a_400_naming_it(seeded, client, auth, make_user, database, action):
    make_user("wang", "coordinator")
    auth.login("wang")
    event_id, report_id, version = _submitted(database)
    sent = {"csrf_token": csrf_from(client.get(f"/events/{event_id}/reports").get_data(as_text=True)),
            "report": f"{report_id}:{version}"}
    if action is not None:
        sent["action"] = action
    answer = client.post(f"/events/{event_id}/reports/bulk", data=sent)
    page = htmllib.unescape(answer.get_data(as_text=True))
    assert answer.status_code == 400
    assert "操作：不是可执行的操作" in page, page[-2000:]
    assert _status(database, report_id)[0] is ReportStatus.SUBMITTED


@pytest.mark.parametrize("version", ["0", "9999999999", "00"])
def test_a_version_no_page_wrote_on_the_list_is_refused_naming_the_report(seeded, client, auth, make_user,
                                                                          database, version):
    make_user("wang", "coordinator")
    auth.login("wang")
    event_id, report_id, before = _submitted(database)
    sent = {"csrf_token": csrf_from(client.get(f"/events/{event_id}/reports").get_data(as_text=True)),
            "action": "verify", "report": f"{report_id}:{version}"}
    answer = client.post(f"/events/{event_id}/reports/bulk", data=sent)
    page = htmllib.unescape(answer.get_data(as_text=True))
    assert answer.status_code == 422
    assert f"{report_id}:{version}" in page and "被他人修改" not in page
    assert _status(database, report_id) == (ReportStatus.SUBMITTED, before)


def test_a_stale_version_on_the_list_is_still_said_so(seeded, client, auth, make_user, database):
    make_user("wang", "coordinator")
    auth.login("wang")
    event_id, report_id, version = _submitted(database)
    sent = {"csrf_token": csrf_from(client.get(f"/events/{event_id}/reports").get_data(as_text=True)),
            "action": "verify", "report": f"{report_id}:{version + 1}"}
    answer = client.post(f"/events/{event_id}/reports/bulk", data=sent)
    assert answer.status_code == 409
    assert _status(database, report_id)[0] is ReportStatus.SUBMITTED


def test_a_garbled_action_in_english(seeded, client, auth, make_user, database):
    make_user("wang", "coordinator")
    auth.login("wang")
    switch_language(client, "en")
    _event_id, report_id, _version = _submitted(database)
    sent = {"csrf_token": csrf_from(client.get(f"/reports/{report_id}").get_data(as_text=True)), "action": "abc"}
    answer = client.post(f"/reports/{report_id}/status", data=sent)
    assert answer.status_code == 400
    assert ("Action: is not an action here (verify, return, retract, restore): nothing was changed"
            in htmllib.unescape(answer.get_data(as_text=True)))
