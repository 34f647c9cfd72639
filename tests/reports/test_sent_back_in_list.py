"""The report list says how many of its reports are sent back (退回), and can show only those that count.

Found by probes from outside: the list's default status read "计入统计的（未撤回）" ("counting (not retracted)")
yet listed sent-back reports, which count in no figure and no brief; its total and its download's were
higher than the brief's reports used, with nothing on the page saying why. The default still lists them
(a reviewer follows them up), now labelled for what it is, with their number said; "counted" lists what
the figures and the brief count, on the page, in every download and in the API.
"""

from __future__ import annotations

import json

import sqlalchemy as sa

from incidents.models import Report
from incidents.reports.models import COUNTED, LIVE, ReportStatus
from incidents.reports.services import set_status
from tests.api.conftest import coordinator_api, new_token, token_client  # noqa: F401
from tests.reports.test_list_filters import listed


def _send_back_one(database, event) -> int:
    with database.transaction() as s:
        report = s.scalar(sa.select(Report).where(Report.event_id == event.id, Report.status.in_(COUNTED),
                                                  Report.kind == "activity").order_by(Report.id).limit(1))
        set_status(s, report, ReportStatus.RETURNED, None, reason="地点写错了")
        return report.id


def _count(session, event, statuses) -> int:
    session.rollback()
    return session.scalar(sa.select(sa.func.count()).select_from(Report)
                          .where(Report.event_id == event.id, Report.status.in_(statuses)))


def test_the_default_list_names_its_sent_back_reports_and_counted_leaves_them_out(
        client, auth, make_user, app, event, database, session):
    app.config["PAGE_SIZE"] = 1000
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    returned = _send_back_one(database, event)
    live, counted = _count(session, event, LIVE), _count(session, event, COUNTED)
    assert live == counted + 1

    page = client.get(f"/events/{event.id}/reports").get_data(as_text=True)
    assert f"共{live}条报告" in page
    assert "其中1条已退回：改正重交前不计入任何数字和日报。" in page
    assert f'href="/events/{event.id}/reports?status=counted">只看计入的</a>' in page
    assert '<option value="live" selected>未撤回（含退回）</option>' in page
    assert '<option value="counted">计入数字和日报的（已提交、已核实）</option>' in page
    assert returned in listed(client, f"/events/{event.id}/reports")

    shown = listed(client, f"/events/{event.id}/reports?status=counted")
    assert len(shown) == counted and returned not in shown
    only_counted = client.get(f"/events/{event.id}/reports?status=counted").get_data(as_text=True)
    assert "已退回：" not in only_counted

    # The downloads list what the page lists, filter for filter.
    default = json.loads(client.get(f"/events/{event.id}/reports/export.json").data)
    assert default["count"] == live and default["filters"]["status"] == "live"
    assert json.loads(client.get(f"/events/{event.id}/reports/export.json?status=counted").data)["count"] == counted


def test_the_api_lists_the_counted_ones_too(event, database, coordinator_api):  # noqa: F811
    returned = _send_back_one(database, event)
    ids: list[int] = []
    url = f"/api/v1/events/{event.id}/reports?status=counted&limit=1000"
    while url:
        page = coordinator_api.get(url).json
        ids += [r["id"] for r in page["reports"]]
        url = page["next_cursor"] and (f"/api/v1/events/{event.id}/reports?status=counted&limit=1000"
                                       f"&cursor={page['next_cursor']}")
    assert ids and returned not in ids
    assert coordinator_api.get(f"/api/v1/events/{event.id}/reports?status=bogus").status_code == 400
