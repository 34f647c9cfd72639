"""In Chromium: Save, Back, Save again is one report (phone and desktop); the time box and the place
search fit a 360 px phone, a count's label wrapping only at its punctuation; each filter label of the report list
sits on its own control at 1280 px."""

from __future__ import annotations

import pytest

from tests.conftest import browser_login, screenshot, words_cut
from tests.reports.conftest import count_reports

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_save_back_save_again_is_one_report(device, request, live_server, seeded, event, make_user, database):
    page = request.getfixturevalue(device)
    make_user("li", "reporter", scope="文峰区/北大街街道")
    browser_login(page, live_server, "li")
    page.goto(f"{live_server}/events/{event.id}/reports/new/activity")
    page.select_option("select[name=area_id]", label="北大街街道 › 西钟楼巷")
    page.fill("input[name=observed_at-day]", "2021-07-27")
    page.fill("input[name=observed_at-time]", "16:30")
    page.fill("input[name=title]", "巡查西钟楼巷积水点")
    before = count_reports(database)
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    assert "报告已保存" in page.content()
    first = page.url
    page.go_back()
    page.wait_for_load_state("networkidle")
    assert "/reports/new/activity" in page.url
    # Whatever the browser restored, the page is the one already sent: Save again is not a second report.
    if not page.input_value("input[name=title]"):
        page.select_option("select[name=area_id]", label="北大街街道 › 西钟楼巷")
        page.fill("input[name=observed_at-day]", "2021-07-27")
        page.fill("input[name=observed_at-time]", "16:30")
        page.fill("input[name=title]", "巡查西钟楼巷积水点")
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    screenshot(page, f"reports-back-resubmit-{device}")
    assert count_reports(database) == before + 1
    assert page.url == first
    assert "这份报告已经保存过" in page.content()


def _box(page, selector: str) -> dict:
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    return box


def test_time_box_and_place_search_fit_a_phone(phone, live_server, seeded, event, make_user):
    page = phone
    make_user("li", "reporter", scope="文峰区/北大街街道")
    browser_login(page, live_server, "li")
    page.goto(f"{live_server}/events/{event.id}/reports/new/pumping")
    page.fill("input[name=observed_at-time]", "14:31")
    screenshot(page, "reports-form-phone")
    for name in ("observed_at", "ended_at"):
        clock = page.locator(f"input[name={name}-time]")
        # The clock's text (with the browser's own picker icon) fits: no "02:31 PN".
        fits = clock.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
        assert fits, name
        assert _box(page, f"input[name={name}-time]")["width"] >= 110
    # A count's label wraps at its punctuation on a phone's half row, never in a word (水泵总能力（立方米/小 over 时）).
    assert page.locator(".count-grid .field > label").count() >= 3
    assert words_cut(page, ".count-grid .field > label") == []
    search = page.locator(".area-search")
    placeholder = search.get_attribute("placeholder")
    width = search.evaluate(
        """e => { const c = document.createElement('canvas').getContext('2d');
                  const s = getComputedStyle(e); c.font = s.font;
                  return [c.measureText(e.placeholder).width,
                          e.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight)]; }""")
    assert width[0] <= width[1], (placeholder, width)


def test_required_fields_carry_the_mark(client, auth, make_user, event, seeded):
    from incidents.reports.models import ReportKind
    from incidents.reports.validation import required_fields

    make_user("li", "reporter")
    auth.login("li")
    for kind in ReportKind:
        html = client.get(f"/events/{event.id}/reports/new/{kind.value}").get_data(as_text=True)
        for name in required_fields(kind):
            shown = "mass_t" if name == "mass_kg" else name
            marked = (f'for="{shown}">' in html and html.split(f'for="{shown}">', 1)[1].split("</label>")[0]
                      .count('class="req"') == 1) or (
                f'id="{shown}" data-vtime' in html and 'class="req"' in
                html.split(f'id="{shown}" data-vtime', 1)[1].split("</legend>")[0])
            assert marked, (kind, name)


