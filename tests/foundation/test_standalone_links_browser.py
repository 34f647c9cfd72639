"""A link standing alone as the next step (Cancel, Back to the events, Full history, Recipients, a
template to download...) is a thumb's target on a 360 px phone: 44 px tall, as the menu and crumbs are.
They were 24 px (32 px for the timeline's downloads), the height of a line of small text."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from incidents.models import Area, Brief, Event, PowerOutage, User
from tests import seedcopy
from tests.conftest import browser_login

pytestmark = pytest.mark.browser


def _ids(session, database) -> dict[str, int]:
    event = session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
    seedcopy.compiled(database, event.id, datetime(2021, 7, 25, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")), 30)
    with database.read_session() as s:
        brief = s.scalar(sa.select(Brief.id).where(Brief.event_id == event.id).limit(1))
    return {"event": event.id,
            "brief": brief,
            "outage": session.scalar(sa.select(PowerOutage.id).where(PowerOutage.event_id == event.id).limit(1)),
            "area": session.scalar(sa.select(Area.id).where(Area.name == "北大街街道")),
            "user": session.scalar(sa.select(User.id).where(User.username == "coord1"))}


# (role, page, the links' texts on it)
PAGES = [
    ("coordinator", "/", ["＋ 新建事件"]),
    ("coordinator", "/events/{event}", ["接收人", "发送记录"]),
    ("coordinator", "/events/{event}/edit", ["取消"]),
    ("coordinator", "/events/{event}/reports", ["清除"]),
    ("coordinator", "/events/{event}/timeline", ["时间线 CSV", "该时刻的地点状态图"]),
    ("coordinator", "/events/{event}/import", ["XLSX 中文", "CSV English"]),
    ("coordinator", "/briefs/{brief}", ["修改记录", "谁收到了这份日报", "接收人"]),
    ("coordinator", "/reports/{outage}", ["完整修改记录"]),
    ("coordinator", "/reports/{outage}/edit", ["取消"]),
    ("coordinator", "/areas/{area}/edit", ["取消"]),
    ("coordinator", "/account", ["API 参考"]),
    ("viewer", "/events/new", ["返回事件列表"]),  # the 403 page: its one way on
    ("admin", "/admin/users/{user}", ["此账号的修改记录"]),
]


@pytest.mark.parametrize("role", ["coordinator", "viewer", "admin"])
def test_standalone_links_are_a_thumb_tall_on_a_phone(phone, live_server, seeded, make_user, session, database,
                                                       role):
    make_user("coord1", "coordinator")
    make_user("viewer1", "viewer")
    make_user("admin1", "admin")
    ids = _ids(session, database)
    browser_login(phone, live_server, {"coordinator": "coord1", "viewer": "viewer1", "admin": "admin1"}[role])
    short = []
    for page_role, url, texts in PAGES:
        if page_role != role:
            continue
        phone.goto(live_server + url.format(**ids))
        for text in texts:
            link = phone.locator("main a", has_text=text).first
            box = link.bounding_box()
            assert box is not None, (url, text)
            if box["height"] < 44:
                short.append((url, text, round(box["height"])))
    assert not short, short


@pytest.mark.parametrize("page", ["/events/{event}", "/events/{event}/map"])
def test_subdistrict_links_in_tables_are_a_thumb_tall(phone, live_server, seeded, make_user, session, database, page):
    """A subdistrict's row links to its place: 22 px tall in rows 36 px apart, one tap opened the next one."""
    make_user("viewer1", "viewer")
    browser_login(phone, live_server, "viewer1")
    phone.goto(live_server + page.format(**_ids(session, database)))
    heights = phone.evaluate("""[...document.querySelectorAll('main table a')].filter(a => a.offsetParent)
        .map(a => [a.textContent.trim(), a.getBoundingClientRect().height])""")
    assert len(heights) >= 5, heights
    assert not [(text, round(h)) for text, h in heights if h < 44]
