"""What is no day, shown again as typed in its input after a refusal (forms.day_shown), is text in the input's value:
markup, quotes, entities and a very long value never leave the attribute, on the report, brief and token forms."""

from __future__ import annotations

import html as htmllib
import re

import pytest

from tests.conftest import csrf_from

from .test_day_spellings_forms import day_input, outage_refused_with_day

TYPED = ['"><script>alert(1)</script>', "' autofocus onfocus='alert(1)", "7/24 &amp; &lt;b&gt;", "<b>7/24</b>",
         "x" * 3000, "7/24\u202e"]


def _shown(html: str, name: str, typed: str) -> None:
    field = day_input(html, name)
    assert 'type="text"' in field, field
    value = re.search(r'value="([^"]*)"', field)
    assert value is not None and htmllib.unescape(value.group(1)) == typed, field
    assert "<script>" not in html and "onfocus='alert" not in html and "<b>7/24" not in html


@pytest.mark.parametrize("typed", TYPED)
def test_a_reports_day_is_shown_again_as_text(client, auth, forms, event, make_user, area_id, typed):
    make_user("li", "reporter")
    auth.login("li")
    _shown(outage_refused_with_day(forms, event, area_id, typed), "started_at-day", typed)


@pytest.mark.parametrize("typed", TYPED)
def test_a_brief_days_and_a_tokens_last_day_are_shown_again_as_text(client, auth, make_user, event, typed):
    make_user("coord1", "coordinator")
    auth.login("coord1")
    refused = auth.post(f"/events/{event.id}/briefs/compile", {"day": typed}, form_url=f"/events/{event.id}/briefs")
    assert refused.status_code == 400
    _shown(refused.get_data(as_text=True), "day", typed)
    page = client.get("/account").get_data(as_text=True)
    refused = client.post("/account/tokens", data={"name": "", "expires_on": typed, "csrf_token": csrf_from(page)})
    assert refused.status_code == 400
    _shown(refused.get_data(as_text=True), "expires_on", typed)


def test_a_nul_in_a_day_is_refused_before_any_form(client, auth, make_user, event):
    make_user("coord1", "coordinator")
    auth.login("coord1")
    refused = auth.post(f"/events/{event.id}/briefs/compile", {"day": "2021/7/24\x00"},
                        form_url=f"/events/{event.id}/briefs")
    assert refused.status_code == 400 and "\x00" not in refused.get_data(as_text=True)
