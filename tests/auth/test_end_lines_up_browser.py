"""On the account page a device's short "End" (结束) stands under "Log out" (退出), their words' left edges one
column: before, each button centred its words in its 44 px box, so 结束 and End sat pixels off 退出."""

from __future__ import annotations

import pytest

from tests.conftest import browser_language, browser_login, screenshot

pytestmark = pytest.mark.browser

WORDS_LEFT = """e => { const r = document.createRange(); r.selectNodeContents(e);
                       return r.getBoundingClientRect().left; }"""


@pytest.mark.parametrize("screen, lang", [("phone", "zh"), ("phone", "en"), ("desktop", "zh"), ("desktop", "en")])
def test_end_lines_up_under_log_out(request, live_server, make_user, auth, screen, lang):
    page = request.getfixturevalue(screen)
    make_user("li", "reporter")
    auth.login("li")  # another device, signed in first
    browser_login(page, live_server, "li")
    if lang == "en":
        browser_language(page, live_server, "en", "/account")
    page.goto(f"{live_server}/account")
    buttons = page.locator("ul.sign-ins button")
    buttons.first.scroll_into_view_if_needed()
    screenshot(page, f"account-end-under-log-out-{screen}-{lang}")
    words = [buttons.nth(n).inner_text() for n in range(buttons.count())]
    assert sorted(words) == (["结束", "退出"] if lang == "zh" else ["End", "Log out"])
    lefts = [buttons.nth(n).evaluate(WORDS_LEFT) for n in range(buttons.count())]
    assert abs(lefts[0] - lefts[1]) < 1, dict(zip(words, lefts, strict=True))
