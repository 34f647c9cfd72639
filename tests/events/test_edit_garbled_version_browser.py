"""An event's or area's edit form sent with a version it never wrote, on a 360 px phone: one alert says it.

It said "未保存：请检查下方标出的栏目" though no field was marked, then "version：表单的版本号…" with the
name twice. The alert now says the one problem, in zh and in English.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Area, Event
from tests.conftest import browser_language, browser_login, screenshot

pytestmark = pytest.mark.browser

SAID = {"zh": "表单的版本号无法识别：未保存任何内容", "en": "The form's version cannot be read"}
MARKED = {"zh": "请检查下方标出的栏目", "en": "check the fields marked below"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_tampered_version_is_one_alert_on_a_phone(seeded, phone, live_server, make_user, database, lang):
    make_user("wang", "coordinator")
    browser_login(phone, live_server, "wang")
    with database.read_session() as s:
        event_id = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
        area_id = s.scalar(sa.select(Area.id).where(Area.name == "西钟楼巷"))
    if lang == "en":
        browser_language(phone, live_server, "en")
    for what, url in (("event", f"/events/{event_id}/edit"), ("area", f"/areas/{area_id}/edit")):
        phone.goto(f"{live_server}{url}")
        phone.evaluate("document.querySelector('input[name=version]').value = 'abc'")
        with phone.expect_navigation():
            phone.click("form.report-form button[type=submit]")
        screenshot(phone, f"{what}-garbled-version-{lang}-360")
        alerts = phone.locator('main [role="alert"]').all_inner_texts()
        assert len(alerts) == 1 and SAID[lang] in alerts[0] and MARKED[lang] not in alerts[0], alerts
        assert phone.locator("p.error").count() == 0
        assert phone.locator('input[name="version"]').count() == 1
