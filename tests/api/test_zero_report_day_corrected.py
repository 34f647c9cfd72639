"""A zero report's day corrected over the API: it answers its new day in every brief compiled after, within the
rules it was sent under (no period not yet open when it was sent, one live zero report per subdistrict and day).

docs/domain.md (Zero reports) says so; the storm replay's zero-report cases (scripts/replay/storm/zeros.py) send
such corrections through a running server.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.briefs.once import compile_once
from tests.api.conftest import TokenClient

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _board(content: dict, name: str) -> str:
    """Where the subdistrict stands on a brief's zero-report board."""
    quality = content["quality"]
    return ("zero" if name in [a["name"] for a in quality["zero_reported"]]
            else "silent" if name in [a["name"] for a in quality["silent"]] else "data")


def test_a_zero_reports_day_corrected_answers_the_new_day(seeded, database, coordinator_api: TokenClient):
    with database.read_session() as s:
        sub = s.scalar(sa.select(Area).where(Area.level == "subdistrict").order_by(Area.id).limit(1))
        sub_id, name = sub.id, sub.name
    made = coordinator_api.post("/api/v1/events", json={
        "code": "zero-day-corrected", "kind": "rainstorm", "name": "零报告改日", "area_id": sub_id,
        "starts_at": "2021-08-01 00:00", "ends_at": "2021-08-04 00:00"})
    assert made.status_code == 201, made.json
    event_id = made.json["id"]
    url = f"/api/v1/events/{event_id}/reports"
    day1 = compile_once(database, event_id, date(2021, 8, 1),
                        now=datetime(2021, 8, 2, 8, tzinfo=SHANGHAI).astimezone(UTC)).brief
    assert _board(day1.content, name) == "silent"
    # naming 2 August, sent at 07:00 on the 3rd: in time for the 08:00 brief of the 2nd
    sent = coordinator_api.post(url, json={"kind": "zero_report", "area_id": sub_id, "period_day": "2021-08-02",
                                           "reported_at": "2021-08-03 07:00"})
    assert sent.status_code == 201, sent.json
    zid = sent.json["id"]
    first = compile_once(database, event_id, date(2021, 8, 2),
                         now=datetime(2021, 8, 3, 8, tzinfo=SHANGHAI).astimezone(UTC)).brief
    assert _board(first.content, name) == "zero"

    def patch(day: str) -> object:
        etag = coordinator_api.get(f"/api/v1/reports/{zid}").headers["ETag"]
        return coordinator_api.patch(f"/api/v1/reports/{zid}", json={"period_day": day}, headers={"If-Match": etag})

    # at 07:00 on the 3rd the period open was the 2nd: the 3rd had not come, whenever the correction is made
    ahead = patch("2021-08-03")
    assert ahead.status_code == 422 and "period_day" in ahead.json["errors"], ahead.json
    moved = patch("2021-08-01")
    assert moved.status_code == 200, moved.json
    got = coordinator_api.get(f"/api/v1/reports/{zid}").json
    # its time is its new day's, never after it was sent: the late list and the board read it so
    assert (got["period_day"], got["observed_at"], got["observed_precision"]) == (
        "2021-08-01", "2021-08-01T04:00:00Z", "day")

    revision = compile_once(database, event_id, date(2021, 8, 2), new_revision=True).brief
    assert _board(revision.content, name) == "silent"
    assert revision.content["quality"]["corrected_since_previous_revision"] == 1
    # sent after the 1st's cut-off (2 August 08:00): late for the 1st in the brief of the 2nd
    assert [(x["report_id"], x["day"]) for x in revision.content["quality"]["late"]] == [(zid, "2021-08-01")]
    day1 = compile_once(database, event_id, date(2021, 8, 1), new_revision=True).brief
    assert _board(day1.content, name) == "zero"
    assert day1.content["quality"]["added_since_previous_revision"] == 1

    # one live zero report per subdistrict and day, a correction's new day included
    again = coordinator_api.post(url, json={"kind": "zero_report", "area_id": sub_id, "period_day": "2021-08-01",
                                            "reported_at": "2021-08-03 07:30"})
    assert again.status_code == 422 and f"#{zid}" in again.json["errors"]["period_day"], again.json
    other = coordinator_api.post(url, json={"kind": "zero_report", "area_id": sub_id, "period_day": "2021-08-02",
                                            "reported_at": "2021-08-03 07:30"})
    assert other.status_code == 201, other.json
    etag = coordinator_api.get(f"/api/v1/reports/{other.json['id']}").headers["ETag"]
    onto = coordinator_api.patch(f"/api/v1/reports/{other.json['id']}", json={"period_day": "2021-08-01"},
                                 headers={"If-Match": etag})
    assert onto.status_code == 422 and f"#{zid}" in onto.json["errors"]["period_day"], onto.json
