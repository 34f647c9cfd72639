"""A pumped volume's 起始时间 starts filled: where the operation's latest volume ended, else when the operation
began, as precisely as that was known. Before, it was empty and required: two more fields, an error first."""

from __future__ import annotations

import re

import pytest

from tests.conftest import browser_login, screenshot
from tests.reports.conftest import when


def _value(html: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html)
    assert match, name
    return match.group(1)


def _precision(html: str, name: str) -> str:
    select = re.search(rf'<select name="{name}-precision".*?</select>', html, re.S)
    assert select, name
    chosen = re.search(r'<option value="([^"]*)" selected', select.group(0))
    return chosen.group(1) if chosen else ""


def _operation(forms, event, area: str = "文峰汇·十二府", precision: str = "morning") -> int:
    url = f"/events/{event.id}/reports/new/pumping"
    answer = forms.submit(url, {"area_id": str(area), "team": "区消防救援大队",
                                **when("observed_at", "2021-07-28", "09:15" if precision == "exact" else "",
                                       precision)})
    assert answer.status_code == 302, answer.get_data(as_text=True)[-2000:]
    return int(answer.headers["Location"].rsplit("/", 1)[1])


@pytest.fixture
def reporter(auth, make_user):
    make_user("li", "reporter")
    auth.login("li")


def test_without_a_volume_it_starts_when_the_operation_began(client, forms, event, area_id, reporter):
    operation = _operation(forms, event, area=area_id("文峰汇·十二府"))
    html = client.get(f"/events/{event.id}/reports/new/pumping_volume?operation={operation}").get_data(as_text=True)
    assert _value(html, "period_start-day") == "2021-07-28"
    assert _precision(html, "period_start") == "morning" and _value(html, "period_start-time") == ""


def test_after_a_volume_it_starts_where_that_one_ended(client, forms, event, area_id, reporter):
    operation = _operation(forms, event, area=area_id("文峰汇·十二府"), precision="exact")
    url = f"/events/{event.id}/reports/new/pumping_volume?operation={operation}"
    html = client.get(url).get_data(as_text=True)
    assert (_value(html, "period_start-day"), _value(html, "period_start-time")) == ("2021-07-28", "09:15")
    first = forms.submit(url, {"operation_id": str(operation), **when("period_start", "2021-07-28", "09:15"),
                               **when("period_end", "2021-07-28", "12:00"), "volume_m3": "800"})
    assert first.status_code == 302
    html = client.get(url).get_data(as_text=True)
    assert (_value(html, "period_start-day"), _value(html, "period_start-time")) == ("2021-07-28", "12:00")
    assert _precision(html, "period_start") == "exact"
    # Each operation's own, for the page's script when another is chosen.
    assert re.search(rf'data-period-starts="[^"]*&#34;{operation}&#34;: \[&#34;2021-07-28&#34;, &#34;12:00&#34;, '
                     r'&#34;exact&#34;\]', html)
    # The user may change it: the server keeps its rules (an end before the start is still refused).
    late = forms.submit(url, {"operation_id": str(operation), **when("period_start", "2021-07-28", "13:00"),
                              **when("period_end", "2021-07-28", "12:30"), "volume_m3": "100"})
    assert late.status_code == 422


@pytest.mark.browser
def test_on_a_phone_choosing_the_operation_fills_the_start(phone, live_server, seeded, event, make_user, area_id):
    page = phone
    make_user("li", "reporter")
    browser_login(page, live_server, "li")
    page.goto(f"{live_server}/events/{event.id}/reports/new/pumping")
    page.select_option("select[name=area_id]", str(area_id("文峰汇·十二府")))
    page.fill("#team", "区消防救援大队")
    page.fill("input[name=observed_at-day]", "2021-07-28")
    page.fill("input[name=observed_at-time]", "09:15")
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    operation = int(page.url.rsplit("/", 1)[1])

    page.goto(f"{live_server}/events/{event.id}/reports/new/pumping_volume")
    page.select_option("select[name=operation_id]", str(operation))
    assert page.input_value("input[name=period_start-day]") == "2021-07-28"
    assert page.input_value("input[name=period_start-time]") == "09:15"
    page.fill("input[name=period_end-day]", "2021-07-28")
    page.fill("input[name=period_end-time]", "12:00")
    page.fill("#volume_m3", "800")
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    screenshot(page, "reports-volume-start-prefilled-phone")
    assert "报告已保存" in page.content()


