"""A report's page shows an outage's counts in the order its form asks them, buildings then households (停电楼栋,
停电户数), as the brief's key figures do: the page read 停电户数 then 停电楼栋, the form the other way round."""

from __future__ import annotations

import re

from tests.conftest import switch_language
from tests.reports.conftest import when


def _terms(html: str) -> list[str]:
    """The page's field names (dt), in order."""
    return [re.sub(r"<[^>]+>", "", t).strip() for t in re.findall(r"<dt>(.*?)</dt>", html, re.S)]


def _in_order(terms: list[str], *names: str) -> list[str]:
    return [t for t in terms if t in names]


def test_an_outage_and_its_update_show_buildings_then_households(client, auth, forms, event, make_user, area_id):
    make_user("li", "reporter")
    auth.login("li")
    made = forms.submit(f"/events/{event.id}/reports/new/outage", {
        "area_id": area_id("西钟楼巷"), **when("started_at", "2021-07-27", "08:00"), "buildings_affected": "6",
        "households_affected": "120"})
    assert made.status_code == 302
    outage_id = made.headers["Location"].rsplit("/", 1)[1]
    update = forms.submit(f"/events/{event.id}/reports/new/outage_update", {
        "area_id": area_id("西钟楼巷"), "outage_id": outage_id, **when("observed_at", "2021-07-27", "12:00"),
        "buildings_restored": "2", "households_restored": "40", "buildings_out": "4", "households_out": "80",
        "buildings_affected": "7", "households_affected": "130"})
    assert update.status_code == 302, update.get_data(as_text=True)[:3000]
    outage = _terms(client.get(made.headers["Location"]).get_data(as_text=True))
    news = _terms(client.get(update.headers["Location"]).get_data(as_text=True))
    # The update's as its form asks them: restored, still out, then (folded there) the new totals.
    counts = ("停电楼栋", "停电户数", "已恢复楼栋数（累计）", "已恢复户数（累计）", "仍停电楼栋数", "仍停电户数")
    assert (_in_order(outage, *counts), _in_order(news, *counts)) == (
        ["停电楼栋", "停电户数"],
        ["已恢复楼栋数（累计）", "已恢复户数（累计）", "仍停电楼栋数", "仍停电户数", "停电楼栋", "停电户数"])
    switch_language(client, "en")
    outage = _terms(client.get(made.headers["Location"]).get_data(as_text=True))
    assert _in_order(outage, "Buildings without power", "Households without power") == [
        "Buildings without power", "Households without power"]

