"""Restoring a report with a hidden `version` that cannot be read is a 400 naming the version.

The history page's restore button sends the version it was drawn at; -1, "abc" or none was answered 409
"someone else changed this report first", which nobody had. The one rule (limits.form_version) now reads it
as the edit forms do; a stale whole version is still the 409. Nothing is restored.
"""

from __future__ import annotations

import html as htmllib

import pytest

from incidents.models import Report, ReportStatus
from incidents.reports import services as reports
from tests.audit.conftest import demo_report_id
from tests.conftest import Auth, switch_language
from tests.security.sweep import form_fields

GARBLED = ["-1", "0", "abc", "12345678901234567890", "١", "", None]


def _retracted(app, database, session, people) -> tuple[object, str, dict[str, str], int]:  # noqa: ANN001
    report_id = demo_report_id(session, "hengshui-wfh-volume")
    with database.transaction() as s:
        reports.set_status(s, s.get(Report, report_id), ReportStatus.RETRACTED, people.coordinator, reason="重复")
    coordinator = app.test_client()
    Auth(coordinator).login("coord")
    history = f"/history/reports/{report_id}"
    fields = form_fields(coordinator.get(history).get_data(as_text=True))
    assert fields["version"] == "2" and fields["csrf_token"]
    return coordinator, f"{history}/restore", fields, report_id


@pytest.mark.parametrize("version", GARBLED)
def test_a_garbled_version_is_a_400_naming_it(app, database, seeded, session, people, version):
    coordinator, url, fields, report_id = _retracted(app, database, session, people)
    if version is None:
        del fields["version"]
    else:
        fields["version"] = version
    answer = coordinator.post(url, data=fields)  # type: ignore[attr-defined]
    page = htmllib.unescape(answer.get_data(as_text=True))
    assert answer.status_code == 400, answer.status_code
    assert "version" in page and "表单的版本号无法识别：未保存任何内容" in page
    assert "已被他人先行修改" not in page
    with database.read_session() as s:
        assert s.get(Report, report_id).status is ReportStatus.RETRACTED


def test_in_english_too(app, database, seeded, session, people):
    coordinator, url, fields, _report_id = _retracted(app, database, session, people)
    switch_language(coordinator, "en")
    answer = coordinator.post(url, data={**fields, "version": "abc"})  # type: ignore[attr-defined]
    assert answer.status_code == 400
    # After its label the sentence goes on in lower case (it read "Version: The form's version…").
    assert "Version: the form&#39;s version cannot be read: nothing was saved" in answer.get_data(as_text=True)


def test_a_stale_version_is_still_a_409(app, database, seeded, session, people):
    coordinator, url, fields, report_id = _retracted(app, database, session, people)
    stale = coordinator.post(url, data={**fields, "version": "1"})  # type: ignore[attr-defined]
    assert stale.status_code == 409
    with database.read_session() as s:
        assert s.get(Report, report_id).status is ReportStatus.RETRACTED