def test_filter_labels_sit_on_their_own_controls(desktop, live_server, seeded, event, make_user):
    page = desktop
    make_user("wang", "coordinator")
    browser_login(page, live_server, "wang")
    page.goto(f"{live_server}/events/{event.id}/reports?kind=outage")
    screenshot(page, "reports-filters-desktop")
    labels = page.locator(".filter-form label[for]")
    assert labels.count() >= 6
    for i in range(labels.count()):
        label = labels.nth(i)
        target = label.get_attribute("for")
        lb = label.bounding_box()
        cb = _box(page, f"#{target}")
        # The label is just above its own control, over the same column.
        assert 0 <= cb["y"] - (lb["y"] + lb["height"]) <= 12, (target, lb, cb)
        assert abs(lb["x"] - cb["x"]) <= 2, (target, lb, cb)
        # And no other control sits between or under it.
        for j in range(labels.count()):
            other = labels.nth(j).get_attribute("for")
            if other != target:
                ob = _box(page, f"#{other}")
                overlap = not (ob["x"] + ob["width"] <= lb["x"] or ob["x"] >= lb["x"] + lb["width"])
                assert not (overlap and 0 <= ob["y"] - (lb["y"] + lb["height"]) < cb["y"] - (lb["y"] + lb["height"])), \
                    (target, other)


def test_a_search_left_unpicked_stops_the_save_and_says_so(phone, live_server, seeded, event, make_user, database):
    page = phone
    make_user("li", "reporter", scope="文峰区/北大街街道")
    browser_login(page, live_server, "li")
    page.goto(f"{live_server}/events/{event.id}/reports/new/activity")
    page.select_option("select[name=area_id]", label="北大街街道 › 西钟楼巷")  # as the last report's place would be
    page.fill("input[name=observed_at-day]", "2021-07-27")
    page.fill("input[name=observed_at-time]", "16:30")
    page.fill("input[name=title]", "巡查积水点")
    page.fill("input.area-search", "没有这个地方")
    before = count_reports(database)
    page.click("button[type=submit].primary")
    alert = page.locator(".area-unpicked")
    alert.wait_for(state="visible")
    screenshot(page, "reports-search-unpicked-phone")
    assert "请在列表中点选一个地点" in alert.inner_text()
    assert "/reports/new/activity" in page.url and count_reports(database) == before
    # Picked from the list, the same form saves, at the place picked.
    page.fill("input.area-search", "西钟楼")
    page.locator(".area-results button[data-id]").first.click()
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    assert "报告已保存" in page.content() and count_reports(database) == before + 1


def test_what_was_typed_survives_a_switch_of_language(phone, live_server, seeded, event, make_user):
    page = phone
    make_user("li", "reporter", scope="文峰区/北大街街道")
    browser_login(page, live_server, "li")
    page.goto(f"{live_server}/events/{event.id}/reports/new/outage")
    page.select_option("select[name=area_id]", label="北大街街道 › 西钟楼巷")
    page.fill("input[name=started_at-day]", "2021-07-23")
    page.select_option("select[name=started_at-precision]", "afternoon")
    page.fill("textarea[name=note]", "配电房进水，约40户停电")
    place = page.input_value("select[name=area_id]")
    with page.expect_navigation():
        page.click("text=English")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.input_value("textarea[name=note]") == "配电房进水，约40户停电"
    assert page.input_value("input[name=started_at-day]") == "2021-07-23"
    assert page.input_value("select[name=started_at-precision]") == "afternoon"
    assert page.locator("input[name=started_at-time]").is_hidden()  # the part of the day still hides the clock
    assert page.input_value("select[name=area_id]") == place
    # Read once: a reload afterwards is a fresh form.
    page.reload()
    assert page.input_value("textarea[name=note]") == ""
