"""Brief figures an outside tester computes by hand from docs/domain.md and docs/briefs.md alone, held against the
briefs the product compiles from the same reports sent through the API with a token.

Each case is one of the doc's worked examples ("Computing a brief's figures yourself" in docs/briefs.md): the
cut-off's very second, a report a second late, a volume corrected after the brief that showed it (the next
brief's period is not its to-date less the previous), a retraction, an outage restored in steps across a
cut-off with a vague time placed at the moment it was reported.
"""

from __future__ import annotations

from tests.api.conftest import TokenClient, compiled_with_content, created, event_urls, marks
from tests.briefs.conftest import local, make_builder


def test_a_volume_corrected_after_its_brief_and_one_a_second_late(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url, compile_url = event_urls(b.event_id)
    op = created(api, url, {"kind": "pumping", "area_id": b.areas["site-a"], "team": "一队", "people": 6,
                          "observed_at": "2021-07-01 09:00", "reported_at": "2021-07-01 09:05"})
    # 1200 m³ over 20:00–08:00 (12 h), stamped at the cut-off's very second: in the brief of 1 July.
    v1 = created(api, url, {"kind": "pumping_volume", "operation_id": op, "volume_m3": 1200,
                          "period_start": "2021-07-01 20:00", "period_end": "2021-07-02 08:00",
                          "reported_at": "2021-07-02T08:00:00+08:00"})
    # 300 m³ of 1 July stamped a second after that cut-off: late, in the brief of 2 July.
    v2 = created(api, url, {"kind": "pumping_volume", "operation_id": op, "volume_m3": 300,
                          "period_start": "2021-07-01 10:00", "period_end": "2021-07-01 12:00",
                          "reported_at": "2021-07-02T08:00:01+08:00"})
    first, day1 = compiled_with_content(api, database, compile_url, {"day": "2021-07-01"})
    volume = day1["pumping"]["volume_m3"]
    # ⌊1200 × 4 h / 12 h⌋ = 400, an estimate (the interval runs past 24:00); v2 not known by the cut-off.
    assert marks(volume["period"]) == (400, False, True)
    assert marks(volume["to_date"]) == (400, False, True)
    assert volume["previous"] is None  # no brief before the first
    assert day1["quality"]["late_total"] == 0

    # Corrected after the brief of 1 July was compiled: 1500 m³ (that brief keeps its 400).
    fixed = api.patch(f"/api/v1/reports/{v1}", json={"volume_m3": 1500}, headers={"If-Match": '"1"'})
    assert fixed.status_code == 200, fixed.get_json()
    created(api, url, {"kind": "pumping_volume", "operation_id": op, "volume_m3": 200,
                     "period_start": "2021-07-02 10:00", "period_end": "2021-07-02 14:00",
                     "reported_at": "2021-07-02 14:05"})
    _, day2 = compiled_with_content(api, database, compile_url, {"day": "2021-07-02"})
    volume = day2["pumping"]["volume_m3"]
    # The day's shares: 1500 − ⌊1500 × 4 / 12⌋ = 1000 of the corrected volume, and 200.
    assert marks(volume["period"]) == (1200, False, True)
    # Every share before 3 July 00:00, as the reports stand now: 1500 + 300 + 200.
    assert marks(volume["to_date"]) == (2000, False, False)
    # The brief of 1 July as it was compiled: 2000 − 400 is not 1200 (v2 late, v1 corrected).
    assert marks(volume["previous"]) == (400, False, True)
    assert volume["fell"] is False
    assert [(r["report_id"], r["day"]) for r in day2["quality"]["late"]] == [(v2, "2021-07-01")]
    assert day2["quality"]["late_total"] == 1

    # A revision of 1 July now: ⌊1500 × 4 / 12⌋ = 500 and the late 300; one report added since, one corrected.
    _, again = compiled_with_content(api, database, f"/api/v1/briefs/{first['id']}/recompile")
    assert marks(again["pumping"]["volume_m3"]["period"]) == (800, False, True)
    quality = again["quality"]
    assert (quality["added_since_previous_revision"], quality["corrected_since_previous_revision"],
            quality["retracted_since_previous_revision"]) == (1, 1, 0)


def test_an_outage_restored_in_steps_across_a_cutoff_then_retracted(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url, compile_url = event_urls(b.event_id)
    outage = created(api, url, {"kind": "outage", "area_id": b.areas["site-a"], "households_affected": 200,
                              "started_at": "2021-07-01 21:00", "reported_at": "2021-07-01 21:10"})
    other = created(api, url, {"kind": "outage", "area_id": b.areas["site-b"], "households_affected": 40,
                             "started_at": "2021-07-01 12:00", "reported_at": "2021-07-01 12:10"})

    def update(observed: str, back: int, reported: str) -> None:
        created(api, url, {"kind": "outage_update", "outage_id": outage, "observed_at": observed,
                         "households_restored": back, "reported_at": reported})

    update("2021-07-01 23:00", 80, "2021-07-02 07:00")  # 80 back so far, known by the cut-off
    update("2021-07-01 23:30", 100, "2021-07-02T08:00:01+08:00")  # 100 back so far: a second late
    # "上午" (06:00–12:00) is stored at its middle, 09:00, but never after it was reported: at 08:30.
    update("2021-07-02 morning", 150, "2021-07-02 08:30")

    first, day1 = compiled_with_content(api, database, compile_url, {"day": "2021-07-01"})
    power = day1["power"]
    # Out at 24:00: 200 − 80 + 40; back in the day: 80 (the 23:30 update was not known at 08:00).
    assert marks(power["households_out"]) == (160, False, False)
    assert marks(power["households_restored"]) == (80, False, False)
    assert (power["new_in_period"], power["open_outages"], power["outages_to_date"]) == (2, 2, 2)
    assert marks(power["peak_households"]) == (240, False, False)

    # The outage as known at 08:45, as of 08:45: the morning's 150 is already counted (stored at 08:30).
    states = api.get(f"/api/v1/events/{b.event_id}/outages",
                     query_string={"as_of": "2021-07-02 08:45", "known_at": "2021-07-02 08:45"}).json
    assert {o["outage_id"]: o["households_out"] for o in states["outages"]}[outage] == 50

    # The other outage retracted after the brief of 1 July: it counts in no brief compiled since.
    gone = api.post(f"/api/v1/reports/{other}/retract", json={"reason": "重复报告"})
    assert gone.status_code == 200, gone.get_json()
    _, day2 = compiled_with_content(api, database, compile_url, {"day": "2021-07-02"})
    power = day2["power"]
    # At 2 July 00:00 100 were out (the late 23:30 update counts now); at 24:00, 50: 50 came back that day.
    assert marks(power["households_out"]) == (50, False, False)
    assert marks(power["households_restored"]) == (50, False, False)
    assert (power["new_in_period"], power["open_outages"], power["outages_to_date"]) == (0, 1, 1)
    assert marks(power["peak_households"]) == (200, False, False)
    assert power["pct_restored_households"] == 75.0

    # A revision of 1 July compiled now reads every report as it stands: 100 back, 100 out, no 乙小区.
    _, again = compiled_with_content(api, database, f"/api/v1/briefs/{first['id']}/recompile")
    assert marks(again["power"]["households_out"]) == (100, False, False)
    assert marks(again["power"]["households_restored"]) == (100, False, False)
    assert again["power"]["outages_to_date"] == 1
    # What it says changed since the first: the 23:30 update received since (the morning's bears on 2 July), and
    # the outage retracted.
    quality = again["quality"]
    assert (quality["previous_revision"], quality["added_since_previous_revision"],
            quality["corrected_since_previous_revision"], quality["retracted_since_previous_revision"]) == (1, 1, 0, 1)
    # The brief first compiled keeps its snapshot.
    kept = api.get(f"/api/v1/briefs/{first['id']}/json").json["content"]["power"]
    assert marks(kept["households_out"]) == (160, False, False)


def test_disinfection_totals_to_date_replace_what_was_observed_before_them(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url, compile_url = event_urls(b.event_id)
    rounds = [  # (streets, person-times, a total to date, observed, reported)
        (50, 10, False, "2021-07-01 10:00", "2021-07-01 10:05"),
        (120, 30, True, "2021-07-02 12:00", "2021-07-02 12:10"),
        (7, 2, False, "2021-07-02 11:00", "2021-07-02 13:00"),  # sent after the total, observed before it
        (30, 5, False, "2021-07-02 15:00", "2021-07-02 15:05"),
    ]
    for streets, people, cumulative, observed, reported in rounds:
        created(api, url, {"kind": "disinfection", "area_id": b.areas["site-a"], "counts": {"street": streets},
                         "person_times": people, "cumulative": cumulative, "observed_at": observed,
                         "reported_at": reported})
    compiled_with_content(api, database, compile_url, {"day": "2021-07-01"})
    _, day2 = compiled_with_content(api, database, compile_url, {"day": "2021-07-02"})
    streets = next(c["figure"] for c in day2["disinfection"]["categories"] if c["code"] == "street")
    # To date: the total of 12:00 replaces every round observed before it (the 7 too), later rounds add: 120 + 30.
    # The day's: the change of the total to date over it, 150 − 50, not the report's own 120 + 7 + 30.
    assert (streets["to_date"]["value"], streets["period"]["value"], streets["previous"]["value"]) == (150, 100, 50)
    assert streets["to_date"]["cum"] is True
    people = day2["disinfection"]["person_times"]
    assert (people["to_date"]["value"], people["period"]["value"]) == (35, 25)


def test_zero_reports_at_the_cutoff_second_and_by_their_stated_moment(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url, compile_url = event_urls(b.event_id)
    # No period_day at 2 July 08:00:00, the brief time itself: the period has turned, it answers 2 July.
    today = created(api, url, {"kind": "zero_report", "area_id": b.areas["a"],
                             "reported_at": "2021-07-02T08:00:00+08:00"})
    assert api.get(f"/api/v1/reports/{today}").json["period_day"] == "2021-07-02"
    # Naming 1 July at that very second: in time for the brief of 1 July, whose cut-off includes it.
    created(api, url, {"kind": "zero_report", "area_id": b.areas["a"], "period_day": "2021-07-01",
                     "reported_at": "2021-07-02T08:00:00+08:00"})
    # A second later, for the same day named: late, so 乙街道 is 未报送 in the brief of 1 July.
    zero_b = created(api, url, {"kind": "zero_report", "area_id": b.areas["b"], "period_day": "2021-07-01",
                              "reported_at": "2021-07-02T08:00:01+08:00"})
    _, day1 = compiled_with_content(api, database, compile_url, {"day": "2021-07-01"})
    names = [a["name"] for a in day1["quality"]["zero_reported"]], [a["name"] for a in day1["quality"]["silent"]]
    assert names == (["甲街道"], ["乙街道"])
    assert day1["quality"]["reports_used"] == 0  # a zero report adds to no figure
    _, day2 = compiled_with_content(api, database, compile_url, {"day": "2021-07-02"})
    assert [(r["report_id"], r["day"]) for r in day2["quality"]["late"]] == [(zero_b, "2021-07-01")]
    assert ([a["name"] for a in day2["quality"]["zero_reported"]], [a["name"] for a in day2["quality"]["silent"]]) \
        == (["甲街道"], ["乙街道"])
