"""A report's status buttons carry the version their page showed: a stale one is refused, never applied.

A coordinator who opened version 1 and pressed 审核 after the reporter corrected it to version 2 verified figures
they never saw. Each button now sends the version its page was rendered with; a stale one is the report's page
again as a 409 (the list's bulk bar's "changed by someone else meanwhile", the newer version and its history
shown), an unreadable one a 400 naming version (limits.form_version), nothing changed either way.
"""

from __future__ import annotations

import html as htmllib
import re

import pytest
import sqlalchemy as sa

from incidents.models import Event, Report, ReportStatus
from tests.conftest import csrf_from, switch_language


def _submitted(database) -> int:  # noqa: ANN001
    with database.read_session() as s:
        event_id = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
        submitted = sa.select(Report.id).where(Report.event_id == event_id, Report.status == ReportStatus.SUBMITTED)
        return s.scalars(submitted.order_by(Report.id)).first()


def _state(database, report_id: int) -> tuple[ReportStatus, int]:  # noqa: ANN001
    with database.read_session() as s:
        report = s.get(Report, report_id)
        return report.status, report.version


def _verify_form(page: str) -> dict[str, str]:
    """The hidden fields of the page's 审核 button, as a browser sends them."""
    form = re.search(r'<form[^>]*/status"[^>]*>(.*?)</form>', page, re.S)
    assert form and 'value="verify"' in form.group(1), page[-3000:]
    return dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form.group(1)))


def _correct(database, report_id: int) -> None:  # noqa: ANN001
    """The reporter's correction, saved meanwhile: a new version."""
    from incidents.reports import services
    from incidents.reports.payloads import edit_data
    with database.write_session() as s:
        report = s.get(Report, report_id)
        data, found = edit_data(report, {"note": "更正：数字已核对"}, replace=False)
        assert not found
        services.correct_report(s, report, data, report.reporter_id, expected_version=report.version)
        s.commit()


def test_the_button_sends_the_version_its_page_showed(seeded, client, auth, make_user, database):
    make_user("wang", "coordinator")
    auth.login("wang")
    report_id = _submitted(database)
    sent = _verify_form(client.get(f"/reports/{report_id}").get_data(as_text=True))
    assert sent.get("version") == str(_state(database, report_id)[1])
    assert client.post(f"/reports/{report_id}/status", data=sent).status_code == 302
    assert _state(database, report_id)[0] is ReportStatus.VERIFIED


def test_a_version_corrected_since_is_refused_and_the_newer_one_shown(seeded, client, auth, make_user, database):
    make_user("wang", "coordinator")
    auth.login("wang")
    report_id = _submitted(database)
    seen = _verify_form(client.get(f"/reports/{report_id}").get_data(as_text=True))
    _correct(database, report_id)
    status, version = _state(database, report_id)
    answer = client.post(f"/reports/{report_id}/status", data=seen)
    page = htmllib.unescape(answer.get_data(as_text=True))
    assert answer.status_code == 409
    assert _state(database, report_id) == (status, version) and status is ReportStatus.SUBMITTED
    assert f"其间已被他人修改（现为第 {version} 版）" in page, page[-3000:]
    assert "更正：数字已核对" in page  # the newer version, what was not seen
    again = _verify_form(page)
    assert again["version"] == str(version)  # its buttons now carry the version shown
    assert client.post(f"/reports/{report_id}/status", data=again).status_code == 302
    assert _state(database, report_id)[0] is ReportStatus.VERIFIED


@pytest.mark.parametrize("version", ["0", "-1", "abc", "١", "12345678901234567890", "", None])
def test_an_unreadable_version_is_a_400_naming_it(seeded, client, auth, make_user, database, version):
    make_user("wang", "coordinator")
    auth.login("wang")
    report_id = _submitted(database)
    before = _state(database, report_id)
    sent = _verify_form(client.get(f"/reports/{report_id}").get_data(as_text=True))
    if version is None:
        sent.pop("version", None)
    else:
        sent["version"] = version
    answer = client.post(f"/reports/{report_id}/status", data=sent)
    page = htmllib.unescape(answer.get_data(as_text=True))
    assert answer.status_code == 400
    assert "表单的版本号无法识别" in page, page[-2000:]
    assert _state(database, report_id) == before


def test_stale_in_english(seeded, client, auth, make_user, database):
    make_user("wang", "coordinator")
    auth.login("wang")
    switch_language(client, "en")
    report_id = _submitted(database)
    seen = _verify_form(client.get(f"/reports/{report_id}").get_data(as_text=True))
    _correct(database, report_id)
    version = _state(database, report_id)[1]
    answer = client.post(f"/reports/{report_id}/status", data=seen)
    assert answer.status_code == 409
    page = htmllib.unescape(answer.get_data(as_text=True))
    assert f"changed by someone else meanwhile (now version {version})" in page


def test_the_list_buttons_send_their_rows_version(seeded, client, auth, make_user, database):
    make_user("wang", "coordinator")
    auth.login("wang")
    report_id = _submitted(database)
    with database.read_session() as s:
        event_id = s.get(Report, report_id).event_id
    page = client.get(f"/events/{event_id}/reports").get_data(as_text=True)
    form = re.search(rf'<form[^>]*/reports/{report_id}/status"[^>]*>(.*?)</form>', page, re.S)
    assert form, page[-2000:]
    sent = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form.group(1)))
    assert sent.get("version") == str(_state(database, report_id)[1])
    assert csrf_from(page)
