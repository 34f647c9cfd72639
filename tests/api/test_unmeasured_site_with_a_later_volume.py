"""A pumping site whose only volume is of a later day is still unmeasured in the to date of the day before.

Found by scripts/awkward_replay.py: a team at work from 21:00 on 1 July reported its first volume, 00:00–06:00 on
2 July, at 06:30, before the brief of 1 July was due. That brief's m³ to date (to 24:00) holds none of the team's
pumping, yet `pumping.unmeasured` read 0 and the text said the figure to date with no 未计 note, as if every site at
work had been measured: a volume reported by the cut-off counted the site as measured whatever its hours. The first
brief of a day could say 1 site unmeasured and a revision compiled after the later volume arrived 0, for the same day.
"""

from __future__ import annotations

from tests.api.conftest import TokenClient, compiled_content, created, event_urls
from tests.briefs.conftest import local, make_builder


def test_a_volume_after_the_period_leaves_its_site_unmeasured_to_date(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    reports, _ = event_urls(b.event_id)
    measured = created(api, reports, {
        "kind": "pumping", "area_id": b.areas["site-a"], "team": "排涝一队", "people": 6, "pumps": 2,
        "observed_at": "2021-07-01 10:00", "reported_at": "2021-07-01 10:10"})
    created(api, reports, {
        "kind": "pumping_volume", "operation_id": measured, "volume_m3": 300,
        "period_start": "2021-07-01 10:00", "period_end": "2021-07-01 12:00", "reported_at": "2021-07-01 12:10"})
    night = created(api, reports, {
        "kind": "pumping", "area_id": b.areas["site-b"], "team": "排涝二队", "people": 4, "pumps": 1,
        "observed_at": "2021-07-01 21:00", "reported_at": "2021-07-01 21:10"})
    # its first volume: the hours after midnight, known before the brief of 1 July is due (08:00 on 2 July)
    created(api, reports, {
        "kind": "pumping_volume", "operation_id": night, "volume_m3": 600,
        "period_start": "2021-07-02 00:00", "period_end": "2021-07-02 06:00", "reported_at": "2021-07-02 06:30"})

    day1 = compiled_content(api, database, b.event_id, "2021-07-01")["pumping"]
    assert day1["volume_m3"]["to_date"]["value"] == 300
    assert day1["unmeasured"] == 1  # 排涝二队 pumped from 21:00 and none of it is in the 300
    # the next day's to date holds its 600: measured
    day2 = compiled_content(api, database, b.event_id, "2021-07-02")["pumping"]
    assert (day2["volume_m3"]["to_date"]["value"], day2["unmeasured"]) == (900, 0)
