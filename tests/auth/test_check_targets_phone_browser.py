"""A checkbox's words are a 44 px target on a phone: the users page's 启用（可以登录） was a 24 px line of text.

Found on a 360 px phone: the box itself is 22 px, so the label is what a thumb taps; the recipients' page already
gave its labels 44 px (distribution.css), the account and user pages' did not.
"""

from __future__ import annotations

import pytest

from incidents.auth import tokens
from incidents.models import User
from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser

HEIGHTS = """els => els.filter(e => e.getClientRects().length)
                       .map(e => [e.innerText.trim(), Math.round(e.getBoundingClientRect().height)])"""


def test_a_checkbox_label_is_a_44px_target_on_a_phone(phone, live_server, make_user, database):
    admin_id = make_user("admin1", "admin")
    with database.transaction() as s:  # a live token: the account page then offers to revoke it
        tokens.create_token(s, s.get(User, admin_id), "gis import")
    other_id = make_user("li", "reporter")
    browser_login(phone, live_server, "admin1")
    for url in (f"/admin/users/{other_id}", "/account"):
        phone.goto(f"{live_server}{url}")
        screenshot(phone, "check-targets-phone" + url.replace("/", "-"))
        heights = phone.eval_on_selector_all(".check label", HEIGHTS)
        assert heights, url
        assert [h for h in heights if h[1] < 44] == [], (url, heights)
