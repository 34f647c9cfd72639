"""The brief's print page on a phone: each table's cards whole on the screen, as on the brief's own page.

Found opening 打印（A4） on a 360 px phone: 主要数据 and 分街道 as cards ran 25 px past their frame, their right
border and the end of long notes behind a sideways scroll. The print page has no app.css, and without its
border-box each card was its width plus its padding and border.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Brief
from tests import seedcopy
from tests.conftest import browser_login, screenshot

from .conftest import local

pytestmark = pytest.mark.browser


def test_the_print_pages_cards_fit_a_phone(live_server, phone, make_user, database, rainstorm):
    seedcopy.compiled(database, rainstorm.id, local("2021-07-31 09:00"), 30)
    with database.read_session() as s:
        brief_id = s.scalar(sa.select(Brief.id).where(Brief.event_id == rainstorm.id).order_by(Brief.day).limit(1))
    make_user("viewer1", "viewer")
    browser_login(phone, live_server, "viewer1")
    for url in (f"/briefs/{brief_id}/print", f"/briefs/{brief_id}"):
        phone.goto(live_server + url)
        screenshot(phone, "brief-print-phone" if "print" in url else "brief-show-phone")
        sizes = phone.eval_on_selector_all(
            ".brief .table-wrap",
            "ws => ws.map(w => [w.querySelector('table').className, w.scrollWidth, w.clientWidth])")
        assert len(sizes) >= 2
        assert all(scroll <= client for _, scroll, client in sizes), (url, sizes)
