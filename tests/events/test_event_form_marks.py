"""The event form marks what it cannot do without (*) before the first try, as the report forms do."""

from __future__ import annotations

import re

from incidents.events.services import REQUIRED_FIELDS


def test_the_new_event_form_marks_its_required_fields(seeded, client, auth, make_user):
    make_user("co", "coordinator")
    auth.login("co")
    page = client.get("/events/new").get_data(as_text=True)
    marked = set(re.findall(r'<label for="(\w+)">[^<]*<span class="req"', page))
    # The kind too: it names every brief (防御台风工作日报 / 防汛救灾工作日报), so none is chosen for you.
    assert marked == set(REQUIRED_FIELDS) == {"name", "code", "starts_at", "kind"}
    assert '<option value="" selected>请选择类型…</option>' in page
    assert '<a class="tap" href="/">取消</a>' in page  # a way out of a new event too, not only of an edit
    # Each of them is what an empty form is refused for, by name.
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    refused = client.post("/events/new", data={"csrf_token": csrf}).get_data(as_text=True)
    refused_for = set(re.findall(r'<p class="error" id="(\w+)-error"[^>]*>必填', refused))
    assert refused_for == set(REQUIRED_FIELDS), refused_for
