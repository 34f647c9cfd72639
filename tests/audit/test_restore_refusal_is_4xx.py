"""A restore the rules refuse is answered with the history page and a 4xx, not a redirect.

Restoring an outage update while its outage stays retracted answered 303 back to the history, the reason
(停电编号：…已撤回…) in a flash: a redirect that reads as done. It is now the history page with 422 and
the reason; a stale version is a 409 there, a report not retracted a 409 too; nothing restored.
"""

from __future__ import annotations

import sqlalchemy as sa

from incidents.models import Event, Report, ReportStatus
from tests.api.conftest import coordinator_api, new_token, token_client  # noqa: F401
from tests.conftest import csrf_from


def test_restoring_an_update_of_a_retracted_outage_is_a_422(seeded, database, client, auth, make_user,
                                                           coordinator_api):  # noqa: F811
    with database.read_session() as s:
        event = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
        place = s.scalar(sa.select(Report.area_id).where(Report.event_id == event).order_by(Report.id))
    url = f"/api/v1/events/{event}/reports"
    outage = coordinator_api.post(url, json={"kind": "outage", "area_id": place, "started_at": "2021-07-23 08:00",
                                             "households_affected": 30}).get_json()
    update = coordinator_api.post(url, json={"kind": "outage_update", "outage_id": outage["id"],
                                             "observed_at": "2021-07-23 12:00", "households_restored": 10}).get_json()
    for made in (update, outage):
        retracted = coordinator_api.post(f"/api/v1/reports/{made['id']}/retract", json={"version": made["version"]})
        assert retracted.status_code == 200, retracted.get_json()
    make_user("co", "coordinator")
    auth.login("co")
    history = f"/history/reports/{update['id']}"
    page = client.get(history).get_data(as_text=True)
    with database.read_session() as s:
        version = s.get(Report, update["id"]).version
    refused = client.post(f"{history}/restore", data={"csrf_token": csrf_from(page), "version": str(version)})
    assert refused.status_code == 422
    assert "已撤回" in refused.get_data(as_text=True)
    stale = client.post(f"{history}/restore", data={"csrf_token": csrf_from(page), "version": str(version - 1)})
    assert stale.status_code == 409
    with database.read_session() as s:
        assert s.get(Report, update["id"]).status is ReportStatus.RETRACTED
    live = client.post(f"/history/reports/{outage['id']}/restore", data={"csrf_token": csrf_from(page),
                                                                        "version": str(outage["version"] + 1)})
    assert live.status_code == 303  # the outage itself comes back
    again = client.post(f"/history/reports/{outage['id']}/restore", data={"csrf_token": csrf_from(page),
                                                                         "version": str(outage["version"] + 2)})
    assert again.status_code == 409  # not retracted any more: nothing to restore
