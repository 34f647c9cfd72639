"""A report late by a second says the second: "08:00:01获知", never "08:00获知" under an 08:00 cut-off.

Found by an outside typhoon replay: a clearance stamped 08:00:01, late for the 08:00 brief it missed, was listed
in the next brief as "9月16日 08:00获知" — read against 数据截至…08:00, as if it had been in time.
"""

from __future__ import annotations

from tests.api.conftest import TokenClient, compiled_brief
from tests.briefs.conftest import local, make_builder


def test_late_by_a_second_reads_to_the_second(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    for stamp in ("2021-07-02T08:00:01+08:00", "2021-07-02 09:30"):
        made = api.post(url, json={"kind": "debris", "area_id": b.areas["site-a"], "mass_t": 1,
                                   "period_start": "2021-07-01 20:00", "reported_at": stamp})
        assert made.status_code == 201, made.get_data(as_text=True)
    compiled_brief(api, database, f"/api/v1/events/{b.event_id}/briefs/compile", {"day": "2021-07-01"})
    brief = compiled_brief(api, database, f"/api/v1/events/{b.event_id}/briefs/compile", {"day": "2021-07-02"})
    zh = api.get(brief["formats"]["txt"]).get_data(as_text=True)
    assert "7月2日 08:00:01获知" in zh, zh
    assert "7月2日 09:30获知" in zh, zh
    en = api.get(brief["formats"]["txt"] + "?lang=en").get_data(as_text=True)
    assert "known 2 Jul 08:00:01" in en, en
    assert "known 2 Jul 09:30;" in en or "known 2 Jul 09:30." in en, en
