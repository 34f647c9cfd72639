"""In Chromium on a desktop page, keyboard only: a report the phone or the server refuses puts the focus on the
first field to fix, and that field says it is in error (aria-invalid) and why (its message as description),
as a screen reader reads it; so does every other form the server sends back (an event, an account). Before,
the phone's check left the focus on Save and marked nothing but the colour, and the server's pages left it
at the top of the document. A place picked from the keyboard is read out (the focus goes to the place list)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser

FOCUSED = """() => { const e = document.activeElement;
  const ids = (e.getAttribute('aria-describedby') || '').split(' ');
  return { name: e.name, invalid: e.getAttribute('aria-invalid'),
           described: ids.map(id => (document.getElementById(id) || {}).textContent || '').join(' ').trim() }; }"""


def test_phone_check_focuses_the_first_field_to_fix_and_marks_it(desktop, live_server, seeded, event, make_user):
    page = desktop
    make_user("li", "reporter", scope="文峰区/北大街街道")
    browser_login(page, live_server, "li")
    page.goto(f"{live_server}/events/{event.id}/reports/new/pumping")
    page.select_option("select[name=area_id]", label="北大街街道 › 西钟楼巷")
    page.fill("input[name=observed_at-day]", "2021-07-27")
    page.fill("input[name=observed_at-time]", "16:30")
    page.fill("input[name=pumps]", "三台")  # not a number, and the team (required, above it) left empty
    page.focus("input[name=pumps]")
    page.keyboard.press("Enter")
    expect(page.locator("[data-client-error][role=alert]")).to_be_visible()
    screenshot(page, "reports-refused-on-phone-focus")
    assert "/reports/new/pumping" in page.url
    focused = page.evaluate(FOCUSED)
    assert focused == {"name": "team", "invalid": "true", "described": "必填"}
    pumps = page.locator("input[name=pumps]")
    expect(pumps).to_have_attribute("aria-invalid", "true")
    assert page.evaluate("document.getElementById(document.querySelector('input[name=pumps]')"
                         ".getAttribute('aria-describedby')).textContent") == "须为整数"

    # Fixed, checked again: the marks go with the messages.
    page.keyboard.type("北大街抢险队")
    page.fill("input[name=pumps]", "3")
    page.fill("input[name=people]", "x")
    page.focus("input[name=team]")
    page.keyboard.press("Enter")
    expect(page.locator("input[name=people]")).to_be_focused()
    assert page.locator("[aria-invalid]").count() == 1
    assert pumps.get_attribute("aria-describedby") is None


def test_server_refusal_focuses_the_field_it_marked(desktop, live_server, seeded, event, make_user):
    page = desktop
    make_user("li", "reporter", scope="文峰区/北大街街道")
    browser_login(page, live_server, "li")
    page.goto(f"{live_server}/events/{event.id}/reports/new/activity")
    page.select_option("select[name=area_id]", label="北大街街道 › 西钟楼巷")
    page.fill("input[name=observed_at-day]", "2030-01-01")  # the phone cannot tell; the server refuses it
    page.fill("input[name=observed_at-time]", "16:30")
    page.fill("input[name=title]", "巡查")
    page.focus("input[name=title]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".flash-error")).to_contain_text("未保存")
    screenshot(page, "reports-refused-by-server-focus")
    focused = page.evaluate(FOCUSED)
    assert focused["name"] == "observed_at-day" and focused["invalid"] == "true"
    assert focused["described"] == "不能晚于当前时间"


@pytest.mark.parametrize(("path", "field", "message"), [("/events/new", "name", "必填"),
                                                         ("/admin/users/new", "username", "必填")])
def test_other_forms_sent_back_focus_their_first_marked_field(desktop, live_server, make_user, path, field,
                                                              message):
    page = desktop
    make_user("boss", "admin")
    browser_login(page, live_server, "boss")
    page.goto(f"{live_server}{path}")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    focused = page.evaluate(FOCUSED)
    assert focused == {"name": field, "invalid": "true", "described": message}


def test_a_place_chosen_from_the_keyboard_is_read_out(desktop, live_server, seeded, event, make_user):
    """Typed initials then Enter (or Tab to a result and Enter): the focus goes to the place list, which a
    screen reader reads with the place now chosen; it stayed in the emptied search box, saying nothing."""
    page = desktop
    make_user("li", "reporter", scope="文峰区/北大街街道")
    browser_login(page, live_server, "li")
    page.goto(f"{live_server}/events/{event.id}/reports/new/activity")
    page.focus("input.area-search")
    page.keyboard.type("xzlx")
    expect(page.locator(".area-results button[data-id]").first).to_be_visible()
    page.keyboard.press("Enter")
    chosen = "document.activeElement.id + ' ' + document.activeElement.selectedOptions[0].textContent"
    assert page.evaluate(chosen) == "area_id 北大街街道 › 西钟楼巷"

    page.focus("input.area-search")
    page.keyboard.type("zdl")
    expect(page.locator(".area-results button[data-id]").first).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate(chosen).startswith("area_id 北大街街道 › 彰德路")


def test_a_failed_login_is_announced_and_the_password_takes_the_focus(desktop, live_server, make_user):
    """A wrong password: the page said 登录失败 in a status that is not read on load, the focus at the top;
    now the message is an alert and the password field (the name is kept) takes the focus, to type again."""
    page = desktop
    make_user("li", "reporter")
    page.goto(f"{live_server}/login")
    page.focus("#username")
    page.keyboard.type("li")
    page.keyboard.press("Tab")
    page.keyboard.type("not the password")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".flash-error")).to_have_attribute("role", "alert")
    expect(page.locator("#password")).to_be_focused()
    expect(page.locator("#username")).to_have_value("li")


def test_a_disinfection_without_figures_focuses_its_counts(phone, live_server, seeded, event, make_user):
    """On a phone, a disinfection saved with no figure at all: the server's refusal (give person-times or at least
    one count) stands over the site counts, and the focus went nowhere (the document's body), the keyboard closed
    and nothing said where to type. The first count takes it now, described by that message, as the phone's own
    check marks a count it refuses."""
    make_user("li", "reporter", scope="文峰区/北大街街道")
    browser_login(phone, live_server, "li")
    phone.goto(f"{live_server}/events/{event.id}/reports/new/disinfection")
    phone.select_option("select[name=area_id]", label="北大街街道 › 西钟楼巷")
    phone.fill("input[name=observed_at-day]", "2021-07-27")
    phone.fill("input[name=observed_at-time]", "16:30")
    with phone.expect_navigation():
        phone.tap("main form button[type=submit].primary")
    expect(phone.locator(".flash-error")).to_contain_text("未保存")
    screenshot(phone, "reports-disinfection-no-figures-focus")
    focused = phone.evaluate(FOCUSED)
    assert focused == {"name": "count_street", "invalid": "true", "described": "请填写出动人次，或至少一个类别的数量"}
