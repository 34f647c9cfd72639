"""A refused report says, at the top, which fields to fix, each a link to its field, in the page's order.

Found on a 360 px phone: an outage report with its place and households left out said only 未保存：请检查下方标出的
栏目 above a form three screens long; the marks were below the fold and the alert led to none of them.
"""

from __future__ import annotations

import html as htmllib
import re

import pytest

from tests.conftest import switch_language
from tests.reports.conftest import when


def alert_links(html: str) -> list[tuple[str, str]]:
    """The (field id, text) of each link in a refused page's alert."""
    alert = re.search(r'<div class="flash flash-error" role="alert">(.*?)</div>', html, re.S)
    assert alert, "no alert"
    return re.findall(r'<a class="tap" href="#(\w+)">([^<]+)</a>', htmllib.unescape(alert.group(1)))


def marked_in_page_order(html: str) -> list[str]:
    """The ids of the fields marked below, as the page shows them."""
    return list(dict.fromkeys(re.findall(r'<p class="error" id="(\w+)-error"', html)))


def label_of(html: str, field: str) -> str:
    """A field's label (or a time's legend) as the form shows it."""
    found = (re.search(rf'<label for="{field}">([^<]+)', html)
             or re.search(rf'id="{field}"[^>]*>\s*<legend>([^<]+)', html))
    assert found, field
    return htmllib.unescape(found.group(1)).strip()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_outage_left_half_empty_names_each_marked_field_in_order(client, auth, forms, event, make_user, lang):
    make_user("li", "reporter")
    auth.login("li")
    if lang == "en":
        switch_language(client, "en")
    refused = forms.submit(f"/events/{event.id}/reports/new/outage",
                           {**when("started_at", "", ""), **when("etr_at", "2021-07-27", "08:00"),
                            "households_affected": "5栋"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    links = alert_links(html)
    assert [field for field, _ in links] == marked_in_page_order(html)
    assert {"area_id", "started_at", "households_affected"} <= {field for field, _ in links}, links
    assert all(text == label_of(html, field) for field, text in links), links
    assert ("待检查：" if lang == "zh" else "To check:") in html


def test_a_disinfection_without_sites_leads_to_its_counts(client, auth, forms, event, make_user, area_id):
    make_user("li", "reporter")
    auth.login("li")
    refused = forms.submit(f"/events/{event.id}/reports/new/disinfection",
                           {"area_id": str(area_id("西钟楼巷")), **when("observed_at", "2021-07-27", "10:00")})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422, html
    assert alert_links(html) == [("counts", re.search(r'id="counts">\s*<legend>([^<]+)', html).group(1))]
