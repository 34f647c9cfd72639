"""The recipient form's 接收内容 reads as a heading of its choices like every other field's label (bold, flush
left): it sat indented in plain weight, as a stray line between 语言 and the boxes. Editing a recipient, its hints'
two sentences meet as Chinese ones do, with no space after the 。 (…access_token）。 地址不带 key…), as the
deliveries' page's do (…注明原因。 邮件附…)."""

from __future__ import annotations

import pytest

from tests.conftest import browser_language, browser_login

pytestmark = pytest.mark.browser


def test_the_receives_legend_looks_like_the_other_labels(phone, live_server, make_user, rainstorm):
    make_user("coord", "coordinator")
    browser_login(phone, live_server, "coord")
    phone.goto(f"{live_server}/events/{rainstorm.id}/recipients")
    style = "e => [getComputedStyle(e).fontWeight, Math.round(e.getBoundingClientRect().left)]"
    legend = phone.locator("fieldset.receives legend").evaluate(style)
    label = phone.locator("label[for=name]").evaluate(style)
    assert legend == label, (legend, label)

    phone.fill("#name", "北大街街道办")
    phone.fill("#address", "bdj@example.com")
    with phone.expect_navigation():
        phone.click("#add button[type=submit]")
    with phone.expect_navigation():
        phone.click("a[href^='/recipients/'][href$='/edit']")
    hints = phone.locator("main .hint").all_inner_texts()
    assert any("保留已保存的" in h for h in hints), hints
    assert not any("。 " in h for h in hints), hints
    edit = phone.url.removeprefix(live_server)
    browser_language(phone, live_server, "en", then=edit)
    hints = phone.locator("main .hint").all_inner_texts()
    assert any("again in full. Leave empty to keep the stored one." in h for h in hints), hints
    browser_language(phone, live_server, "zh", then=edit)
    phone.goto(f"{live_server}/events/{rainstorm.id}/deliveries")
    said = phone.locator("main p.meta").first.inner_text()
    assert "邮件附" in said and "。 " not in said, said
