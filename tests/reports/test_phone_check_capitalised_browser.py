"""The phone's own check of a report (report-outbox.js) says a field's refusal under it as the server's page does:
in English "Required", capitalised standing alone (csvfile.standalone on the server), not "required"."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import browser_language, browser_login

pytestmark = pytest.mark.browser


def test_the_phones_refusal_under_a_field_is_capitalised(phone, live_server, seeded, event, make_user):
    make_user("li", "reporter", scope="文峰区/北大街街道")
    browser_login(phone, live_server, "li")
    browser_language(phone, live_server, "en", f"/events/{event.id}/reports/new/pumping")
    phone.select_option("select[name=area_id]", label="Beidajie Subdistrict › Xizhonglou Lane")
    phone.click("button:has-text('Save report')")
    expect(phone.locator("[data-client-error][role=alert]")).to_be_visible()
    under = phone.locator("p.error[data-client-error][data-field]").all_inner_texts()
    assert under and "Required" in under and not [m for m in under if m[:1].islower()], under