def _starts(html: str) -> str:
    match = re.search(r'data-period-starts="([^"]*)"', html)
    return match.group(1) if match else ""


def test_a_refused_form_keeps_the_start_given_and_each_operations_start(client, forms, event, area_id, reporter):
    """Refused (a missing volume, 422; hours another volume covers, 409), the form came back without the
    operations' starts: choosing an operation no longer filled its start. The start sent is kept as sent."""
    operation = _operation(forms, event, area=area_id("文峰汇·十二府"), precision="exact")
    url = f"/events/{event.id}/reports/new/pumping_volume?operation={operation}"
    fresh = _starts(client.get(url).get_data(as_text=True))
    assert f"&#34;{operation}&#34;: [&#34;2021-07-28&#34;, &#34;09:15&#34;" in fresh
    typed = {"operation_id": str(operation), **when("period_start", "2021-07-28", "10:20"),
             **when("period_end", "2021-07-28", "12:00")}
    refused = forms.submit(url, {**typed, "volume_m3": ""})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert (_value(html, "period_start-day"), _value(html, "period_start-time")) == ("2021-07-28", "10:20")
    assert _starts(html) == fresh
    assert forms.submit(url, {**typed, "volume_m3": "800"}).status_code == 302
    asked = forms.submit(url, {**typed, **when("period_start", "2021-07-28", "11:00"), "volume_m3": "300"})
    html = asked.get_data(as_text=True)
    assert asked.status_code == 409 and 'name="confirm_duplicate"' in html
    assert (_value(html, "period_start-day"), _value(html, "period_start-time")) == ("2021-07-28", "11:00")
    # Each operation's start as of now: this one's after the volume just saved.
    assert f"&#34;{operation}&#34;: [&#34;2021-07-28&#34;, &#34;12:00&#34;" in _starts(html)


@pytest.mark.browser
def test_on_a_phone_a_refused_form_keeps_a_typed_start_and_still_fills_an_untyped_one(
        phone, live_server, seeded, event, make_user, area_id):
    """After a refusal the page's script took the start shown for its own fill: choosing another operation
    replaced a start the person had typed (or, with no starts on the page, filled nothing at all)."""
    page = phone
    make_user("li", "reporter")
    browser_login(page, live_server, "li")
    operations = []
    for team, clock in (("区消防救援大队", "09:15"), ("市政排水队", "08:40")):
        page.goto(f"{live_server}/events/{event.id}/reports/new/pumping")
        page.select_option("select[name=area_id]", str(area_id("文峰汇·十二府")))
        page.fill("#team", team)
        page.fill("input[name=observed_at-day]", "2021-07-28")
        page.fill("input[name=observed_at-time]", clock)
        with page.expect_navigation():
            page.click("button[type=submit].primary")
        operations.append(page.url.rsplit("/", 1)[1])
    first, second = operations

    def refused_with(start: str | None) -> None:
        page.goto(f"{live_server}/events/{event.id}/reports/new/pumping_volume")
        page.select_option("select[name=operation_id]", first)
        assert page.input_value("input[name=period_start-time]") == "09:15"
        if start is not None:
            page.fill("input[name=period_start-time]", start)
        page.fill("input[name=period_end-day]", "2021-07-28")
        page.fill("input[name=period_end-time]", "09:00")
        page.fill("#volume_m3", "800")
        with page.expect_navigation():
            page.click("button[type=submit].primary")  # ends before it starts: refused by the server
        assert "/reports/new/pumping_volume" in page.url and page.locator("[aria-invalid=true]").count() >= 1

    refused_with("10:20")
    assert page.input_value("input[name=period_start-time]") == "10:20"
    page.select_option("select[name=operation_id]", second)
    assert page.input_value("input[name=period_start-time]") == "10:20"  # typed: kept
    screenshot(page, "reports-volume-start-kept-after-refusal-phone")

    refused_with(None)
    assert page.input_value("input[name=period_start-time]") == "09:15"
    page.select_option("select[name=operation_id]", second)
    assert page.input_value("input[name=period_start-time]") == "08:40"  # the first one's fill: follows
