"""A field worker who logged an outage and a pumping operation at a compound comes back from the home page to log
their progress: on a 360 px phone the update and the volume forms start on the outage and the operation at that
compound (not on "请选择…" over every open one of the district), and one number and Save log them."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from incidents.models import Report
from tests.conftest import Auth, browser_login, screenshot

from .conftest import Forms, when

pytestmark = pytest.mark.browser


def _log(app, user: str, event_id: int, kind: str, data: dict) -> int:  # noqa: ANN001
    client = app.test_client()
    Auth(client).login(user)
    sent = Forms(client).submit(f"/events/{event_id}/reports/new/{kind}", data)
    assert sent.status_code == 302, sent.get_data(as_text=True)[:400]
    return int(sent.headers["Location"].rsplit("/", 1)[1])


def _from_home(page, base: str, kind: str) -> None:  # noqa: ANN001
    page.goto(f"{base}/")
    with page.expect_navigation():
        page.tap("a[href='/reports/new']")
    with page.expect_navigation():
        page.tap(f"a.kind-{kind}")


def test_update_and_volume_start_on_the_last_place(phone, live_server, app, live, make_user, area_id, database):
    make_user("li", "reporter", scope="文峰区/北大街街道")
    make_user("zhao", "reporter", scope="文峰区/北大街街道")
    began = datetime.now(ZoneInfo("Asia/Shanghai")) - timedelta(hours=1)
    today, clock = began.date().isoformat(), began.strftime("%H:%M")
    here, there = area_id("彰德路64号院"), area_id("西钟楼巷")
    for place, user in ((there, "zhao"), (here, "li")):  # li's own reports last
        operation = _log(app, user, live.id, "pumping", {"area_id": place, "team": "消防救援大队", "pumps": "2",
                                                         **when("observed_at", today, clock)})
        outage = _log(app, user, live.id, "outage", {"area_id": place, "households_affected": "300",
                                                     **when("started_at", today, clock)})

    page = phone
    browser_login(page, live_server, "li")
    _from_home(page, live_server, "outage_update")
    assert page.locator("#outage_id").input_value() == str(outage)
    page.tap("#households_restored")
    page.keyboard.type("120")
    with page.expect_navigation():
        page.tap("form.report-form button[type=submit]")
    screenshot(page, "reports-parent-remembered-update")
    assert "#" in page.inner_text("h1") and "/new/" not in page.url, page.inner_text("main")[:900]

    _from_home(page, live_server, "pumping_volume")
    assert page.locator("#operation_id").input_value() == str(operation)
    assert page.locator("[name='period_start-time']").input_value() == clock  # where the operation began
    page.tap("#volume_m3")
    page.keyboard.type("800")
    with page.expect_navigation():
        page.tap("form.report-form button[type=submit]")
    assert "/new/" not in page.url, page.inner_text("main")[:900]

    with database.read_session() as s:  # read fresh
        saved = s.execute(sa.select(Report.kind, Report.area_id).where(Report.id > outage).order_by(Report.id)).all()
    assert [(k.value, a) for k, a in saved] == [("outage_update", here), ("pumping_volume", here)]
