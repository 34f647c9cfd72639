"""A province's first view in Chromium (250 subdistricts): a group opens with its bars, fetched from its page's link;
a failed fetch says so and tries again; the thresholds table's busiest 20 and the link to all 250, kept on sorting."""

from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS, browser_language, browser_login, screenshot

AT = "2024-07-23T12:00"


@pytest.mark.browser
# Two of the four pairs: each width and each language once (a phone in Chinese, a desktop in English). Each pair
# builds a province of 750 outages and loads its 250 groups: ~45 s of a CI worker at load 10 (6 December, night);
# the page at the other pairs is checked on smaller events (test_tables_stack_browser.py: a phone in English).
@pytest.mark.parametrize("width_fixture, lang", [("phone", "zh"), ("desktop", "en")])
def test_a_provinces_groups_open_and_its_subdistricts_are_a_click_away(request, width_fixture, lang, live_server,
                                                                      database, make_user):
    from benches.timeline_gen import generate

    with database.transaction() as s:
        event_id = generate(s, 750, 3000, subdistricts=250, communities_each=1)
    page = request.getfixturevalue(width_fixture)
    make_user("viewer1", "viewer")
    browser_login(page, live_server, "viewer1")
    url = f"{live_server}/events/{event_id}/timeline?at={AT}"
    if lang == "en":
        browser_language(page, live_server, "en", then=url.removeprefix(live_server))
    else:
        page.goto(url)
    assert page.locator("details.tl-group").count() == 250 and page.locator(".tl-row").count() == 0
    assert page.locator("table.tl-thresholds tbody th[scope=row]:not(:empty)").count() == 21
    screenshot(page, f"timeline-province-{width_fixture}-{lang}")
    page.locator("#curve").screenshot(path=str(ARTIFACTS / f"timeline-province-thresholds-{width_fixture}-{lang}.png"))

    # A flaky network: the first fetch fails, the page says so; 重试 fetches again, and the bars arrive.
    failures = []

    def fail_once(route):  # noqa: ANN001
        if not failures:
            failures.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/timeline/groups/**", fail_once)
    group = page.locator("details.tl-group").nth(1)
    group.locator("summary").click()
    group.locator(".tl-failed").wait_for()
    assert "/page" not in failures[0] and "at=" in failures[0] and "axis=" in failures[0]
    group.screenshot(path=str(ARTIFACTS / f"timeline-province-failed-{width_fixture}-{lang}.png"))
    group.locator(".tl-retry").click()
    group.locator(".tl-row").first.wait_for()
    assert group.locator(".tl-row").count() == 3 and group.locator(".tl-failed").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    group.screenshot(path=str(ARTIFACTS / f"timeline-province-group-{width_fixture}-{lang}.png"))

    page.locator(".tl-more-thresholds a").click()
    page.wait_for_load_state()
    assert "thresholds=all" in page.url and ("at=2024-07-23T12%3A00" in page.url or "at=2024-07-23T12:00" in page.url)
    assert page.locator("table.tl-thresholds tbody th[scope=row]:not(:empty)").count() == 251
    assert page.locator(".tl-more-thresholds").count() == 0
    # Sorting the bars keeps the whole table a person opened (the sort links carry thresholds=all).
    page.locator(".tl-sort a").nth(2).click()  # households
    page.wait_for_load_state()
    assert "sort=households" in page.url and "thresholds=all" in page.url
    assert page.locator("table.tl-thresholds tbody th[scope=row]:not(:empty)").count() == 251
