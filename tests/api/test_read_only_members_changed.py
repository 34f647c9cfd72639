"""A report's read-only members may come back as GET gave them; a changed one is refused by name.

PATCH {"status": "verified"} answered 200 with the report still 已提交 (submitted): the client believed
it verified, and nothing said otherwise; a changed event_id, reporter_id or verified_by_id was dropped
the same way. Only reported_at said "cannot change". Each is now a 422 naming the member (status
pointing to the review actions), nothing saved; the body as read still goes back unchanged.
"""

from __future__ import annotations

import pytest

from tests.api.test_reports_api import refused, rid, stored


@pytest.mark.parametrize("change", [{"status": "verified"}, {"status_reason": "已核实"}, {"event_id": 2},
                                    {"reporter_id": 999}, {"reporter": {"id": 1}}, {"verified_by_id": 999}, {"id": 1}])
@pytest.mark.parametrize("method", ["patch", "put"])
def test_a_changed_read_only_member_is_refused(seeded, coordinator_api, database, change, method):
    acjy2 = rid(database, "acjy2-outage")
    full = coordinator_api.get(f"/api/v1/reports/{acjy2}").get_json()
    before = stored(database, acjy2)
    body = {**(full if method == "put" else {"version": full["version"]}), **change}
    answer = getattr(coordinator_api, method)(f"/api/v1/reports/{acjy2}", json=body)
    problem = refused(answer, 422, next(iter(change)))
    if "status" in change:
        assert "/verify" in problem["errors"]["status"]
    assert stored(database, acjy2) == before


def test_the_body_as_read_still_goes_back(seeded, coordinator_api, database):
    acjy2 = rid(database, "acjy2-outage")
    full = coordinator_api.get(f"/api/v1/reports/{acjy2}").get_json()
    answer = coordinator_api.put(f"/api/v1/reports/{acjy2}", json={**full, "note": "核对"})
    assert answer.status_code == 200, answer.get_json()
    again = answer.get_json()
    assert coordinator_api.patch(f"/api/v1/reports/{acjy2}", json={**again, "note": "再核对"}).status_code == 200


@pytest.mark.parametrize("member", ["event_id", "id"])
@pytest.mark.parametrize("spelling", [float, str, bool])
def test_a_read_only_member_in_another_type_is_refused(seeded, coordinator_api, database, member, spelling):
    """true passed for event_id 1 and 5.0 for id 5 (Python's equal values): JSON's types are part of what GET gave."""
    acjy2 = rid(database, "acjy2-outage")
    full = coordinator_api.get(f"/api/v1/reports/{acjy2}").get_json()
    before = stored(database, acjy2)
    answer = coordinator_api.patch(f"/api/v1/reports/{acjy2}",
                                   json={"version": full["version"], member: spelling(full[member])})
    refused(answer, 422, member)
    assert stored(database, acjy2) == before
