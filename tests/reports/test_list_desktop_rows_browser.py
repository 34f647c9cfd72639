"""A command desk reads the report list at 1280 px: each report two rows (number, time, kind and place on the left,
what was seen and who said it beside them, the coordinator's buttons at the right), where the phone's stacked card
stood full width — four reports a screen. On a phone the card stays stacked."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Event
from tests.conftest import browser_login

pytestmark = pytest.mark.browser

BOXES = """() => { const li = document.querySelector('#reports li.report');
  const box = s => { const r = li.querySelector(s).getBoundingClientRect();
                     return [r.left, r.top, r.right, r.bottom]; };
  return {head: box('.row-head'), where: box('.where'), what: box('.what'), by: box('.by'),
          actions: li.querySelector('.row-actions') ? box('.row-actions') : null,
          height: li.getBoundingClientRect().height}; }"""


def _list(page, live_server: str, database) -> dict:  # noqa: ANN001
    browser_login(page, live_server, "coord1")
    with database.read_session() as s:
        event_id = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    page.goto(f"{live_server}/events/{event_id}/reports")
    return page.evaluate(BOXES)


def test_on_a_desktop_a_report_is_two_rows_beside_each_other(desktop, live_server, seeded, make_user, database):
    make_user("coord1", "coordinator")
    b = _list(desktop, live_server, database)
    # What was seen starts beside the report's number, right of the left column, not under the place.
    assert b["what"][0] >= b["head"][2] - 1 and b["what"][1] < b["where"][1], b
    assert b["by"][1] >= b["what"][3] - 1 and b["by"][0] == b["what"][0], b
    assert b["actions"] is not None and b["actions"][0] >= b["what"][2], b  # 核实 / 退回 at the right
    assert b["height"] < 150, b  # ~180 px as a stacked card
    assert desktop.evaluate("document.documentElement.scrollWidth") <= 1280


def test_on_a_phone_a_report_stays_a_stacked_card(phone, live_server, seeded, make_user, database):
    make_user("coord1", "coordinator")
    b = _list(phone, live_server, database)
    assert b["where"][1] >= b["head"][3] - 1 and b["what"][1] >= b["where"][3] - 1, b
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
