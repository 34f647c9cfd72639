"""One browser pass: the recipients page, a brief's delivery page, an e-mail's body and a robot's Markdown, rendered."""

from __future__ import annotations

import html
from dataclasses import replace

import pytest
from markdown_it import MarkdownIt
from playwright.sync_api import expect

from incidents.briefs import services as briefs
from incidents.distribution import sending
from incidents.distribution import services as distribution
from tests.conftest import browser_login, screenshot

from .conftest import local
from .helpers import compile_day, three_recipients


@pytest.mark.browser
def test_recipients_deliveries_mail_and_markdown_as_people_see_them(desktop, live_server, make_user, database,
                                                                    rainstorm, robots, smtp, settings):
    three_recipients(database, rainstorm.id, robots)
    robots.answers["/dingtalk"] = {"errcode": 310000, "errmsg": "sign not match"}
    brief_id = compile_day(database, rainstorm.id, "2021-07-24", local("2021-07-25 08:00"))
    coord = make_user("coord", "coordinator")
    with database.transaction() as s:
        from incidents.models import Brief

        brief = s.get(Brief, brief_id)
        briefs.publish(s, brief, coord)
        distribution.brief_signed(s, brief)
    sending.send_due(database, replace(settings, attempts=1))

    page = desktop
    browser_login(page, live_server, "coord")
    page.goto(f"{live_server}/briefs/{brief_id}")
    with page.expect_navigation():
        page.click("text=谁收到了这份日报")
    rows = page.locator("table.deliveries tbody tr")
    expect(rows).to_have_count(3)
    expect(page.locator("tr.delivery-failed")).to_contain_text("sign not match")
    expect(page.locator("tr.delivery-sent")).to_have_count(2)
    assert "wk-123456789" not in page.content()
    screenshot(page, "distribution-deliveries")

    with page.expect_navigation():
        page.click(".crumbs >> text=接收人")
    expect(page.locator("table.recipients tbody tr")).to_have_count(3)
    assert "key=…6789" in page.content() and "dt-987654321" not in page.content()
    screenshot(page, "distribution-recipients")

    page.goto("about:blank")  # off the site: its CSP would block the inline styles below
    [mail] = smtp[1].messages
    files = ", ".join(p.get_filename() for p in mail.iter_attachments())
    body = mail.get_body(("plain",)).get_content()
    page.set_content(
        "<meta charset='utf-8'><div style='font-family: sans-serif; width: 46em; margin: 1em auto'>"
        f"<p><b>From:</b> {html.escape(str(mail['From']))}<br><b>To:</b> {html.escape(mail['To'])}<br>"
        f"<b>Subject:</b> {html.escape(mail['Subject'])}<br><b>Attachments:</b> {html.escape(files)}</p><hr>"
        f"<pre style='white-space: pre-wrap; font-size: 14px'>{html.escape(body)}</pre></div>")
    screenshot(page, "distribution-email")

    [wecom] = robots.at("/wecom")
    rendered = MarkdownIt("commonmark").enable("table").render(wecom.body["markdown"]["content"])
    page.set_content("<meta charset='utf-8'><div style='font-family: sans-serif; width: 40em; margin: 1em auto;"
                     "background: #f5f5f5; padding: 1em'><div style='background: white; padding: 1em'>"
                     f"{rendered}</div></div>")
    expect(page.locator("a", has_text="查看完整日报")).to_have_count(1)
    screenshot(page, "distribution-wecom-markdown")
