"""A day typed where the browser has no date picker ("7/27", "2021/7/27": the date input is then a text box) is
shown again where the person can see it: "7/27", no day, in a text box beside its refusal, not an empty date input;
corrected there as 2021/7/27 it is sent (the phone's check leaves a typed day to the server, which reads it)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import PowerOutage
from tests.conftest import browser_login

pytestmark = pytest.mark.browser


def test_a_day_typed_as_text_is_seen_again_and_corrected(phone, live_server, seeded, event, make_user, database):
    page = phone
    make_user("li", "reporter", scope="文峰区/北大街街道")
    browser_login(page, live_server, "li")
    page.goto(f"{live_server}/events/{event.id}/reports/new/outage")
    page.select_option("select[name=area_id]", label="北大街街道 › 西钟楼巷")
    # A browser without a date picker: the date input is a text box.
    page.evaluate("document.querySelector('input[name=\"started_at-day\"]').type = 'text'")
    page.fill("input[name=started_at-day]", "7/27")
    page.fill("input[name=started_at-time]", "08:00")
    page.fill("input[name=households_affected]", "30")
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    day = page.locator("input[name=started_at-day]")
    assert (day.get_attribute("type"), day.input_value()) == ("text", "7/27")
    assert page.locator("#started_at .error").inner_text().startswith("须为日期")
    day.fill("2021/7/27")
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    assert "报告已保存" in page.content()
    with database.read_session() as s:
        saved = s.scalars(sa.select(PowerOutage).order_by(PowerOutage.id.desc()).limit(1)).one()
        assert (saved.households_affected, saved.started_at.isoformat()) == (30, "2021-07-27T00:00:00+00:00")
