"""Two forms where a part sat flush against the one above it, found at 360 px (and 1280 px):

- the import pages: 检查文件 touched the hint above it (the formats of times, quantities and places), 0 px apart,
  where the page's other parts stand apart;
- a recipient's form: the 接收内容 heading of the three choices sat on the 语言 box, 0 px apart, where every other
  field's name stands .6rem below the field before it (the legend's margin does nothing in a fieldset).
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Event
from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser

GAP = "([upper, lower]) => lower.getBoundingClientRect().top - upper.getBoundingClientRect().bottom"


def _gap(page, upper: str, lower: str) -> float:  # noqa: ANN001
    return page.evaluate(f"(sel => ({GAP})(sel.map(s => document.querySelector(s))))", [upper, lower])


@pytest.mark.parametrize("width_fixture", ["phone", "desktop"])
def test_the_check_button_and_the_receives_heading_stand_apart(request, width_fixture, live_server, seeded,
                                                               make_user, session):
    page = request.getfixturevalue(width_fixture)
    event_id = session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    make_user("coord1", "coordinator")
    browser_login(page, live_server, "coord1")
    page.goto(f"{live_server}/events/{event_id}/import")
    screenshot(page, f"import-form-gap-{width_fixture}")
    label_gap = _gap(page, "#kind", "label[for=file]")  # a field's name below the field before it
    assert label_gap >= 8
    assert _gap(page, ".import-form .hint", ".import-form .hint + button") >= 8
    page.goto(f"{live_server}/events/{event_id}/recipients")
    screenshot(page, f"recipient-form-gap-{width_fixture}")
    assert _gap(page, "select#lang", "fieldset.receives legend") >= label_gap - 1
