"""An event form with a time zone no server knows names the zone, not the start it could not place.

The form read its times with no zone at all, so a good start (2021-07-01T00:00) beside a bad zone was
also refused 须为日期和时间 / 'must be a date and time', sending the clerk to a field that was right; the
API read them meanwhile in the default zone and named the zone alone. The form now does the same.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import csrf_from

FORM = {"code": "zone-1", "name": "时区", "kind": "rainstorm", "starts_at": "2021-07-01T00:00", "brief_time": "08:00"}


@pytest.mark.parametrize("zone", ["Mars/Olympus", "localtime"])
def test_an_unknown_zone_is_the_only_field_refused(seeded, client, auth, make_user, zone):
    make_user("co", "coordinator")
    auth.login("co")
    page = client.get("/events/new").get_data(as_text=True)
    refused = client.post("/events/new", data={**FORM, "timezone": zone, "csrf_token": csrf_from(page)})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert set(re.findall(r'<p class="error" id="(\w+)-error"', html)) == {"timezone"}, html
