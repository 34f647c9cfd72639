"""Forty outages open in one community read as one item of 三、待办与风险 on a phone, a desk and the PDF."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import sqlalchemy as sa

from incidents.areas.services import create_area
from incidents.briefs import formats, services
from incidents.models import Area, Brief
from tests.conftest import ARTIFACTS, browser_login, screenshot

from .conftest import content, day_of, local, make_builder

pytestmark = pytest.mark.browser


def _forty(database):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    with database.transaction() as s:
        community = create_area(s, name="东风社区", name_en="Dongfeng Community", level="community",
                                parent=s.get(Area, b.areas["a"]), households=5000)
        for i in range(1, 41):
            b.areas[f"楼{i}"] = create_area(s, name=f"东风{i}号楼", level="site", parent=community, households=80).id
    for i in range(1, 41):
        etr = local("2021-07-01 18:00") if i % 8 == 0 else local("2021-07-02 12:00") if i % 5 else None
        b.report("outage", f"楼{i}", local("2021-07-01 10:00"), started_at=local("2021-07-01 09:00"),
                 households_affected=30 + i, **({"etr_at": etr} if etr else {}))
    b.report("outage", "site-b", local("2021-07-01 08:10"), started_at=local("2021-07-01 08:00"),
             households_affected=120, etr_at=local("2021-07-02 10:00"))
    services.compile_once(database, b.event_id, day_of("2021-07-01"), now=local("2021-07-02 08:00"))
    return b


def test_forty_outages_in_one_community_are_one_item(phone, desktop, live_server, make_user, database):
    b = _forty(database)
    make_user("v", "viewer")
    with database.read_session() as s:
        brief_id = s.scalar(sa.select(Brief.id))
    for page, name in ((phone, "brief-outstanding-by-place-360"), (desktop, "brief-outstanding-by-place-1280")):
        browser_login(page, live_server, "v")
        page.goto(f"{live_server}/briefs/{brief_id}#brief-outstanding")
        items = page.locator("#brief-outstanding li").all_inner_texts()
        assert len(items) == 2, items
        assert items[1].startswith("东风社区（甲街道）：仍停电40处，共2,020户"), items
        assert "已超时5处：东风8号楼（预计7月1日 18:00）" in items[1], items
        wide = page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
        assert not wide, name
        screenshot(page, name)
        ARTIFACTS.mkdir(exist_ok=True)  # the section alone, to look at beside the full page
        page.locator("#brief-outstanding").screenshot(path=str(ARTIFACTS / f"{name}-section.png"))
    data = formats.as_pdf(content(database, b.event_id, day_of("2021-07-01")), "zh")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "brief-outstanding-by-place.pdf").write_bytes(data)
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) not installed")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout
    flat = "".join(text.decode().split())
    assert "东风社区（甲街道）：仍停电40处，共2,020户" in flat, flat
