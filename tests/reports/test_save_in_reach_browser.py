"""On a 360×780 phone a report form's Save is on the screen from the start: a field worker taps it without scrolling
past every optional field (on the outage form it sat at 1,089 px, below 停电楼栋, 预计恢复时间, 备注 and 信息来源). The
bar holding it keeps to the foot of the screen while the form runs on (CSS alone: without JavaScript too), and the
form's last field is never left under it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Area
from tests.conftest import CHROMIUM_ARGS, browser_login, screenshot  # noqa: F401

pytestmark = pytest.mark.browser

KINDS = ("outage", "outage_update", "pumping", "pumping_volume", "disinfection", "debris", "activity", "zero_report")
SAVE = "main form.report-form button[type=submit].primary"


def _in_screen(page) -> bool:  # noqa: ANN001
    """Whether Save lies wholly within the screen as it stands (no scrolling)."""
    return page.evaluate(f"""() => {{ const r = document.querySelector('{SAVE}').getBoundingClientRect();
        return r.top >= 0 && r.bottom <= innerHeight && r.height > 40; }}""")


def test_every_report_form_has_save_on_the_first_screen(phone, live_server, seeded, event, make_user):
    make_user("li", "reporter")
    browser_login(phone, live_server, "li")
    for kind in KINDS:
        phone.goto(f"{live_server}/events/{event.id}/reports/new/{kind}")
        assert _in_screen(phone), kind
        if kind == "outage":
            screenshot(phone, "report-save-in-reach-phone")
        # Scrolled to the foot, the bar does not cover the last field (信息来源's fold).
        phone.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        assert _in_screen(phone), kind
        covered = phone.evaluate(f"""() => {{ const s = document.querySelector('{SAVE}').getBoundingClientRect();
            const last = [...document.querySelectorAll('main form.report-form details.more-fields summary')].pop()
                .getBoundingClientRect();
            return last.bottom > s.top - 4; }}""")
        assert not covered, kind


def test_an_outage_is_sent_with_a_tap_where_the_phone_opens_it(browser, live_server, seeded, event, make_user,
                                                               session):
    """Without JavaScript (an old phone, a script that failed): the place and the time, then Save, tapped where it
    stands on the first screen."""
    context = browser.new_context(viewport={"width": 360, "height": 780}, is_mobile=True, has_touch=True,
                                  locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    try:
        make_user("li", "reporter")
        browser_login(page, live_server, "li")
        page.goto(f"{live_server}/events/{event.id}/reports/new/outage")
        area = session.scalar(sa.select(Area.id).where(Area.name == "西钟楼巷"))
        page.select_option("select[name=area_id]", str(area))
        page.fill("input[name=started_at-day]", "2021-07-27")
        page.fill("input[name=started_at-time]", "16:30")
        page.evaluate("window.scrollTo(0, 0)")
        assert _in_screen(page)
        box = page.locator(SAVE).bounding_box()
        assert box is not None
        with page.expect_navigation():
            page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        assert "/reports/new/" not in page.url, page.url
    finally:
        context.close()
