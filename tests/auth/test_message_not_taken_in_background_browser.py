"""In Chromium: a saved change's message is on the page that follows, though the service worker kept this user's
forms in between (another tab asking, as outbox.js does after a login or an hour).

The password change's answer (a redirect whose cookie carries 密码已修改) has come; the page it leads to waits while
the other tab has the worker keep the forms, then is asked with the cookies as they stand. The worker's fetches
(Sec-Fetch-Mode: cors) took the message before: the account page said nothing, the kept outbox page said it.
"""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, browser_login

pytestmark = pytest.mark.browser

WARM = """async (urls) => {
  const registration = await navigator.serviceWorker.ready;
  return await new Promise((done) => {
    const reply = new MessageChannel();
    reply.port1.onmessage = () => done(true);
    registration.active.postMessage({ type: "warm", urls: urls }, [reply.port2]);
  });
}"""
NEW_PASSWORD = "a brand new passphrase"


def test_the_forms_kept_between_a_password_change_and_its_page_leave_the_message_to_the_page(
        phone, live_server, seeded, live, make_user):
    page = phone
    make_user("li", "reporter", scope="文峰区/北大街街道")
    browser_login(page, live_server, "li")
    page.goto(f"{live_server}/outbox")
    page.wait_for_selector("html[data-offline-ready]", state="attached", timeout=20000)
    other = page.context.new_page()  # another tab of the same phone
    other.goto(f"{live_server}/outbox")
    warmed: list[bool] = []

    def held(route) -> None:  # noqa: ANN001
        # The change saved: its answer's cookie (the message) lands in the jar as it comes (route.fetch shares it).
        answer = route.fetch(max_redirects=0)
        assert answer.status == 302
        warmed.append(other.evaluate(WARM, [f"/events/{live.id}/reports/new/activity", "/outbox"]))
        # The browser then follows the redirect with the jar as it stands (the cookie taken already, not again).
        route.fulfill(status=302, headers={"Location": answer.headers["location"]})

    page.goto(f"{live_server}/account")
    page.route(f"{live_server}/account", lambda route: held(route) if route.request.method == "POST"
               else route.continue_())
    page.fill("input[name=current_password]", PASSWORD)
    page.fill("input[name=new_password]", NEW_PASSWORD)
    page.fill("input[name=confirm]", NEW_PASSWORD)
    with page.expect_navigation(url=f"{live_server}/account"):
        page.click("button[type=submit].primary")
    assert warmed == [True]
    assert "密码已修改" in page.content()
