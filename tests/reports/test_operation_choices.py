"""The pumping operations a volume can belong to are told apart: the same team at the same place on two
days was listed twice as "北大街街道 · 区消防大队", and a person picked one at random."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from incidents.reports import services
from tests.conftest import switch_language

TZ = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize("language", ["zh", "en"])
def test_two_operations_of_one_team_at_one_place_read_differently(database, event, area_id, make_user, client,
                                                                  auth, language):
    office = make_user("office", "coordinator")
    with database.transaction() as s:
        for day in (24, 26):
            services.create_report(s, "pumping", {
                "event_id": event.id, "area_id": area_id("西钟楼巷"), "team": "区消防大队", "team_en": "Fire brigade",
                "observed_at": datetime(2021, 7, day, 9, 30, tzinfo=TZ), "observed_precision": "exact"}, office)
    auth.login("office")
    if language == "en":
        switch_language(client, "en")
    page = client.get(f"/events/{event.id}/reports/new/pumping_volume").get_data(as_text=True)
    select = re.search(r'<select id="operation_id".*?</select>', page, re.S).group(0)
    labels = [label for value, label in re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', select)]
    ours = [label for label in labels if "西钟楼巷" in label or "Xizhonglou" in label]
    assert len(ours) == 2 and len(set(labels)) == len(labels), labels
    if language == "zh":
        assert "西钟楼巷 · 区消防大队，自7月26日 09:30起" in ours, ours
    else:
        assert all("Fire brigade" in label and "since" in label for label in ours), ours
