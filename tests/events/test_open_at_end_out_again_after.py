"""A closed event's open outages are those open at its end, as its timeline shows them (`events/services.still_out`),
also for an outage back by the end and out again after it: the event page's headline and 分街道 row, the events
download and the timeline agree.

Until 7 December the event page and the download read the stored restoration, the latest one: an outage back at
10:00 and out again at 12:00 read as open at an end at 11:00 (3 open outages beside the timeline's 1, 甲街道 2 beside
0).
"""

from __future__ import annotations

import csv
import io
import re

from tests.api.conftest import TokenClient, coordinator_api, new_token, token_client  # noqa: F401
from tests.briefs.conftest import local, make_builder


def _post(api: TokenClient, event_id: int, **body) -> int:  # noqa: ANN003
    made = api.post(f"/api/v1/events/{event_id}/reports", json=body)
    assert made.status_code == 201, made.json
    return made.json["id"]


def test_an_outage_back_at_the_end_and_out_again_after_is_not_open_there(
        database, client, auth, make_user, coordinator_api: TokenClient):  # noqa: F811
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    again = _post(api, b.event_id, kind="outage", area_id=b.areas["site-a"], started_at="2021-07-02 08:00",
                  reported_at="2021-07-02 08:05", households_affected=100)
    _post(api, b.event_id, kind="outage_update", outage_id=again, observed_at="2021-07-02 10:00",
          reported_at="2021-07-02 10:05", fully_restored=True)
    _post(api, b.event_id, kind="outage_update", outage_id=again, observed_at="2021-07-02 12:00",
          reported_at="2021-07-02 12:05", households_out=40)
    # back at 10:00, out again at 12:00 and back at 14:00: its stored restoration is after the end too
    twice = _post(api, b.event_id, kind="outage", area_id=b.areas["site-a"], started_at="2021-07-02 08:30",
                  reported_at="2021-07-02 08:35", households_affected=50)
    for at, word in (("10:00", {"fully_restored": True}), ("12:00", {"households_out": 20}),
                     ("14:00", {"fully_restored": True})):
        _post(api, b.event_id, kind="outage_update", outage_id=twice, observed_at=f"2021-07-02 {at}",
              reported_at=f"2021-07-02 {at}", **word)
    _post(api, b.event_id, kind="outage", area_id=b.areas["site-b"], started_at="2021-07-02 09:00",
          reported_at="2021-07-02 09:05", households_affected=30)
    closed = api.post(f"/api/v1/events/{b.event_id}/close", json={"ends_at": "2021-07-02 11:00"})
    assert closed.status_code == 200, closed.json
    timeline = api.get(f"/api/v1/events/{b.event_id}/timeline").json
    assert timeline["stats"]["open"] == 1
    assert {g["subdistrict_name"]: g["open"] for g in timeline["groups"]} == {"甲街道": 0, "乙街道": 1}
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    page = client.get(f"/events/{b.event_id}").get_data(as_text=True)
    headline = re.search(r"<dt>未恢复停电处数</dt><dd>(?:<a[^>]*>)?(\d+)", page)
    assert headline and headline.group(1) == "1", headline
    rows = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", page, re.S)[1:]:
        cells = re.sub(r"<[^>]+>", "", tr).split()
        if cells:
            rows[cells[0]] = cells[1]
    assert rows["甲街道"] == "2" and rows["乙街道"] == "1（1处未恢复）", rows
    download = client.get("/events/export.csv").get_data().decode("utf-8-sig")
    line = next(r for r in csv.DictReader(io.StringIO(download)) if r["代码"] == "test-event")
    assert line["未恢复停电"] == "1", line
