"""English lists of choices read as choices: the event form's kinds were typhoon, rainstorm, flood, other and the
area form's levels district, subdistrict / town… (the lower case a word has inside a line, "rainstorm · ended
31 Jul"), under "Choose the kind…" and beside the report kinds' Power outage, Pumping operation."""

from __future__ import annotations

import re

from tests.conftest import switch_language


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', html, re.S).group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_event_kinds_and_area_levels_are_capitalised_in_english(seeded, client, auth, make_user):
    make_user("co", "coordinator")
    auth.login("co")
    assert _options(client.get("/events/new").get_data(as_text=True), "kind")[1:] == ["台风", "暴雨", "洪涝", "其他"]
    switch_language(client, "en")
    assert _options(client.get("/events/new").get_data(as_text=True), "kind") == [
        "Choose the kind…", "Typhoon", "Rainstorm", "Flood", "Other"]
    levels = _options(client.get("/areas/new?parent=1").get_data(as_text=True), "level")
    assert levels == ["District", "Subdistrict / town", "Community / village", "Site"]
