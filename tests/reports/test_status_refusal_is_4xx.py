"""A status change the rules refuse is a 422 on the report's page naming the field, not a redirect.

Sending a report back without a reason (or with one over 400 characters, or shown reversed by a direction
override) answered 302 back to the page, which read like success to anything but the eye on the flash;
it is now the report's page with 422 and 原因：退回报告时必须填写, the report unchanged.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.reports.models import Report
from tests.conftest import csrf_from


@pytest.mark.parametrize("reason, said", [("", "原因：退回报告时必须填写"), ("x" * 401, "原因：超过400个字符"),
                                          ("甲\u202e乙", "原因：含有文字方向控制符")])
def test_a_refused_return_is_a_422_naming_the_reason(seeded, database, client, auth, make_user, reason, said):
    make_user("co", "coordinator")
    auth.login("co")
    with database.read_session() as s:
        report = s.scalars(sa.select(Report).order_by(Report.id)).first()
        report_id, version, status = report.id, report.version, report.status
    page = client.get(f"/reports/{report_id}").get_data(as_text=True)
    refused = client.post(f"/reports/{report_id}/status",
                          data={"action": "return", "reason": reason, "csrf_token": csrf_from(page),
                                "version": str(version)})
    assert refused.status_code == 422
    assert said in refused.get_data(as_text=True)
    with database.read_session() as s:
        again = s.get(Report, report_id)
        assert (again.version, again.status) == (version, status)
