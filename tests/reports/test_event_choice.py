"""A new report's event choice: with one event running 新报告 opens it, nothing to choose; asked (其他事件) or with
more running, running events first, ended ones tagged 已结束 with their end date; an ended event is never chosen
silently while another runs, and its kind page warns before anything is typed."""

from __future__ import annotations

import re

import sqlalchemy as sa

from incidents.auth.models import User
from tests.conftest import unspanned


def choices(html: str) -> list[tuple[str, str]]:
    """(event id, the button's text without tags) of each event offered, in order."""
    found = re.findall(r'<a class="kind-button[^"]*" href="/events/(\d+)/reports/new">(.*?)</a>', html, re.S)
    return [(i, re.sub(r"<[^>]+>", "", text)) for i, text in found]


def second_running(database) -> int:
    """Another event running over the seeded district, begun a day ago: its id."""
    from datetime import timedelta

    from incidents import demo
    from incidents.db import now_utc
    from incidents.events.services import create_event

    with database.transaction() as s:
        return create_event(s, code="live-typhoon", name="在途台风", kind="typhoon",
                            starts_at=now_utc() - timedelta(days=1), timezone="Asia/Shanghai",
                            area_id=demo._area_by_path(s, "文峰区").id).id


def test_with_one_event_running_new_report_opens_it_without_a_choice(client, auth, make_user, live, event, database):
    """The demo's 新报告 asked a field worker 为哪个事件填报？ with one event running and two ended beside it: a tap
    and a read on a phone for nothing to decide. The one running event opens at once, for a first report and after
    one of an ended event alike; its kind page keeps 其他事件 for a late report."""
    make_user("li", "reporter")
    auth.login("li")
    response = client.get("/reports/new")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/events/{live.id}/reports/new")
    assert 'href="/reports/new?choose=1"' in client.get(response.headers["Location"]).get_data(as_text=True)
    with database.transaction() as s:
        s.execute(sa.update(User).where(User.username == "li").values(last_event_id=event.id))
    response = client.get("/reports/new")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/events/{live.id}/reports/new")
    # Two running: the worker chooses, as before.
    second_running(database)
    assert client.get("/reports/new").status_code == 200


def test_running_events_come_first_and_ended_ones_say_so_with_their_end(client, auth, make_user, live, event):
    make_user("li", "reporter")
    auth.login("li")
    page = unspanned(client.get("/reports/new?choose=1").get_data(as_text=True))
    offered = choices(page)
    assert offered[0][0] == str(live.id) and "已结束" not in offered[0][1]
    ended = dict(offered[1:])
    assert str(event.id) in ended and "已结束" in ended[str(event.id)] and "7月31日结束" in ended[str(event.id)]
    assert len(offered) == 3 and all("已结束" in text for text in ended.values())


def test_an_ended_last_event_is_not_chosen_silently_while_another_runs(client, auth, make_user, live, event,
                                                                       database):
    second_running(database)  # two running: the worker is asked which (with one, it opens: the test above)
    make_user("li", "reporter")
    with database.transaction() as s:
        s.execute(sa.update(User).where(User.username == "li").values(last_event_id=event.id))
    auth.login("li")
    response = client.get("/reports/new")
    assert response.status_code == 200
    page = unspanned(response.get_data(as_text=True))
    assert "您上次填报的事件" in page and "已结束" in page
    # Chosen anyway (a late report), the kind page warns before any form is opened, and offers the running one.
    kinds = unspanned(client.get(f"/events/{event.id}/reports/new").get_data(as_text=True))
    assert "本事件已于2021年7月31日" in kinds and "不计入其时间线和日报" in kinds
    assert f'href="/events/{live.id}/reports/new"' in kinds
    # A running last event still opens straight away.
    with database.transaction() as s:
        s.execute(sa.update(User).where(User.username == "li").values(last_event_id=live.id))
    response = client.get("/reports/new")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/events/{live.id}/reports/new")
    assert "不计入" not in client.get(f"/events/{live.id}/reports/new").get_data(as_text=True)


def test_with_no_event_running_the_page_says_how_one_begins(client, auth, make_user, seeded):
    """Both demo events over, 填报 listed them under 已结束 and said 当前没有进行中的事件 and nothing more: a
    coordinator had to find 新建事件 on the home page, a reporter was left wondering where to report."""
    make_user("co", "coordinator")
    make_user("li", "reporter")
    auth.login("co")
    page = unspanned(client.get("/reports/new?choose=1").get_data(as_text=True))
    assert "当前没有进行中的事件" in page and 'href="/events/new">＋ 新建事件</a>' in page
    client.post("/logout", data={})
    auth.login("li")
    page = unspanned(client.get("/reports/new?choose=1").get_data(as_text=True))
    assert "/events/new" not in page and "新的暴雨或台风开始时，由区指挥部在此建立事件。" in page


def test_an_ended_events_way_to_the_running_one_is_a_thumbs_target(client, auth, make_user, live, event):
    """On an ended event's kind page, 改为为 X 填报（进行中） was a 19 px link inside the warning: the one tap a
    worker who picked the wrong event needs. It is a stand-alone tap target (a.tap, 44 px)."""
    make_user("li", "reporter")
    auth.login("li")
    kinds = unspanned(client.get(f"/events/{event.id}/reports/new").get_data(as_text=True))
    link = re.search(rf'<a ([^>]*)href="/events/{live.id}/reports/new"', kinds)
    assert link and 'class="tap"' in link.group(1), link
