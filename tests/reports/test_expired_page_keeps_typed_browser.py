"""In Chromium at 360 px: a correction typed while the worker logged in again in another tab (the page's CSRF
token stale) comes back on 保存 with what was typed and the reason, and the next tap saves it; a new report
typed there is saved at once (the outbox takes a fresh token), once."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import ActivityEntry
from tests.conftest import browser_login, login_here, screenshot

pytestmark = pytest.mark.browser


def _log_in_again_in_another_tab(page, live_server: str) -> None:  # noqa: ANN001
    other = page.context.new_page()
    other.goto(f"{live_server}/")
    with other.expect_navigation():
        other.click("form[action='/logout'] button")
    browser_login(other, live_server, "li")
    other.close()


def _type_activity(page, title: str) -> None:  # noqa: ANN001
    page.fill("input.area-search", "xzlx")
    page.click(".area-results button[data-id]")
    page.fill("input[name=observed_at-day]", "2021-07-27")
    page.fill("input[name=observed_at-time]", "16:30")
    page.fill("input[name=title]", title)


def _titles(database) -> list[str]:  # noqa: ANN001
    with database.read_session() as s:
        return list(s.scalars(sa.select(ActivityEntry.title).order_by(ActivityEntry.title)))


def _signed_out_everywhere_on_save(page, desktop, live_server: str, event, typed: dict[str, str]) -> int:  # noqa: ANN001
    """li's activity report saved, its edit page typed over (`typed`: a field's selector, its text), li logged out on
    every device from the desktop meanwhile: 保存 meets the login page. The report's id."""
    page.goto(f"{live_server}/events/{event.id}/reports/new/activity")
    _type_activity(page, "北口巡查")
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    page.wait_for_url("**/reports/*")
    report_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
    page.goto(f"{live_server}/reports/{report_id}/edit")
    for selector, text in typed.items():
        page.fill(selector, text)
    browser_login(desktop, live_server, "li")
    desktop.goto(f"{live_server}/account")
    with desktop.expect_navigation():
        desktop.click("button:has-text('在所有设备上退出')")
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    assert "/login" in page.url
    return report_id


def test_a_correction_sent_from_a_stale_page_is_shown_again_and_saved(phone, live_server, seeded, event,
                                                                        make_user, database):
    page = phone
    make_user("li", "reporter")
    browser_login(page, live_server, "li")
    page.goto(f"{live_server}/events/{event.id}/reports/new/activity")
    _type_activity(page, "西钟楼巷排水巡查")
    _log_in_again_in_another_tab(page, live_server)
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    page.wait_for_url("**/reports/*")
    assert _titles(database).count("西钟楼巷排水巡查") == 1  # the outbox sent it with a fresh token

    page.click("a[href$='/edit']")
    page.wait_for_load_state()
    page.fill("input[name=title]", "西钟楼巷排水巡查（已完成）")
    page.fill("textarea[name=note]", "积水已排净")
    _log_in_again_in_another_tab(page, live_server)
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    assert "页面已过期" in page.inner_text("main")
    assert page.input_value("input[name=title]") == "西钟楼巷排水巡查（已完成）"
    assert page.input_value("textarea[name=note]") == "积水已排净"
    screenshot(page, "expired-page-keeps-typed")
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    assert "/edit" not in page.url
    assert _titles(database).count("西钟楼巷排水巡查（已完成）") == 1 and "西钟楼巷排水巡查" not in _titles(database)


def test_a_correction_sent_after_the_sign_in_ended_elsewhere_is_back_after_logging_in(phone, desktop, live_server,
                                                                                       seeded, event, make_user,
                                                                                       database):
    """Logged out on every device from another one (a lost phone's advice): 保存 meets the login page, and after
    logging in the correction typed is on the form again, said so; one tap saves it."""
    page = phone
    make_user("li", "reporter")
    browser_login(page, live_server, "li")
    report_id = _signed_out_everywhere_on_save(page, desktop, live_server, event, {
        "input[name=title]": "巡查后更正的标题", "textarea[name=note]": "更正：地点为西钟楼巷北口"})
    login_here(page, "li")
    assert page.url.endswith(f"/reports/{report_id}/edit")
    assert page.input_value("input[name=title]") == "巡查后更正的标题"
    assert page.input_value("textarea[name=note]") == "更正：地点为西钟楼巷北口"
    assert "尚未保存" in page.inner_text("main")
    screenshot(page, "sign-in-ended-keeps-typed")
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    with database.read_session() as s:
        assert s.get(ActivityEntry, report_id).title == "巡查后更正的标题"


def test_a_correction_kept_in_the_tab_is_not_given_to_the_next_person_logging_in_there(phone, desktop, live_server,
                                                                                       seeded, event, make_user,
                                                                                       database):
    """A shared phone: li's correction met the login page, and wang, a coordinator, logs in in that tab instead.
    Before, wang's edit page came back filled with li's words (reports.js keeps them in the tab), saved as wang's
    with a tap."""
    page = phone
    make_user("li", "reporter")
    make_user("wang", "coordinator")  # edits any report
    browser_login(page, live_server, "li")
    report_id = _signed_out_everywhere_on_save(page, desktop, live_server, event, {"input[name=title]": "李的更正"})
    login_here(page, "wang")
    assert page.url.endswith(f"/reports/{report_id}/edit")
    assert page.input_value("input[name=title]") == "北口巡查"
    assert "尚未保存" not in page.inner_text("main")
