"""On a 360 px phone, a form cached while its event ran, the event ended since: offline, its main time stays blank.

The phone's copies were kept again only after a login, a new version or an hour: a page opened online
right after the office closed the event left the running event's copy, and offline it filled the phone's
now, after the end, where the server's page leaves the time blank (create_views._defaults). The bar's mark
now carries the generation of events and areas, which the close raises: the next page online keeps the
copies again, and the copy is the ended event's (data-ended, the hint).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from incidents.db import now_utc
from incidents.events.services import close_event
from incidents.models import Event
from tests.conftest import screenshot
from tests.offline.support import li_ready

pytestmark = pytest.mark.browser

HINT = "事件已结束，时间不预填为当前时间：请填写实际发生的时间。"


def test_a_form_cached_while_running_stays_blank_offline_after_the_end(phone, live_server, live, make_user,
                                                                        database):
    page, context = phone, phone.context
    url = li_ready(page, live_server, live, make_user, database)

    # Kept while the event runs: the copy offers now.
    context.set_offline(True)
    page.goto(url)
    assert page.input_value("input[name=observed_at-day]") != ""
    context.set_offline(False)

    # The office closes the event; the reporter opens any page online, then loses the network.
    with database.transaction() as s:
        close_event(s, s.get(Event, live.id), now_utc() - timedelta(minutes=1), None)
    page.goto(f"{live_server}/outbox")
    page.wait_for_selector("html[data-offline-ready]", state="attached", timeout=20000)
    context.set_offline(True)
    page.goto(url)
    expect(page.locator("input[name=token]")).not_to_have_value("")
    assert page.input_value("input[name=observed_at-day]") == ""
    assert page.input_value("input[name=observed_at-time]") == ""
    expect(page.locator("#observed_at-hint")).to_have_text(HINT)
    screenshot(page, "offline-ended-since-cached-phone")
