"""A report's page names the outage or operation it belongs to as a person knows it: its kind, place and time, as
its row in the report list shows them (停电 · 西钟楼巷 · 2021年7月27日 08:00). It read #1, a number no one in the
field has seen."""

from __future__ import annotations

import re

from tests.conftest import switch_language, unspanned
from tests.reports.conftest import when


def _parent_link(html: str) -> str:
    """The link's text as read (its "·" each open a span with the fact after it: templates/_links.html)."""
    found = re.search(r'<a class="tap" href="/reports/(\d+)">(.*?)</a>', html)
    assert found, html
    return re.sub(r"<[^>]+>", "", found.group(2))


def test_an_update_names_its_outage_by_kind_place_and_time(client, auth, forms, event, make_user, area_id):
    make_user("li", "reporter")
    auth.login("li")
    made = forms.submit(f"/events/{event.id}/reports/new/outage", {
        "area_id": area_id("西钟楼巷"), **when("started_at", "2021-07-27", "08:00"), "households_affected": "120"})
    assert made.status_code == 302
    outage_id = made.headers["Location"].rsplit("/", 1)[1]
    update = forms.submit(f"/events/{event.id}/reports/new/outage_update", {
        "area_id": area_id("西钟楼巷"), "outage_id": outage_id, **when("observed_at", "2021-07-27", "12:00"),
        "households_restored": "20"})
    assert update.status_code == 302, update.get_data(as_text=True)[:3000]
    page = unspanned(client.get(update.headers["Location"]).get_data(as_text=True))
    assert _parent_link(page) == "停电 · 西钟楼巷 · 2021年7月27日 08:00"
    switch_language(client, "en")
    page = unspanned(client.get(update.headers["Location"]).get_data(as_text=True))
    assert re.fullmatch(r"Power outage · \S.* · 27 Jul 2021 08:00", _parent_link(page)), _parent_link(page)
