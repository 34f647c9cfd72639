"""A report as GET gives it, posted as a new one, is told which members a create does not take, and why.

A client copying a report (to another event, after a mistake) sends what it read. Its read-only members
(`restored_at` of an outage, set by its updates; `id`, `status`, `version`, ...) were each refused as "is not
a field of this kind of report", though GET had just given them: the client could not tell a field the kind
lacks from one the server writes itself. They are still refused by name (422, nothing saved), now as read from
a stored report, not written; a key no report has is still "not a field".
"""

from __future__ import annotations

from tests.api.conftest import count_reports
from tests.api.test_reports_api import refused, rid

READ_ONLY = "is read from a stored report, not written: leave it out of a new one"


def test_a_read_only_member_of_a_report_as_read_is_named_so_on_create(seeded, coordinator_api, database):
    outage = coordinator_api.get(f"/api/v1/reports/{rid(database, 'acjy2-outage')}").get_json()
    assert outage["restored_at"]
    before = count_reports(database)
    body = {**outage, "no_such_member": 1}
    answer = coordinator_api.post(f"/api/v1/events/{outage['event_id']}/reports", json=body,
                                  headers={"Accept-Language": "en"})
    errors = refused(answer, 422)["errors"]
    for member in ("restored_at", "restored_precision", "id", "status", "version", "created_at", "url"):
        if member in outage:
            assert errors[member] == READ_ONLY, (member, errors)
    assert errors["no_such_member"] == "is not a field of this kind of report"
    assert count_reports(database) == before
