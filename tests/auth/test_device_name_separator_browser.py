"""The account page's devices on a 360 px phone: "HeadlessChrome 156 ·" stood over "Linux", and a sign-in's
"Signed in 6 Dec 20:26 · 127.0.0.1" may break so too. Each "·" keeps with the fact after it (templates/_links.html)."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, browser_language, browser_login, screenshot
from tests.foundation.test_separator_stays_with_next import LINE_ENDS_WITH_SEPARATOR

pytestmark = pytest.mark.browser

# The browser the page was found with: Debian's headless Chromium names itself so.
AGENT = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 "
         "Safari/537.36")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_devices_name_keeps_its_separator_with_the_system(browser, live_server, make_user, lang):
    context = browser.new_context(viewport={"width": 360, "height": 780}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="zh-CN", user_agent=AGENT)
    page = context.new_page()
    try:
        make_user("liu", "coordinator")
        browser_login(page, live_server, "liu", PASSWORD)
        browser_language(page, live_server, lang, "/account")
        names = page.locator("ul.sign-ins strong").all_inner_texts()
        loose = page.evaluate(LINE_ENDS_WITH_SEPARATOR)
        screenshot(page, f"auth-device-names-{lang}")
    finally:
        context.close()
    assert names and all("156" in n and "Linux" in n for n in names), names
    assert loose == []
