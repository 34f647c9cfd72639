"""The web shell in Chromium at phone and desktop widths (screenshots land in artifacts/)."""

import pytest
import sqlalchemy as sa

from incidents.models import Event
from tests.conftest import browser_login, browser_login_form, screenshot, words_cut

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width_fixture", ["phone", "desktop"])
def test_home_and_event_page_render(request, width_fixture, live_server, seeded, make_user, session):
    page = request.getfixturevalue(width_fixture)
    make_user("viewer1", "viewer")
    browser_login_form(page, live_server, "viewer1")
    assert "2021年7月特大暴雨" in page.content()
    screenshot(page, f"home-{width_fixture}")
    if width_fixture == "desktop":
        # Each headline figure on one line: "100余人次" broke as "100余人" over "次" in a five-column row.
        lines = page.evaluate("""[...document.querySelectorAll('.figures dd:first-of-type')].map(dd => {
            const range = document.createRange(); range.selectNodeContents(dd);
            return [dd.textContent.trim(), new Set([...range.getClientRects()].map(r => Math.round(r.top))).size];
        })""")
        assert lines and all(n == 1 for _text, n in lines), [x for x in lines if x[1] != 1]
        # A figure's name whole: in a card's fifth of a row 未恢复停电处数 broke as 未恢复停电处 over 数.
        assert page.locator(".figures dt").count() >= 5
        assert words_cut(page, ".figures dt") == []
    # One column at 360 px: no horizontal scrolling of the page itself.
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    event = session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
    page.goto(f"{live_server}/events/{event.id}")
    assert page.locator("h1").inner_text() == "2021年7月特大暴雨"
    screenshot(page, f"event-{width_fixture}")
    # The first Tab shows a link past the header's links; Enter puts the focus on the page's content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").inner_text() == "跳到正文" and page.locator(".skip-link").is_visible()
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


@pytest.mark.parametrize("width", [360, 320])
def test_every_menu_item_of_a_coordinator_is_on_a_phone_screen(browser, width, live_server, seeded, make_user,
                                                                session):
    """The coordinator's menu is the longest: 退出 and English once sat past the right edge of a row
    that scrolled sideways. Every link and button of the menu lies within the screen, none scrolls."""
    context = browser.new_context(viewport={"width": width, "height": 780}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    try:
        make_user("coord1", "coordinator")
        browser_login(page, live_server, "coord1")
        event = session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
        page.goto(f"{live_server}/events/{event.id}")
        items = page.locator(".topnav a, .topnav button")
        labels = items.all_inner_texts()
        assert "退出" in labels and "English" in labels and len(labels) >= 5, labels
        for i in range(items.count()):
            box = items.nth(i).bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (labels[i], box)
            assert box["height"] >= 44 and box["width"] >= 44, (labels[i], box)  # a thumb's target both ways
        # Nothing scrolls sideways: neither the menu nor the page.
        assert page.evaluate("(n => n.scrollWidth <= n.clientWidth)(document.querySelector('.topnav'))")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(page, f"menu-coordinator-{width}")
    finally:
        context.close()
