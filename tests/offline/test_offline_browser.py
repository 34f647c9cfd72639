"""In Chromium at 360 px with the network switched off and on (context.set_offline): reports logged offline
wait in the outbox, survive closing the page and are each stored once when the network returns (two tabs
open); a refused one shows the server's message on its field and is resent after correction; an answer lost
as the connection drops is replayed, not doubled; a lapsed session keeps the reports, asks for a login, and
never sends them under someone else's."""

from __future__ import annotations

import re
import threading
import time

import pytest
import sqlalchemy as sa
from flask import request
from playwright.sync_api import expect

from tests.conftest import browser_login, login_here, screenshot
from tests.offline.support import li_ready, log, ready, save, titles

pytestmark = pytest.mark.browser


def test_three_offline_reports_sent_once_and_a_refused_one_fixed(phone, live_server, seeded, event, make_user,
                                                                  database):
    page, context = phone, phone.context
    url = li_ready(page, live_server, event, make_user, database, users=("li", "wang"))
    before = titles(database)

    context.set_offline(True)
    for n in (1, 2, 3):
        log(page, url, f"离线巡查{n}")
        assert "/outbox" in page.url
        expect(page.locator("#outbox-list li[data-status=waiting]")).to_have_count(n)
    # A phone whose clock ran ahead: the phone cannot tell, the server refuses the time.
    log(page, url, "离线巡查4", day="2030-01-01")
    expect(page.locator("#outbox-bar .outbox-count")).to_have_text("4 份待发送")
    screenshot(page, "offline-outbox-waiting")
    # A page that needs the server says so, in both languages, instead of failing blank.
    page.goto(f"{live_server}/events/{event.id}/reports")
    expect(page.locator("h1")).to_have_text("离线 / Offline")
    screenshot(page, "offline-page")

    # Closed and opened again, still offline: nothing lost.
    page.close()
    page = context.new_page()
    page.goto(f"{live_server}/outbox")
    expect(page.locator("#outbox-list li[data-status=waiting]")).to_have_count(4)
    second = context.new_page()  # another tab open on the same phone when the network returns
    second.goto(f"{live_server}/events/{event.id}/reports/new")

    context.set_offline(False)
    expect(page.locator("#outbox-list li[data-status=sent]")).to_have_count(3, timeout=20000)
    expect(page.locator("#outbox-list li[data-status=refused]")).to_have_count(1)
    expect(page.locator("#outbox-bar .outbox-count")).to_have_count(0)
    assert titles(database) == sorted(before + ["离线巡查1", "离线巡查2", "离线巡查3"])
    sent = page.locator("#outbox-list li[data-status=sent]").first
    expect(sent.locator(".outbox-times dd")).to_have_count(3)  # observed, saved on the phone, received
    expect(sent.locator("a.outbox-report")).to_have_attribute("href", re.compile(r"^/reports/\d+$"))
    refused = page.locator("#outbox-list li[data-status=refused]")
    expect(refused.locator(".outbox-errors li[data-field=observed_at]")).to_contain_text("不能晚于当前时间")
    # The field and its message joined as Chinese is ("时间：…"), not with an ASCII colon ("时间: …").
    expect(refused.locator(".outbox-errors li[data-field=observed_at]")).to_contain_text("：不能晚于当前时间")
    screenshot(page, "offline-outbox-sent-and-refused")

    # Fix and send again: the form opens with what was typed and the server's message on the field.
    with page.expect_navigation():
        refused.locator("a.button").click()
    expect(page.locator("#observed_at p.error")).to_contain_text("不能晚于当前时间")
    assert page.input_value("input[name=title]") == "离线巡查4"
    screenshot(page, "offline-refused-fix")
    page.fill("input[name=observed_at-day]", "2021-07-27")
    save(page)
    assert "/reports/" in page.url and "报告已保存" in page.content()
    assert titles(database) == sorted(before + ["离线巡查1", "离线巡查2", "离线巡查3", "离线巡查4"])


def _wait_for(page, happened, what: str, seconds: float = 20) -> None:
    """Let Playwright run route handlers (page.wait_for_timeout) until happened() is true."""
    deadline = time.monotonic() + seconds
    while not happened():
        assert time.monotonic() < deadline, f"{what} did not happen in {seconds} s"
        page.wait_for_timeout(100)


