"""The recipients page on a phone: the header's log-out and the table's buttons stay finger-sized."""

from __future__ import annotations

import pytest

from tests.conftest import browser_login

from .helpers import add

pytestmark = pytest.mark.browser


def test_recipients_page_buttons_are_finger_sized_on_a_phone(phone, live_server, make_user, database, rainstorm):
    add(database, rainstorm.id, "区防指", "email", "fzb@wenfeng.example")
    make_user("coord", "coordinator")
    browser_login(phone, live_server, "coord")
    phone.goto(f"{live_server}/events/{rainstorm.id}/recipients")
    for button in (phone.locator("header form button"), phone.locator("main form.inline button").first):
        box = button.bounding_box()
        assert box is not None and box["height"] >= 44, (button.inner_text(), box)
    # The log-out button looks and sits as on every other page (distribution.css once overrode it).
    here = phone.locator("header form button").bounding_box()
    phone.goto(f"{live_server}/events/{rainstorm.id}/reports")
    assert here == phone.locator("header form button").bounding_box()
