"""Restoring a retracted update that said more were back than its outage, corrected since, says were affected.

Found replaying a typhoon: 新华社区 out for 77 households, 30 back at 18:00; the update retracted, the outage
corrected to 20 households (no live update stood in the way), then the update restored. The restore was taken
(the check that refuses a correction making restored > affected is not met on a restore) and the outage read as
none out with nobody saying power was back. Now a 422 naming the figures, on the API, the history page's
restore form and the report page's, and nothing changes.
"""

from __future__ import annotations

import re
from typing import Any

from incidents.models import Report, ReportStatus
from tests.api.conftest import TokenClient
from tests.briefs.conftest import local, make_builder
from tests.conftest import csrf_from


def _outage_77_and_30_back(database, api: TokenClient) -> tuple[Any, dict[str, Any], dict[str, Any]]:
    """An event with an outage of 77 households at site-a and an update saying 30 came back."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    outage = api.post(url, json={"kind": "outage", "area_id": b.areas["site-a"], "households_affected": 77,
                                 "started_at": "2021-07-01 10:00", "reported_at": "2021-07-01 10:30"}).json
    update = api.post(url, json={"kind": "outage_update", "outage_id": outage["id"], "observed_at": "2021-07-01 18:00",
                                 "reported_at": "2021-07-01 18:10", "households_restored": 30}).json
    return b, outage, update


def _correct(api: TokenClient, outage_id: int, households: int) -> Any:
    """The outage's households affected corrected over the API, on the version it stands at."""
    etag = api.get(f"/api/v1/reports/{outage_id}").headers["ETag"]
    return api.patch(f"/api/v1/reports/{outage_id}", json={"households_affected": households},
                     headers={"If-Match": etag})


def test_restoring_an_update_beyond_the_corrected_outage_is_refused(database, coordinator_api: TokenClient,
                                                                   client, auth, make_user):
    api = coordinator_api
    b, outage, update = _outage_77_and_30_back(database, api)
    retracted = api.post(f"/api/v1/reports/{update['id']}/retract", json={"version": update["version"]})
    assert retracted.status_code == 200, retracted.json
    corrected = _correct(api, outage["id"], 20)
    assert corrected.status_code == 200, corrected.json  # no live update says more were back
    moment = {"as_of": "2021-07-01 20:00", "known_at": "2021-07-01 20:00"}
    before = api.get(f"/api/v1/events/{b.event_id}/outages", query_string=moment).json["outages"]
    assert [o["households_out"] for o in before] == [20]

    version = api.get(f"/api/v1/reports/{update['id']}").json["version"]
    refused = api.post(f"/api/v1/reports/{update['id']}/restore", json={"version": version},
                       headers={"Accept-Language": "en"})
    assert refused.status_code == 422, refused.get_data(as_text=True)
    message = refused.json["errors"]["households_restored"]
    assert "30" in message and "20" in message and f"#{outage['id']}" in message, message
    assert api.get(f"/api/v1/reports/{update['id']}").json["status"] == "retracted"  # nothing changed
    assert api.get(f"/api/v1/events/{b.event_id}/outages", query_string=moment).json["outages"] == before

    # The history page's restore form: the page with a 422 and the reason, the update still retracted.
    make_user("co", "coordinator")
    auth.login("co")
    history = f"/history/reports/{update['id']}"
    page = client.get(history).get_data(as_text=True)
    answer = client.post(f"{history}/restore", data={"csrf_token": csrf_from(page), "version": str(version)},
                         headers={"Accept-Language": "zh-CN"})
    assert answer.status_code == 422
    text = answer.get_data(as_text=True)
    assert "30" in text and f"停电#{outage['id']}" in text, text
    # The report page's own restore button: the same.
    page = client.get(f"/reports/{update['id']}").get_data(as_text=True)
    shown = re.search(r'name="version" value="(\d+)"', page)
    assert shown, page[-2000:]
    answer = client.post(f"/reports/{update['id']}/status",
                         data={"csrf_token": csrf_from(page), "action": "restore", "version": shown.group(1)},
                         headers={"Accept-Language": "zh-CN"})
    assert answer.status_code == 422
    assert f"停电#{outage['id']}" in answer.get_data(as_text=True)
    with database.read_session() as s:
        assert s.get(Report, update["id"]).status is ReportStatus.RETRACTED
        assert s.get(Report, update["id"]).version == version

    # Corrected back to as many as were back, the update comes back.
    assert _correct(api, outage["id"], 30).status_code == 200
    assert api.post(f"/api/v1/reports/{update['id']}/restore", json={"version": version}).status_code == 200


def test_verifying_a_returned_update_beyond_the_corrected_outage_is_refused(database, coordinator_api: TokenClient):
    # A returned update counts nowhere either, so the outage is corrected below it unhindered; verifying it (or
    # restoring it) afterwards brought 30 back of 20 affected the same way.
    api = coordinator_api
    _, outage, update = _outage_77_and_30_back(database, api)
    returned = api.post(f"/api/v1/reports/{update['id']}/return", json={"reason": "请核实恢复户数"})
    assert returned.status_code == 200, returned.json
    assert _correct(api, outage["id"], 20).status_code == 200
    for action in ("verify", "restore"):
        refused = api.post(f"/api/v1/reports/{update['id']}/{action}", headers={"Accept-Language": "en"})
        assert refused.status_code == 422, (action, refused.get_data(as_text=True))
        assert "30" in refused.json["errors"]["households_restored"], refused.json
    assert api.get(f"/api/v1/reports/{update['id']}").json["status"] == "returned"