def test_a_lost_answer_and_a_lapsed_session_still_store_each_report_once(phone, live_server, seeded, event,
                                                                         make_user, database):
    page, context = phone, phone.context
    make_user("li", "reporter", scope="文峰区/北大街街道")
    make_user("wang", "reporter", scope="文峰区/北大街街道")
    browser_login(page, live_server, "li")
    url = ready(page, live_server, event, database, ("li", "wang"))
    before = titles(database)
    context.set_offline(True)
    log(page, url, "断网重发1")
    log(page, url, "断网重发2")

    # The first report reaches the server, and the connection drops before its answer comes back.
    dropped: list[str] = []

    def drop_the_answer(route) -> None:  # noqa: ANN001
        if route.request.method == "POST" and not dropped:
            route.fetch()
            dropped.append(route.request.url)
            expect(page.locator("#outbox-list li[data-status=sending]")).to_have_count(1)
            screenshot(page, "offline-outbox-sending")
            context.set_offline(True)
            route.abort("internetdisconnected")
        else:
            route.continue_()

    context.route(re.compile(r".*/reports/new/activity$"), drop_the_answer)
    context.set_offline(False)
    # The bar still reads offline until the outbox notices the network: wait for the drop itself, not the bar.
    _wait_for(page, lambda: dropped, "the first report's POST")
    expect(page.locator("#outbox-bar .outbox-offline")).to_have_count(1, timeout=20000)
    expect(page.locator("#outbox-list li[data-status=waiting]")).to_have_count(2)
    assert titles(database) == sorted(before + ["断网重发1"])  # stored, though the phone never heard
    context.set_offline(False)
    expect(page.locator("#outbox-list li[data-status=sent]")).to_have_count(2, timeout=20000)
    assert titles(database) == sorted(before + ["断网重发1", "断网重发2"])  # the replay made no second one

    # Offline again; the session lapses before the network returns: the report waits and asks for a login.
    context.set_offline(True)
    log(page, url, "登录过期3")
    context.clear_cookies()
    context.set_offline(False)
    login = page.locator("#outbox-bar a.outbox-login")
    expect(login).to_have_text("请重新登录后发送", timeout=20000)
    expect(page.locator("#outbox-list li[data-status=waiting] .outbox-hold a")).to_have_count(1)
    screenshot(page, "offline-outbox-login")

    # Someone else logs in on this shared phone: the report stays, saying whose it is, and is not sent.
    with page.expect_navigation():
        login.click()
    login_here(page, "wang")
    assert page.url.endswith("/outbox")
    held = page.locator("#outbox-list li[data-status=waiting] .outbox-hold")
    expect(held).to_contain_text("由 li 保存", timeout=20000)
    # li's two sent reports are not listed to wang (their text is not kept for another login): waited for here, as
    # the outbox drops them after the page has loaded; leaving at once could interrupt it (once, loaded, 7 December).
    expect(page.locator("#outbox-list li[data-status=sent]")).to_have_count(0, timeout=20000)
    screenshot(page, "offline-outbox-other-user")
    assert "登录过期3" not in titles(database)

    # Its author logs in again: it is sent, once. (li's two sent before went at wang's first page: a sent report's
    # text is not kept on the phone for another login, docs/offline.md.)
    context.clear_cookies()
    page.goto(f"{live_server}/login?next=/outbox")
    login_here(page, "li")
    expect(page.locator("#outbox-list li[data-status=sent]")).to_have_count(1, timeout=20000)
    expect(page.locator("#outbox-list li[data-status=sent]")).to_contain_text("登录过期3")
    expect(page.locator("#outbox-list li[data-status=waiting]")).to_have_count(0)
    assert titles(database) == sorted(before + ["断网重发1", "断网重发2", "登录过期3"])


def test_a_slow_server_still_gives_a_form_not_kept_yet(phone, live_server, app, seeded, event, make_user, database):
    # The service worker waits OFFLINE_NETWORK_WAIT_MS for a form, then shows the copy it kept. Before a
    # copy is kept (just logged in, the forms still being fetched), a slow answer must still arrive: it
    # once gave way to the offline page on a busy server that worked.
    app.config["OFFLINE_NETWORK_WAIT_MS"] = 300
    slow = threading.Event()

    @app.before_request
    def _busy_server() -> None:
        if slow.is_set() and "/reports/new/" in request.path:
            time.sleep(1.5)

    url = li_ready(phone, live_server, event, make_user, database, users=("li", "wang"))
    phone.evaluate("caches.keys().then(ks => Promise.all(ks.filter(k => k.startsWith('incidents-pages-'))"
                   ".map(k => caches.delete(k))))")
    assert phone.evaluate("!!navigator.serviceWorker.controller"), "the page is not under the service worker"

    slow.set()
    phone.goto(url)
    expect(phone.locator(".area-picker input[type=search]")).to_be_visible()
    expect(phone.locator("h1")).not_to_have_text("离线 / Offline")


def test_offline_place_search_reads_spaces_as_the_server_does(phone, live_server, seeded, event, make_user, database):
    # A name stored with a non-breaking space (pasted from a web page): online, "甲 乙" finds it (name_key);
    # offline the picker searched its kept copy as typed and found nothing.
    from incidents.areas.models import Area
    from incidents.areas.services import create_area

    with database.transaction() as s:
        street = s.scalars(sa.select(Area).where(Area.name == "北大街街道")).one()
        create_area(s, name="甲\u00a0乙小区", level="community", parent=street)
    page, context = phone, phone.context
    url = li_ready(page, live_server, event, make_user, database, users=("li", "wang"))
    context.set_offline(True)
    page.goto(url)
    for typed in ("甲 乙", "甲乙", "甲\u3000乙"):
        page.fill("input.area-search", typed)
        expect(page.locator(".area-results button[data-id]")).to_contain_text(["甲\u00a0乙小区"], timeout=10000)
