"""The 零报告 on a 360 px phone: a subdistrict office lands on the home page, taps, is asked first, sees it sent."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from incidents import demo
from incidents.db import now_utc
from incidents.events.services import create_event
from incidents.models import ZeroReport
from tests.conftest import accepted, browser_login_form, declined_question, screenshot

pytestmark = pytest.mark.browser


def test_a_subdistrict_office_answers_zero_on_a_phone_once_asked(seeded, database, make_user, live_server, phone):
    with database.transaction() as s:
        district = demo._area_by_path(s, "文峰区")
        create_event(s, code="live-storm", name="在途暴雨", kind="rainstorm", starts_at=now_utc() - timedelta(days=2),
                     timezone="Asia/Shanghai", area_id=district.id)
    make_user("bdj", "reporter", scope="文峰区/北大街街道")
    browser_login_form(phone, live_server, "bdj")
    button = phone.locator("button.zero-tap")
    expect(button).to_have_count(1)
    expect(button).to_have_text("本时段零报告 · 北大街街道")
    box = button.bounding_box()
    assert box is not None and box["height"] >= 44 and box["x"] + box["width"] <= 360
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
    # ＋新报告 is the first and filled choice; the zero report an outline after it.
    new = phone.locator(".zero-taps a.zero-new").bounding_box()
    assert new is not None and new["y"] < box["y"]
    assert phone.evaluate("getComputedStyle(document.querySelector('button.zero-tap')).backgroundColor") in (
        "rgba(0, 0, 0, 0)", "transparent")
    screenshot(phone, "zero-report-button-360")
    # One stray tap asks first: said no to, nothing is sent.
    assert "北大街街道" in declined_question(phone, button.click)
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(ZeroReport)) == 0
    expect(button).to_have_count(1)
    accepted(phone, button.click)
    expect(phone.locator(".flash")).to_contain_text("已报送北大街街道")
    expect(phone.locator("button.zero-tap")).to_have_count(0)
    screenshot(phone, "zero-report-sent-360")
