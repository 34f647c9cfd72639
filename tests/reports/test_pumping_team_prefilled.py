"""A crew's next pumping report starts with its own team filled in, as the place is: on a phone it was typed anew."""

from __future__ import annotations

import html
import re

from .conftest import when


def team_value(page: str, name: str = "team") -> str:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert tag, name
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return html.unescape(value.group(1)) if value else ""


def test_the_next_pumping_starts_with_the_reporters_own_last_team(seeded, database, forms, client, auth, make_user,
                                                                  event, area_id):
    # Found in a field worker's minute at 360 px: 队伍或单位 is required and was empty on every new pumping.
    make_user("li", "reporter")
    make_user("wang", "reporter")
    auth.login("li")
    url = f"/events/{event.id}/reports/new/pumping"
    saved = forms.submit(url, {"area_id": area_id("西钟楼巷"), **when("observed_at", "2021-07-23", "10:00"),
                               "team": "北大街排涝一队", "team_en": "Beidajie crew 1", "pumps": "2"})
    assert saved.status_code in (302, 303), saved.get_data(as_text=True)[-500:]
    page = client.get(url).get_data(as_text=True)
    assert team_value(page) == "北大街排涝一队" and team_value(page, "team_en") == "Beidajie crew 1"
    # Another reporter's form does not take li's team: it is the crew's own.
    client.post("/logout", data={"csrf_token": re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)})
    auth.login("wang")
    assert team_value(client.get(url).get_data(as_text=True)) == ""
