"""The recipient form's 接收内容 reads as a heading of its choices like every other field's label (bold, flush
left): it sat indented in plain weight, as a stray line between 语言 and the boxes."""

from __future__ import annotations

import pytest

from tests.conftest import browser_login

pytestmark = pytest.mark.browser


def test_the_receives_legend_looks_like_the_other_labels(phone, live_server, make_user, rainstorm):
    make_user("coord", "coordinator")
    browser_login(phone, live_server, "coord")
    phone.goto(f"{live_server}/events/{rainstorm.id}/recipients")
    style = "e => [getComputedStyle(e).fontWeight, Math.round(e.getBoundingClientRect().left)]"
    legend = phone.locator("fieldset.receives legend").evaluate(style)
    label = phone.locator("label[for=name]").evaluate(style)
    assert legend == label, (legend, label)
