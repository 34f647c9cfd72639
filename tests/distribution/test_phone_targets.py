"""The recipients page on a phone: the header's log-out and the table's buttons stay finger-sized."""

from __future__ import annotations

import pytest

from tests.conftest import accepted, browser_login, declined_question, screenshot

from .helpers import add

pytestmark = pytest.mark.browser


def test_recipients_page_buttons_are_finger_sized_on_a_phone(phone, live_server, make_user, database, rainstorm):
    add(database, rainstorm.id, "区防指", "email", "fzb@wenfeng.example")
    make_user("coord", "coordinator")
    browser_login(phone, live_server, "coord")
    phone.goto(f"{live_server}/events/{rainstorm.id}/recipients")
    # 修改 beside 移除 was a line of text, 24 px tall, a thumb's width from the button that removes.
    for button in (phone.locator("header form button", has_text="退出"), phone.locator("header form button").first,
                   phone.locator("main form.inline button").first,
                   phone.locator("main td.act a").first):
        box = button.bounding_box()
        assert box is not None and box["height"] >= 44, (button.inner_text(), box)
    # The log-out button looks and sits as on every other page (distribution.css once overrode it).
    here = phone.locator("header form button", has_text="退出").bounding_box()
    phone.goto(f"{live_server}/events/{rainstorm.id}/reports")
    assert here == phone.locator("header form button", has_text="退出").bounding_box()


def test_removing_a_recipient_on_a_phone_is_in_reach_and_asks_first(phone, live_server, make_user, database,
                                                                    rainstorm):
    # Remove sat past the screen's edge in a sideways-scrolling table, and one tap removed the recipient:
    # the duty group got no more briefs, with nothing asked.
    from incidents.models import Recipient

    recipient_id = add(database, rainstorm.id, "区防指值班群", "email", "fzb@wenfeng.example")
    make_user("coord", "coordinator")
    browser_login(phone, live_server, "coord")
    phone.goto(f"{live_server}/events/{rainstorm.id}/recipients")
    button = phone.locator("form[action$='/remove'] button")
    box = button.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360, box
    screenshot(phone, "distribution-recipients-phone")
    assert "区防指值班群" in declined_question(phone, button.tap)
    with database.read_session() as s:
        assert s.get(Recipient, recipient_id).active
    accepted(phone, button.tap)
    screenshot(phone, "distribution-recipient-removed-phone")
    # Which one, and what it means: not just "Recipient removed."
    assert "已移除接收人：区防指值班群（此后不再向其发送）" in phone.locator(".flash").inner_text()
    with database.read_session() as s:
        assert not s.get(Recipient, recipient_id).active


def test_who_got_a_brief_reads_as_cards_on_a_phone(phone, live_server, make_user, database, rainstorm):
    # Six columns at 360 px: 等待发送 stood one character a line, the address broke after each letter and
    # 最近错误, what a failed delivery says, was past the screen's edge.
    from incidents.briefs import services as briefs
    from incidents.distribution import services as distribution
    from incidents.models import Brief

    from .conftest import local
    from .helpers import compile_day

    add(database, rainstorm.id, "区防指值班邮箱", "email", "duty@wenfeng.example")
    brief_id = compile_day(database, rainstorm.id, "2021-07-24", local("2021-07-25 08:00"))
    coord = make_user("coord", "coordinator")
    with database.transaction() as s:
        brief = s.get(Brief, brief_id)
        briefs.publish(s, brief, coord)
        distribution.brief_signed(s, brief)
    browser_login(phone, live_server, "coord")
    phone.goto(f"{live_server}/briefs/{brief_id}/deliveries")
    row = phone.locator("table.deliveries tbody tr").first
    for cell in row.locator("td").all():
        box = cell.bounding_box()
        if box is None:  # no error yet: its empty cell is not shown
            continue
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, (cell.inner_text(), box)
    badge = row.locator(".badge").first.bounding_box()
    assert badge["height"] < 30, badge  # 等待发送 on one line
    labels = row.evaluate("r => Array.from(r.querySelectorAll('td'))"
                          ".map(td => getComputedStyle(td, '::before').content)")
    assert any("尝试次数" in label for label in labels), labels  # each fact says what it is
    screenshot(phone, "distribution-deliveries-phone")
