"""What a newcomer's crawl found unclear, said plainly: each page states what a reader would otherwise misread.

The home page names events that are over; the event page's list in order of arrival says when each
report arrived; an outage update shows what it said, not 未报 for what it left to its outage; a
timeline's "100% restored" says what it leaves out; a brief's row of district-level reports is not
called the whole district; English pages use the English team name.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.events.models import Event
from incidents.reports.models import OutageUpdate
from tests.conftest import switch_language, unspanned


def _viewer(client, auth, make_user) -> None:  # noqa: ANN001
    make_user("reader", "viewer")
    auth.login("reader")


def test_home_names_events_that_are_over(client, auth, make_user, seeded):
    _viewer(client, auth, make_user)
    page = unspanned(client.get("/").get_data(as_text=True))
    assert page.count("已结束") >= 2 and "2021年7月22日至" in page


def test_event_page_says_when_each_latest_report_arrived(client, auth, make_user, seeded, database):
    _viewer(client, auth, make_user)
    with database.read_session() as s:
        event = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    # The text a person reads: each "·" opens its fact's span (templates/_links.then).
    page = re.sub(r"<[^>]+>", "", client.get(f"/events/{event}").get_data(as_text=True))
    assert "获知 · 发生于" in page  # when it reached the office, as the report list and its page say


def test_an_update_shows_what_it_said(client, auth, make_user, seeded, database):
    _viewer(client, auth, make_user)
    with database.read_session() as s:
        update = s.scalars(sa.select(OutageUpdate).where(OutageUpdate.households_affected.is_(None))).first()
        assert update is not None
        update_id, restored = update.id, update.fully_restored
    page = unspanned(client.get(f"/reports/{update_id}").get_data(as_text=True))
    assert "停电户数" not in page  # affected left to the outage: no row of 未报 for it
    if restored:
        assert "完全恢复" in page or "全部恢复" in page


def test_timeline_says_what_its_restored_share_leaves_out(client, auth, make_user, seeded, database):
    _viewer(client, auth, make_user)
    with database.read_session() as s:
        event = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    page = unspanned(client.get(f"/events/{event}/timeline").get_data(as_text=True))
    assert "另有1处规模未报，未计入" in page  # 文峰汇·十二府 is open and of unknown size, said as the brief says it


def test_english_pages_use_the_english_team_name(client, auth, make_user, seeded, database):
    _viewer(client, auth, make_user)
    switch_language(client, "en")
    with database.read_session() as s:
        event = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
        area = s.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    pages = client.get(f"/events/{event}/reports?kind=pumping").get_data(as_text=True)
    pages += client.get(f"/areas/{area}").get_data(as_text=True)
    assert "Pumping: 河北省" not in pages and "Pumping: " in pages


def test_an_error_page_in_chinese_has_no_english_heading(client, auth, make_user):
    _viewer(client, auth, make_user)
    missing = client.get("/reports/999999")
    page = missing.get_data(as_text=True)
    assert missing.status_code == 404 and "页面不存在。" in page and "Not Found" not in page
    switch_language(client, "en")
    assert "404 · Not Found" in client.get("/reports/999999").get_data(as_text=True)


def test_a_button_pressed_after_the_login_ended_says_to_log_in_again(client, auth, make_user, seeded):
    """A coordinator whose login had ended (logged out in another tab, or after a week) pressed 退回 on a
    report and read only "400 请求无法识别。": the page now says the login ended and nothing was saved."""
    from tests.conftest import csrf_from

    make_user("coord", "coordinator")
    auth.login("coord")
    token = csrf_from(client.get("/").get_data(as_text=True))
    with client.session_transaction() as session:
        session.clear()
    page = client.post("/reports/1/status", data={"csrf_token": token, "action": "return", "reason": "核实"})
    text = page.get_data(as_text=True)
    assert page.status_code == 400 and "请求无法识别" not in text
    assert "登录已失效" in text and "未保存" in text

    auth.login("coord")
    page = client.post("/reports/1/status", data={"csrf_token": "stale", "action": "return", "reason": "核实"})
    text = page.get_data(as_text=True)
    assert page.status_code == 400 and "页面已过期" in text and "未保存" in text


def test_a_post_only_address_opened_in_the_browser_says_so_in_chinese(client, auth, make_user, seeded):
    """Opening /briefs/1/publish (a bookmark, history) showed werkzeug's English "The method is not allowed"."""
    make_user("coord", "coordinator")
    auth.login("coord")
    page = client.get("/briefs/1/publish")
    text = page.get_data(as_text=True)
    assert page.status_code == 405 and "The method is not allowed" not in text and "不能直接打开" in text


def test_one_of_a_thing_reads_in_the_singular_in_english(client, auth, make_user, seeded, database):
    """Outage since 3 Dec 01:43, 1 buildings, 5 households: one building, one household, one pump."""
    from incidents.auth.models import User
    from incidents.formatting import fmt_quantity
    from incidents.reports.services import create_report

    assert fmt_quantity(1, unit="buildings", locale="en") == "1 building"
    assert fmt_quantity(1, True, unit="buildings", locale="en") == "1+ buildings"  # more than one
    assert fmt_quantity(2, unit="households", locale="en") == "2 households"
    assert fmt_quantity(1, unit="栋", locale="zh") == "1栋"
    _viewer(client, auth, make_user)
    with database.transaction() as s:
        event = s.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
        area = s.scalar(sa.select(Area).where(Area.name == "西钟楼巷"))
        reporter = s.scalar(sa.select(User.id).where(User.username == "reader"))
        report = create_report(s, "outage", {"event_id": event.id, "area_id": area.id,
                                             "started_at": event.starts_at, "started_precision": "exact",
                                             "buildings_affected": 1, "households_affected": 1}, reporter)
        report_id = report.id
    switch_language(client, "en")
    page = unspanned(client.get(f"/reports/{report_id}").get_data(as_text=True))
    assert "1 building," in page and "1 household" in page and "1 buildings" not in page


def test_an_updates_page_offers_the_next_update(client, auth, make_user, seeded, database):
    """A worker who logged 恢复80户 and came back for the rest found only 更正 and 撤回 on that update's page."""
    make_user("field1", "reporter")
    auth.login("field1")
    with database.read_session() as s:
        update = s.scalar(sa.select(OutageUpdate).order_by(OutageUpdate.id))
        update_id, outage_id, event_id = update.id, update.outage_id, update.event_id
    page = client.get(f"/reports/{update_id}").get_data(as_text=True)
    assert f'href="/events/{event_id}/reports/new/outage_update?outage={outage_id}"' in page
    assert "填报进展或恢复供电" in page
    from incidents.reports.models import PumpingVolume

    with database.read_session() as s:
        volume = s.scalar(sa.select(PumpingVolume).order_by(PumpingVolume.id))
        volume_id, operation_id = volume.id, volume.operation_id
    page = client.get(f"/reports/{volume_id}").get_data(as_text=True)
    assert f'href="/events/{event_id}/reports/new/pumping_volume?operation={operation_id}"' in page
