"""The page, the print page and the PDF of a brief with outages back and no count given (恢复供电户数 本日 未报),
and of one whose drain grates were all retracted since the previous brief (下水道箅子— / 0个 in the row and 合计)."""

from __future__ import annotations

import subprocess

import pytest
import sqlalchemy as sa

from incidents.briefs import formats
from incidents.models import Brief
from tests.conftest import ARTIFACTS, browser_login, screenshot

from .conftest import content, day_of, grates_retracted, local, make_builder, out_and_back

pytestmark = pytest.mark.browser


def _brief_id(database, event_id: int, day: str) -> int:
    with database.read_session() as s:
        return s.scalar(sa.select(Brief.id).where(Brief.event_id == event_id, Brief.day == day_of(day)))


def _cells(page, selector: str, first: str) -> list[str]:
    rows = page.eval_on_selector_all(f"{selector} tr", "rs => rs.map(r => [...r.cells].map(c => c.innerText.trim()))")
    return next(r for r in rows if r and r[0].startswith(first))


def _pdf(content, name: str) -> None:
    """The PDF as the server makes it, its first page as an image to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(formats.as_pdf(content, "zh"))
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(path), str(ARTIFACTS / name)], check=True)


def test_the_pages_print_and_pdf_say_it(live_server, phone, desktop, make_user, database):
    # Day 1: 甲小区 out at 10:00 with no count, all back at 15:00.
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    out_and_back(b, "site-a")
    # Day 1: 乙小区 disinfects 6 streets and 120 drain grates; day 2: 甲小区 4 streets, the day-1 round retracted.
    grates_retracted(database, b)
    back, fallen = _brief_id(database, b.event_id, "2021-07-01"), _brief_id(database, b.event_id, "2021-07-02")
    make_user("viewer1", "viewer")
    for page, width in ((phone, 360), (desktop, 1280)):
        browser_login(page, live_server, "viewer1")
        page.goto(f"{live_server}/briefs/{back}")
        assert _cells(page, ".brief-figures", "恢复供电户数")[2] == "未报"
        screenshot(page, f"brief-back-unreported-{width}")
        page.goto(f"{live_server}/briefs/{fallen}")
        assert "下水道箅子— / 0个" in _cells(page, ".brief-subs", "乙街道")[4]
        assert "下水道箅子— / 0个" in _cells(page, ".brief-subs", "合计")[4]
        assert _cells(page, ".brief-figures", "下水道箅子")[2:5] == ["—", "0", "120"]
        screenshot(page, f"brief-category-fallen-{width}")
    desktop.emulate_media(media="print")
    for brief_id, name in ((back, "back-unreported"), (fallen, "category-fallen")):
        desktop.goto(f"{live_server}/briefs/{brief_id}/print")
        screenshot(desktop, f"brief-{name}-print")
    _pdf(content(database, b.event_id, day_of("2021-07-01")), "brief-back-unreported-pdf")
    _pdf(content(database, b.event_id, day_of("2021-07-02")), "brief-category-fallen-pdf")
