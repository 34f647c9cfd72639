"""A pumped volume counts only while its pumping operation does, an outage update only while its outage does.

Found by replaying an urban waterlogging flood through the API: an operation retracted (entered by
mistake) or sent back (退回) left the brief's operations, yet its volumes stayed in the m³ of the day,
to date, in its subdistrict's row and among the reports used — the brief said 西城街道 pumped
8,000 m³ with no operation there. The updates of a retracted outage were still among the reports used.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.events.models import Event
from tests.api.conftest import TokenClient, compiled_brief


def pumping(brief: dict[str, Any], subdistrict: str) -> tuple[Any, ...]:
    """The brief's m³ of the day and to date, its operations, and the subdistrict row's m³ of the day."""
    content = brief["content"]
    volume = content["pumping"]["volume_m3"]
    row = next(r for r in content["subdistricts"] if r["name"] == subdistrict)
    return (volume["period"]["value"], volume["to_date"]["value"], content["pumping"]["operations_total"],
            row["volume_m3"]["period"]["value"], row["reports"], content["quality"]["reports_used"])


def test_volumes_of_a_retracted_or_returned_operation_count_nowhere(seeded, database, coordinator_api: TokenClient):
    with database.read_session() as s:
        event = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
        area = s.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
        subdistrict = s.get(Area, s.get(Area, area).parent_id)
        while subdistrict.level.value != "subdistrict":
            subdistrict = s.get(Area, subdistrict.parent_id)
        subdistrict_name = subdistrict.name
    api = coordinator_api
    latest: list[int] = []

    def brief() -> dict[str, Any]:
        """A new revision of 30 July's brief, compiled now (the first one asked for, then each recompiled)."""
        made = (compiled_brief(api, database, f"/api/v1/briefs/{latest[-1]}/recompile") if latest else
                compiled_brief(api, database, f"/api/v1/events/{event}/briefs/compile", {"day": "2021-07-30"}))
        latest.append(made["id"])
        return api.get(made["formats"]["json"]).json

    before = pumping(brief(), subdistrict_name)
    operation = api.post(f"/api/v1/events/{event}/reports", json={
        "kind": "pumping", "area_id": area, "team": "排涝测试队", "people": 5, "pumps": 2,
        "observed_at": "2021-07-30 08:00", "reported_at": "2021-07-30 08:10"}).json["id"]
    made = api.post(f"/api/v1/events/{event}/reports", json={
        "kind": "pumping_volume", "operation_id": operation, "period_start": "2021-07-30 08:00",
        "period_end": "2021-07-30 12:00", "volume_m3": "0.8万方", "reported_at": "2021-07-30 12:30"})
    assert made.status_code == 201, made.json
    counted = pumping(brief(), subdistrict_name)
    assert counted[0] == (before[0] or 0) + 8000 and counted[1] == (before[1] or 0) + 8000
    assert counted[2] == before[2] + 1 and counted[3] == (before[3] or 0) + 8000
    assert counted[4:] == (before[4] + 2, before[5] + 2)  # the operation and its volume are reports used

    assert api.post(f"/api/v1/reports/{operation}/retract").status_code == 200
    assert pumping(brief(), subdistrict_name) == before

    assert api.post(f"/api/v1/reports/{operation}/restore").status_code == 200
    assert pumping(brief(), subdistrict_name) == counted
    assert api.post(f"/api/v1/reports/{operation}/return", json={"reason": "队伍名称不全"}).status_code == 200
    assert pumping(brief(), subdistrict_name) == before


def test_updates_of_a_retracted_outage_are_not_reports_used(seeded, database, coordinator_api: TokenClient):
    with database.read_session() as s:
        event = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
        area = s.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
    api, latest = coordinator_api, []

    def used() -> int:
        """The reports used by a new revision of 30 July's brief."""
        made = (compiled_brief(api, database, f"/api/v1/briefs/{latest[-1]}/recompile") if latest else
                compiled_brief(api, database, f"/api/v1/events/{event}/briefs/compile", {"day": "2021-07-30"}))
        latest.append(made["id"])
        return api.get(made["formats"]["json"]).json["content"]["quality"]["reports_used"]

    before = used()
    outage = api.post(f"/api/v1/events/{event}/reports", json={
        "kind": "outage", "area_id": area, "households_affected": 10, "started_at": "2021-07-30 08:00",
        "reported_at": "2021-07-30 08:10"}).json["id"]
    made = api.post(f"/api/v1/events/{event}/reports", json={
        "kind": "outage_update", "outage_id": outage, "observed_at": "2021-07-30 10:00", "households_restored": 4,
        "reported_at": "2021-07-30 10:10"})
    assert made.status_code == 201, made.json
    assert used() == before + 2
    assert api.post(f"/api/v1/reports/{outage}/retract").status_code == 200
    assert used() == before
