"""On a 360 px phone the way back from a report (its crumbs: the event › 报告) is a thumb's target, not a
two-character link 29 px wide: a worker who opened a report from the list goes back with one tap."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Report
from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser


def test_a_reports_crumbs_are_thumb_sized(phone, live_server, seeded, session, make_user):
    make_user("v", "viewer")
    report_id = session.scalar(sa.select(sa.func.min(Report.id)))
    browser_login(phone, live_server, "v")
    phone.goto(f"{live_server}/reports/{report_id}")
    screenshot(phone, "reports-crumbs-phone")
    crumbs = phone.locator("nav.crumbs a")
    assert crumbs.count() == 2
    for i in range(crumbs.count()):
        box = crumbs.nth(i).bounding_box()
        assert box is not None and box["height"] >= 40 and box["width"] >= 40, (crumbs.nth(i).inner_text(), box)
    with phone.expect_navigation():
        crumbs.nth(1).tap()
    assert "/reports" in phone.url and phone.locator(f"#report-{report_id}").count() == 1


def test_the_kind_choosers_and_home_pages_links_are_thumb_sized(phone, live_server, seeded, session, make_user):
    # Found by a newcomer: 其他事件 (64x24), 本事件的全部报告 (128x24) and the home page's event titles (26 px tall).
    from incidents.models import Event

    make_user("r", "reporter")
    event_id = session.scalar(sa.select(sa.func.min(Event.id)))
    browser_login(phone, live_server, "r")
    phone.goto(f"{live_server}/")
    titles = phone.locator(".card.event h2 a")
    assert titles.count() >= 1
    for i in range(titles.count()):
        box = titles.nth(i).bounding_box()
        assert box is not None and box["height"] >= 40, (titles.nth(i).inner_text(), box)
    phone.goto(f"{live_server}/events/{event_id}/reports/new")
    for link in (phone.get_by_role("link", name="其他事件"), phone.get_by_role("link", name="本事件的全部报告")):
        box = link.bounding_box()
        assert box is not None and box["height"] >= 40, (link.inner_text(), box)


def test_a_report_cards_place_and_summary_are_apart(phone, live_server, seeded, session, make_user):
    # Found by a newcomer: the place (full width, 24 px tall) sat right on top of the summary link, so a tap
    # meant for the report opened the place's page.
    from incidents.models import Event

    make_user("c", "coordinator")
    event_id = session.scalar(sa.select(sa.func.min(Event.id)))
    browser_login(phone, live_server, "c")
    phone.goto(f"{live_server}/events/{event_id}/reports")
    card = phone.locator("li.report").first
    where, what, rid = (card.locator(sel).bounding_box() for sel in ("a.where", "a.what", "a.rid"))
    assert what["y"] >= where["y"] + where["height"]  # the summary starts where the place ends
    card_box = card.bounding_box()
    assert where["height"] >= 40 and rid["height"] >= 40 and rid["width"] >= 40, (where, rid)
    assert where["width"] < card_box["width"] * 0.8, (where, card_box)  # its name wide, not the card's
    screenshot(phone, "report-card-phone")


def test_an_area_and_an_events_edit_links_are_thumb_sized(phone, live_server, seeded, session, make_user):
    # Found by a newcomer administrator: 编辑地点, ＋在此下新建地点, 导入地点 and 编辑事件 were 24 px tall text links.
    from incidents.models import Area, Event

    make_user("c", "coordinator")
    browser_login(phone, live_server, "c")
    area_id = session.scalar(sa.select(Area.id).where(Area.parent_id.is_(None)))
    event_id = session.scalar(sa.select(sa.func.min(Event.id)))
    pages = ((f"/areas/{area_id}", ("编辑地点", "＋ 在此下新建地点", "导入地点")),
             (f"/events/{event_id}", ("编辑事件",)))
    for path, names in pages:
        phone.goto(f"{live_server}{path}")
        for name in names:
            box = phone.get_by_role("link", name=name, exact=True).bounding_box()
            assert box is not None and box["height"] >= 40, (name, box)


def test_a_report_cards_summary_the_link_that_opens_it_is_a_thumb_tall(phone, live_server, seeded, session,
                                                                       make_user):
    # Found by a newcomer on the event page: each card's summary (自12月3日 01:43起停电，1栋，5户), the one tap
    # that opens the report, was a 24 px line under the 40 px place link.
    from incidents.models import Event

    make_user("c", "coordinator")
    browser_login(phone, live_server, "c")
    event_id = session.scalar(sa.select(sa.func.min(Event.id)))
    for path in (f"/events/{event_id}", f"/events/{event_id}/reports"):
        phone.goto(f"{live_server}{path}")
        heights = [b["height"] for b in (a.bounding_box() for a in phone.locator("li.report a.what").all()) if b]
        assert heights and min(heights) >= 44, (path, heights)
    screenshot(phone, "report-card-summary-phone")


def test_an_updates_link_to_its_outage_is_a_thumb_wide(phone, live_server, seeded, session, make_user):
    # Found by a newcomer: an update's 停电事件 was "#24", a 28 px wide target for the way to the outage.
    make_user("v", "viewer")
    browser_login(phone, live_server, "v")
    update_id = session.scalar(sa.select(sa.func.min(Report.id)).where(Report.kind == "outage_update"))
    phone.goto(f"{live_server}/reports/{update_id}")
    box = phone.locator("dl.fields a.tap[href^='/reports/']").first.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44, box
