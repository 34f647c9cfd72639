"""The seed's timeline in Chromium at 360 px and 1280 px, and printed (screenshots in artifacts/)."""

import pytest

from tests.conftest import ARTIFACTS, browser_login, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width_fixture", ["phone", "desktop"])
def test_seed_timeline_renders(request, width_fixture, live_server, rainstorm, make_user):
    page = request.getfixturevalue(width_fixture)
    make_user("viewer1", "viewer")
    browser_login(page, live_server, "viewer1")
    page.goto(f"{live_server}/events/{rainstorm.id}")
    with page.expect_navigation():
        page.click("text=恢复时间线")
    assert page.locator("h1").inner_text() == "供电恢复时间线"
    # One bar per outage, the shops outage still open, drawn with a fuzzy (vague) start.
    assert page.locator(".tl-row").count() == 4
    assert page.locator(".tl-row.open").count() == 1
    assert "文峰汇·十二府" in page.locator(".tl-row.open").inner_text()
    screenshot(page, f"timeline-{width_fixture}")
    for section in ("curve", "timeline"):  # close-ups, readable at phone width
        page.locator(f"#{section}").screenshot(path=str(ARTIFACTS / f"timeline-{section}-{width_fixture}.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    # A phone's first screen shows what is out, the controls after; a desktop has room for both, controls first.
    figures, controls = (page.locator(sel).bounding_box() for sel in (".tl-figures", "form.tl-controls"))
    if width_fixture == "phone":
        assert figures["y"] < controls["y"] and figures["y"] + figures["height"] <= page.viewport_size["height"]
    else:
        assert controls["y"] < figures["y"]
    # The "as of" control: the evening of 24 July, as known then.
    page.fill("#at", "2021-07-24T22:00")
    with page.expect_navigation():
        page.click("form.tl-controls button[type=submit]")
    assert page.locator(".tl-row.open").count() == 2  # 安彩嘉园二期 and the shops
    screenshot(page, f"timeline-asof-{width_fixture}")


def test_seed_timeline_prints(desktop, live_server, rainstorm, make_user):
    make_user("viewer1", "viewer")
    browser_login(desktop, live_server, "viewer1")
    desktop.goto(f"{live_server}/events/{rainstorm.id}/timeline")
    desktop.emulate_media(media="print")
    assert not desktop.locator("form.tl-controls").is_visible()
    assert desktop.locator(".tl-grid").first.is_visible()
    screenshot(desktop, "timeline-print")
    pdf = desktop.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    (ARTIFACTS / "timeline-print.pdf").write_bytes(pdf)


@pytest.mark.parametrize("width_fixture", ["phone", "desktop"])
def test_a_big_events_groups_load_when_opened(request, width_fixture, live_server, database, make_user,
                                              monkeypatch):
    from benches.timeline_gen import generate
    from incidents.timelines import groups

    monkeypatch.setattr(groups, "PAGE_SIZE", 8)  # 20 outages a group: three pages
    with database.transaction() as s:
        event_id = generate(s, 400, 1200)
    page = request.getfixturevalue(width_fixture)
    make_user("viewer1", "viewer")
    browser_login(page, live_server, "viewer1")
    page.goto(f"{live_server}/events/{event_id}/timeline?at=2024-07-23T20:00")
    assert page.locator(".tl-row").count() == 0 and page.locator("details.tl-group").count() == 20
    screenshot(page, f"timeline-big-{width_fixture}")
    page.locator("#timeline").screenshot(path=str(ARTIFACTS / f"timeline-big-groups-{width_fixture}.png"))
    group = page.locator("details.tl-group").first
    group.locator("summary").click()
    group.locator(".tl-row").first.wait_for()
    assert group.locator(".tl-row").count() == 8
    group.locator(".tl-more a").click()
    group.locator(".tl-row").nth(15).wait_for()  # (the CSP forbids wait_for_function's eval)
    assert page.locator(".tl-row").count() == 16 == group.locator(".tl-row").count()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    group.screenshot(path=str(ARTIFACTS / f"timeline-big-group-{width_fixture}.png"))
