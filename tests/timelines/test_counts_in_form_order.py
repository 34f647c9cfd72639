"""The timeline gives an outage's sizes in the order its report form asks them, buildings then households (停电楼栋,
停电户数), as the report's page and the brief's key figures do: a bar's facts and the "still without power" list read
households then buildings."""

from __future__ import annotations

import re

import pytest

from tests.conftest import switch_language


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_bar_and_the_still_out_list_read_buildings_then_households(build, client, auth, make_user, lang):
    build.outage("site-a", households_affected=120, buildings_affected=6)
    make_user("reader1", "viewer")
    auth.login("reader1")
    if lang == "en":
        switch_language(client, "en")
    html = client.get(f"/events/{build.event_id}/timeline").get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
    right, wrong = {"zh": ("6栋 · 120户", "120户 · 6栋"),
                    "en": ("6 buildings · 120 households", "120 households · 6 buildings")}[lang]
    # Once in the outage's bar, once in the list of those still out.
    assert (text.count(right), text.count(wrong)) == (2, 0), text
