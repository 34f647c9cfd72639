"""`partial_in_period` counts the outages partly back and still out at the day's end, as the reference says.

Found by an outside typhoon replay: one outage 50 back in the morning and all back at 17:00, another 100 back
of 150余 and still out, gave `partial_in_period` 1 (1处部分恢复供电) where the reference's "outages partly
restored in the day" reads 2; the product counts the one still out, and now says so.
"""

from __future__ import annotations

from tests.api.conftest import TokenClient, compiled_content, outage_with_updates
from tests.briefs.conftest import local, make_builder


def test_partly_then_fully_back_is_restored_not_partial(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    outage_with_updates(api, b.event_id, b.areas["site-a"], {
        "started_at": "2021-07-01 08:00", "households_affected": 200, "reported_at": "2021-07-01 08:10"}, [
        {"observed_at": "2021-07-01 10:00", "households_out": 50, "reported_at": "2021-07-01 10:10"},
        {"observed_at": "2021-07-01 17:00", "fully_restored": True, "reported_at": "2021-07-01 17:10"}])
    outage_with_updates(api, b.event_id, b.areas["site-b"], {
        "started_at": "2021-07-01 09:00", "households_affected": "150+", "reported_at": "2021-07-01 09:10"}, [
        {"observed_at": "2021-07-01 12:00", "households_restored": 100, "reported_at": "2021-07-01 12:10"}])
    power = compiled_content(api, database, b.event_id, "2021-07-01")["power"]
    assert (power["restored_in_period"], power["partial_in_period"], power["open_outages"]) == (1, 1, 1)
    assert (power["households_restored"]["value"], power["households_restored"]["lb"]) == (300, False)
    said = api.get("/api/v1/openapi.json", headers={"Accept-Language": "en"}).json[
        "components"]["schemas"]["Power"]["properties"]["partial_in_period"]["description"]
    assert "still out at its end" in said, said
