"""An area's size corrected down after reports on it does not block later corrections of those reports.

Found by an outside tester replaying a disaster: an area lowered to 100 households under an outage of
460 made every later PATCH of the outage (a note) a 422 naming households_affected, a field not sent.
"""

from __future__ import annotations

import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.events.models import Event
from incidents.reports.models import Report
from tests.api.conftest import TokenClient

RAIN = "wenfeng-2021-07-rainstorm"


def _lowered(database, api: TokenClient) -> tuple[str, dict, int]:  # noqa: ANN001
    """An outage of 460 households on an area then lowered to 100: (the area's URL, the outage, its version)."""
    with database.read_session() as s:
        event = s.scalar(sa.select(Event.id).where(Event.code == RAIN))
        area_id = s.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
    area = api.get(f"/api/v1/areas/{area_id}").get_json()
    sized = api.patch(f"/api/v1/areas/{area_id}", json={"households": 600, "version": area["version"]})
    assert sized.status_code == 200, sized.get_json()
    outage = api.post(f"/api/v1/events/{event}/reports",
                      json={"kind": "outage", "area_id": area_id, "households_affected": 460,
                            "started_at": "2021-07-22 10:00"})
    assert outage.status_code == 201, outage.get_json()
    lowered = api.patch(f"/api/v1/areas/{area_id}", json={"households": 100, "version": sized.get_json()["version"]})
    assert lowered.status_code == 200, lowered.get_json()
    return f"/api/v1/areas/{area_id}", outage.get_json(), outage.get_json()["version"]


def _note(api: TokenClient, outage: dict, version: int) -> dict:
    """PATCH a note alone onto the outage: accepted (the figure and place stay as they were)."""
    noted = api.patch(f"/api/v1/reports/{outage['id']}", json={"note": "抢修队已到场", "version": version},
                      headers={"Accept-Language": "en"})
    assert noted.status_code == 200, noted.get_json()
    assert noted.get_json()["note"] == "抢修队已到场" and noted.get_json()["households_affected"] == 460
    return noted.get_json()


def test_an_edit_that_leaves_the_figure_is_not_refused_for_a_lowered_area(seeded, database,
                                                                            coordinator_api: TokenClient):
    _area, outage, version = _lowered(database, coordinator_api)
    noted = _note(coordinator_api, outage, version)
    # PUT of what GET gave (the figure unchanged) is no change of the figure either.
    whole = {k: v for k, v in noted.items() if k not in ("restored_at", "restored_precision")}
    replaced = coordinator_api.put(f"/api/v1/reports/{outage['id']}", json={**whole, "note": "已复电一半"})
    assert replaced.status_code == 200, replaced.get_json()
    # A new report is still checked against the area's size.
    refused = coordinator_api.post(f"/api/v1/events/{outage['event_id']}/reports",
                                   json={"kind": "outage", "area_id": outage["area_id"], "households_affected": 460,
                                         "started_at": "2021-07-22 11:00"}, headers={"Accept-Language": "en"})
    assert refused.status_code == 422
    assert refused.get_json()["errors"] == {"households_affected": "is more than the 100 households of the area"}


def test_an_edit_that_changes_the_figure_or_the_place_is_still_checked(seeded, database,
                                                                        coordinator_api: TokenClient):
    _area, outage, version = _lowered(database, coordinator_api)
    version = _note(coordinator_api, outage, version)["version"]
    changed = coordinator_api.patch(f"/api/v1/reports/{outage['id']}",
                                    json={"households_affected": 300, "version": version},
                                    headers={"Accept-Language": "en"})
    assert changed.status_code == 422
    assert changed.get_json()["errors"] == {"households_affected": "is more than the 100 households of the area"}
    # "More than 460" is another figure than an exact 460: checked too.
    flagged = coordinator_api.patch(f"/api/v1/reports/{outage['id']}",
                                    json={"households_affected": 460, "households_affected_lb": True,
                                          "version": version})
    assert flagged.status_code == 422 and "households_affected" in flagged.get_json()["errors"]
    # Moved to another area too small for it: checked against that one.
    with database.read_session() as s:
        other = s.scalar(sa.select(Area.id).where(Area.name == "安彩嘉园二期"))
    small = coordinator_api.get(f"/api/v1/areas/{other}").get_json()
    assert coordinator_api.patch(f"/api/v1/areas/{other}",
                                 json={"households": 50, "version": small["version"]}).status_code == 200
    moved = coordinator_api.patch(f"/api/v1/reports/{outage['id']}", json={"area_id": other, "version": version},
                                  headers={"Accept-Language": "en"})
    assert moved.status_code == 422
    assert moved.get_json()["errors"] == {"households_affected": "is more than the 50 households of the area"}
    with database.read_session() as s:
        stored = s.get(Report, outage["id"])
        assert (stored.version, stored.households_affected, stored.area_id) == (version, 460, outage["area_id"])
