"""Chinese pages put their asides in full-width brackets （…）, as a district office writes them: a half-width
"(" beside Chinese text (7月31日结束 (自7月22日起), 下载此列表 (已筛选):, 仍在停电 (1)) reads as a typing slip."""

from __future__ import annotations

import html as htmllib
import re

import sqlalchemy as sa

from incidents.models import Area, Event

# A half-width bracket or colon next to a Chinese character or a figure the page wrote in Chinese.
HALF_WIDTH = re.compile(r"[\u4e00-\u9fff\d]\s?\([^)]*[\u4e00-\u9fff]|[\u4e00-\u9fff]\)\s?[:：]?|\)\s?:")


def _text(page: str) -> str:
    """The page's visible text (scripts, styles and tags removed)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S)
    return htmllib.unescape(re.sub(r"<[^>]+>", "", page))


def test_chinese_pages_use_full_width_brackets(seeded, session, make_user, auth, client):
    make_user("v", "viewer")
    auth.login("v")
    event = session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
    compound = session.scalar(sa.select(Area.id).where(Area.name == "文峰汇·十二府"))
    pages = [f"/events/{event.id}", f"/events/{event.id}/reports?kind=pumping_volume",
             f"/events/{event.id}/reports?kind=disinfection", f"/events/{event.id}/timeline",
             f"/events/{event.id}/map", f"/areas/{compound}"]
    slips = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        found = [m.group(0) for m in HALF_WIDTH.finditer(_text(response.get_data(as_text=True)))]
        if found:
            slips[url] = found
    assert not slips, slips
