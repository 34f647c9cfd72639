"""A coordinator's 核实 on a report corrected since the page opened, in Chromium: refused, the newer version shown."""

from __future__ import annotations

import pytest

from incidents.models import Report, ReportStatus
from tests.conftest import browser_login, screenshot
from tests.reports.test_status_carries_version import _correct, _state, _submitted

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_verify_on_a_page_gone_stale(seeded, request, live_server, make_user, database, size):
    page = request.getfixturevalue(size)
    make_user("wang", "coordinator")
    browser_login(page, live_server, "wang")
    report_id = _submitted(database)
    page.goto(f"{live_server}/reports/{report_id}")
    _correct(database, report_id)  # the reporter's correction, while the page stays open
    with page.expect_navigation():
        page.click("form[action$='/status'] button:has-text('核实')")
    screenshot(page, f"report-status-stale-{size}")
    status, version = _state(database, report_id)
    assert status is ReportStatus.SUBMITTED
    assert f"其间已被他人修改（现为第 {version} 版）" in page.locator('[role="alert"], .flash').first.inner_text()
    assert "更正：数字已核对" in page.content()
    with page.expect_navigation():
        page.click("form[action$='/status'] button:has-text('核实')")
    with database.read_session() as s:
        assert s.get(Report, report_id).status is ReportStatus.VERIFIED
