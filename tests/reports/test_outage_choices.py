"""The outages an update can belong to are told apart: two outages logged at one place in the same minute (a
retry that was a second report, or two buildings' feeders) read 文峰汇·十二府，自12月3日 15:07起 twice, and the
field worker picked one at random. Each now says its size and its number, as its report page is headed (#25)."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from incidents.reports import services
from tests.conftest import switch_language

TZ = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize("language", ["zh", "en"])
def test_two_outages_at_one_place_in_one_minute_read_differently(database, event, area_id, make_user, client,
                                                                 auth, language):
    office = make_user("office", "coordinator")
    ids = []
    with database.transaction() as s:
        for households in (1200, 80):
            ids.append(services.create_report(s, "outage", {
                "event_id": event.id, "area_id": area_id("西钟楼巷"), "households_affected": households,
                "started_at": datetime(2021, 7, 26, 9, 30, tzinfo=TZ), "started_precision": "exact"}, office).id)
    auth.login("office")
    if language == "en":
        switch_language(client, "en")
    page = client.get(f"/events/{event.id}/reports/new/outage_update").get_data(as_text=True)
    select = re.search(r'<select id="outage_id".*?</select>', page, re.S).group(0)
    labels = dict(re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', select))
    ours = [labels[str(i)] for i in ids]
    assert ours[0] != ours[1], ours
    if language == "zh":
        assert ours == [f"西钟楼巷，自7月26日 09:30起 · 1,200户 · #{ids[0]}",
                        f"西钟楼巷，自7月26日 09:30起 · 80户 · #{ids[1]}"]
    else:
        assert ours[0].endswith(f" · 1,200 households · #{ids[0]}"), ours
