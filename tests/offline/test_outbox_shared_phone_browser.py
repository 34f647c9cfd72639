"""A shared phone (Chromium, 360 px, context.set_offline): what one worker left in the outbox — a report
waiting, one the server refused — is neither read nor rewritten by the next person to log in. Before, the next
person's outbox showed each card's text, and 修改后重发 opened the first worker's report filled in: saved there,
it stayed the first worker's, and was sent under their name with the second's words."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from incidents.models import ActivityEntry
from tests.conftest import browser_login, login_here
from tests.offline.support import li_ready, log, place_and_time, ready, save

pytestmark = pytest.mark.browser

ENTRIES = """() => new Promise(done => { const r = indexedDB.open('incidents-outbox');
  r.onsuccess = () => { const q = r.result.transaction('reports').objectStore('reports').getAll();
    q.onsuccess = () => done(q.result.map(e => [e.user_id, e.status, Object.fromEntries(e.fields).title])); }; })"""


def test_the_next_person_neither_reads_nor_rewrites_the_first_ones_outbox(phone, live_server, seeded, event,
                                                                         make_user, database):
    page, context = phone, phone.context
    make_user("li", "reporter", scope="文峰区/北大街街道")
    make_user("wang", "reporter", scope="文峰区/北大街街道")
    browser_login(page, live_server, "li")
    url = ready(page, live_server, event, database, ("li", "wang"))
    context.set_offline(True)
    log(page, url, "李的退回 住户电话", day="2030-01-01")  # the phone cannot tell; the server refuses the time
    log(page, url, "李的已发 住户电话")  # sent when the network returns: stored, its text still on the phone
    context.set_offline(False)
    refused = page.locator("#outbox-list li[data-status=refused]")
    expect(refused).to_have_count(1, timeout=20000)
    expect(page.locator("#outbox-list li[data-status=sent]")).to_have_count(1, timeout=20000)
    key = refused.get_attribute("data-key")
    context.set_offline(True)
    log(page, url, "李的待发 住户电话")
    context.clear_cookies()  # li's sign-in ends with both still on the phone
    context.set_offline(False)

    page.goto(f"{live_server}/login?next=/outbox")
    login_here(page, "wang")
    cards = page.locator("#outbox-list li.outbox-item")
    expect(cards).to_have_count(2)
    expect(cards.locator(".outbox-hold")).to_have_count(2)
    expect(cards.first.locator(".outbox-hold")).to_contain_text("由 li 保存", timeout=20000)
    assert "李的" not in page.locator("#outbox-list").inner_text()
    expect(cards.locator("a.button, button")).to_have_count(0)  # no 修改后重发, no 删除 of li's report

    # The fix link's address typed or found in the history: the form stays blank, li's report untouched.
    page.goto(f"{url}?outbox={key}")
    expect(page.locator("form.report-form")).to_have_attribute("data-outbox-opened", "blank")
    expect(page.locator("input[name=title]")).to_have_value("")
    place_and_time(page)
    page.fill("input[name=title]", "王的报告")
    save(page)
    assert "/outbox" not in page.url  # stored at once, as wang's own
    page.goto(f"{live_server}/outbox")
    entries = page.evaluate(ENTRIES)
    kept = {title: (user, status) for user, status, title in entries}
    # wang's was sent and dropped; li's sent one too, at wang's first page; li's others as they were.
    assert set(kept) == {"李的退回 住户电话", "李的待发 住户电话"}
    assert kept["李的退回 住户电话"][1] == "refused" and kept["李的待发 住户电话"][1] == "waiting"
    assert kept["李的退回 住户电话"][0] == kept["李的待发 住户电话"][0]  # both still li's
    with database.read_session() as s:
        assert sorted(s.scalars(sa.select(ActivityEntry.title).where(ActivityEntry.title.like("%的%")))) == [
            "李的已发 住户电话", "王的报告"]


def test_logging_out_takes_the_sent_reports_text_off_the_phone(phone, live_server, seeded, event, make_user,
                                                              database):
    page, context = phone, phone.context
    url = li_ready(page, live_server, event, make_user, database, users=("li", "wang"))
    context.set_offline(True)
    log(page, url, "李的已发 住户电话")
    log(page, url, "李的退回 住户电话", day="2030-01-01")
    context.set_offline(False)
    expect(page.locator("#outbox-list li[data-status=sent]")).to_have_count(1, timeout=20000)
    expect(page.locator("#outbox-list li[data-status=refused]")).to_have_count(1, timeout=20000)

    with page.expect_navigation():
        page.click("form[data-logout] button")
    assert page.locator("form[data-logout]").count() == 0  # logged out
    # The refused one stays for li to fix and send; the stored one's text is gone with the login.
    assert [(status, title) for _, status, title in page.evaluate(ENTRIES)] == [("refused", "李的退回 住户电话")]
    with database.read_session() as s:
        assert s.scalars(sa.select(ActivityEntry.title).where(ActivityEntry.title.like("李的%"))).all() == [
            "李的已发 住户电话"]
