"""Bulk verify / send back / retract from the report list: each report through the single action's rules.

The choice: per-report results. Reports the user may change are changed (one audit row each);
one out of scope, not the user's, changed meanwhile, or in a status the action does not apply to
is left exactly as it was and listed with the reason.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from incidents.audit.models import AuditEntry
from incidents.models import Area, Report, User
from incidents.reports.models import ReportStatus
from incidents.reports.services import create_report, set_status
from tests.conftest import csrf_from


def bdj_ids(session, event) -> list[int]:
    """Reports of the event placed in 北大街街道 (or below)."""
    from incidents.areas.tree import subtree_ids

    bdj = session.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    return list(session.scalars(sa.select(Report.id).where(Report.event_id == event.id,
                                                           Report.area_id.in_(subtree_ids(session, bdj)))
                                .order_by(Report.id)))


def other_ids(session, event) -> list[int]:
    """Reports of the event outside 北大街街道."""
    inside = set(bdj_ids(session, event))
    return [i for i in session.scalars(sa.select(Report.id).where(Report.event_id == event.id).order_by(Report.id))
            if i not in inside]


def fresh(database, ids: list[int]) -> dict[int, Report]:
    """The reports as now stored."""
    with database.read_session() as s:
        reports = {r.id: r for r in s.scalars(sa.select(Report).where(Report.id.in_(ids)))}
        for r in reports.values():
            s.expunge(r)
        return reports


def audit_actions(database, report_id: int) -> list[str]:
    """The audit actions recorded for a report, oldest first."""
    with database.read_session() as s:
        return list(s.scalars(sa.select(AuditEntry.action).where(AuditEntry.entity == "reports",
                                                                 AuditEntry.entity_id == report_id)
                              .order_by(AuditEntry.id)))


def post_bulk(client, event, action: str, items: list[str], reason: str | None = None, csrf: bool = True):
    """Send the list page's bulk form like a browser: the CSRF token from the page, the checked reports."""
    page = client.get(f"/events/{event.id}/reports")
    data: dict = {"action": action, "report": items}
    if csrf:
        data["csrf_token"] = csrf_from(page.get_data(as_text=True))
    if reason is not None:
        data["reason"] = reason
    return client.post(f"/events/{event.id}/reports/bulk", data=data)


def items_of(database, ids: list[int]) -> list[str]:
    """The checkbox values of these reports: id:version."""
    reports = fresh(database, ids)
    return [f"{i}:{reports[i].version}" for i in ids]


@pytest.fixture
def coordinator(client, auth, make_user, event):
    """A coordinator of 北大街街道 only (made after the demo's areas exist)."""
    make_user("coord1", "coordinator", scope="文峰区/北大街街道")
    auth.login("coord1")
    return client


def test_bulk_verify_changes_those_in_scope_and_lists_the_one_out_of_scope(coordinator, database, session, event):
    mine, outside = bdj_ids(session, event)[:2], other_ids(session, event)[0]
    before_version, before_audit = fresh(database, [outside])[outside].version, audit_actions(database, outside)
    response = post_bulk(coordinator, event, "verify", items_of(database, [*mine, outside]))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "3 份报告中 2 份已处理" in html
    assert f'id="result-{outside}"' in html and "地点：不在您负责的区域内" in html
    after = fresh(database, [*mine, outside])
    assert all(after[i].status.value == "verified" and after[i].verified_by_id for i in mine)
    assert after[outside].status.value == "submitted" and after[outside].version == before_version  # untouched
    assert all(audit_actions(database, i).count("verify") == 1 for i in mine)  # one audit row each
    assert audit_actions(database, outside) == before_audit


def test_bulk_send_back_needs_one_reason_and_gives_it_to_each(coordinator, database, session, event):
    ids = bdj_ids(session, event)[:3]
    refused = post_bulk(coordinator, event, "return", items_of(database, ids), reason="")
    assert refused.status_code == 422 and "原因" in refused.get_data(as_text=True)
    assert all(r.status.value == "submitted" for r in fresh(database, ids).values())  # nothing half-done
    done = post_bulk(coordinator, event, "return", items_of(database, ids), reason="数字与照片不符")
    assert done.status_code == 200
    after = fresh(database, ids)
    assert all(after[i].status.value == "returned" and after[i].status_reason == "数字与照片不符" for i in ids)
    assert all(audit_actions(database, i).count("return") == 1 for i in ids)


def test_a_report_changed_meanwhile_is_left_as_it_is(coordinator, database, session, event):
    first, second = bdj_ids(session, event)[:2]
    seen = items_of(database, [first, second])
    with database.transaction() as s:  # someone retracts the first after the page was loaded
        loader = s.scalar(sa.select(User.id).where(User.username == "demo-loader"))
        set_status(s, s.get(Report, first), ReportStatus.RETRACTED, loader)
    response = post_bulk(coordinator, event, "verify", seen)
    assert response.status_code == 200
    assert "已被他人修改" in response.get_data(as_text=True)
    after = fresh(database, [first, second])
    assert after[first].status.value == "retracted" and after[second].status.value == "verified"


def test_all_refused_is_a_403_and_changes_nothing(coordinator, database, session, event):
    outside = other_ids(session, event)[:2]
    response = post_bulk(coordinator, event, "retract", items_of(database, outside))
    assert response.status_code == 403
    assert all(r.status.value == "submitted" for r in fresh(database, outside).values())


def test_without_the_csrf_token_nothing_changes(coordinator, database, session, event):
    ids = bdj_ids(session, event)[:2]
    assert post_bulk(coordinator, event, "verify", items_of(database, ids), csrf=False).status_code == 400
    assert all(r.status.value == "submitted" for r in fresh(database, ids).values())


def test_malformed_choice_is_refused_by_name(coordinator, event):
    response = post_bulk(coordinator, event, "verify", ["12;DROP"])
    assert response.status_code == 422 and "12;DROP" in response.get_data(as_text=True)
    nothing = post_bulk(coordinator, event, "verify", [])
    # Nothing ticked is refused as bad input (the list's script says so before sending; this is without it).
    assert nothing.status_code == 422 and "请至少选择一份报告" in nothing.get_data(as_text=True)
    assert f'href="/events/{event.id}/reports' in nothing.get_data(as_text=True)
    assert post_bulk(coordinator, event, "restore-all", ["1:1"]).status_code == 400


@pytest.fixture
def reporter_reports(database, event, make_user, session):
    """Two reports by field1 (reporter of 北大街街道) and one by someone else in the same place."""
    site = session.scalar(sa.select(Area).where(Area.name == "文峰汇·十二府"))
    field1 = make_user("field1", "reporter", scope="文峰区/北大街街道")
    field2 = make_user("field2", "reporter", scope="文峰区/北大街街道")
    at = event.starts_at + timedelta(hours=20)
    with database.transaction() as s:
        def log(user_id: int, title: str) -> int:
            return create_report(s, "activity", {"event_id": event.id, "area_id": site.id, "observed_at": at,
                                                 "observed_precision": "exact", "title": title},
                                 user_id, reported_at=at).id
        return {"own": [log(field1, "巡查一"), log(field1, "巡查二")], "other": log(field2, "巡查三")}


def test_a_reporter_retracts_own_reports_only_and_may_not_verify(client, auth, database, event, reporter_reports):
    auth.login("field1")
    own, other = reporter_reports["own"], reporter_reports["other"]
    page = client.get(f"/events/{event.id}/reports?kind=activity").get_data(as_text=True)
    assert f'value="{own[0]}:1" form="bulk"' in page and f'value="{other}:1" form="bulk"' not in page
    assert "Verify selected" not in page and "核实所选" not in page
    verify = post_bulk(client, event, "verify", items_of(database, own))
    assert verify.status_code == 403
    response = post_bulk(client, event, "retract", items_of(database, [*own, other]))
    assert response.status_code == 200
    after = fresh(database, [*own, other])
    assert all(after[i].status.value == "retracted" for i in own)
    assert after[other].status.value == "submitted"
    assert audit_actions(database, other) == ["create"]


def test_a_viewer_has_no_bulk_bar_and_no_bulk_action(client, auth, make_user, database, session, event):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    assert 'id="bulk"' not in client.get(f"/events/{event.id}/reports").get_data(as_text=True)
    ids = bdj_ids(session, event)[:1]
    assert post_bulk(client, event, "retract", items_of(database, ids)).status_code == 403
    assert fresh(database, ids)[ids[0]].status.value == "submitted"


def test_the_reporters_name_is_kept_in_each_audit_row(coordinator, database, session, event):
    ids = bdj_ids(session, event)[:2]
    post_bulk(coordinator, event, "verify", items_of(database, ids))
    with database.read_session() as s:
        coord = s.scalar(sa.select(User.id).where(User.username == "coord1"))
        users = set(s.scalars(sa.select(AuditEntry.user_id).where(AuditEntry.action == "verify")))
    assert users == {coord}


def _row(html: str, report_id: int) -> str:
    """The text of one report's line on the bulk result page."""
    start = html.index(f'id="result-{report_id}"')
    return html[start:html.index("</li>", start)]


def test_a_refused_report_says_why_as_a_single_status_change_does(client, auth, coordinator, database, session,
                                                                   event, reporter_reports):
    # Each line said "you may not change this report (outside your area, or not yours)", whichever it was, where the
    # report's own status button names the reason (policy.status_refusal): the place, or another reporter's report.
    mine, outside = bdj_ids(session, event)[0], other_ids(session, event)[0]
    html = post_bulk(coordinator, event, "verify", items_of(database, [mine, outside])).get_data(as_text=True)
    assert "地点：不在您负责的区域内" in _row(html, outside)
    auth.login("field1")  # a login over the coordinator's
    own, other = reporter_reports["own"][0], reporter_reports["other"]
    html = post_bulk(client, event, "retract", items_of(database, [own, other])).get_data(as_text=True)
    assert "这是其他信息员的报告：信息员只能修改自己的报告。" in _row(html, other)
    # A page still open from when this was a coordinator's: verify is refused saying who verifies.
    refused = post_bulk(client, event, "verify", items_of(database, [own]))
    assert refused.status_code == 403 and "状态：只有协调员可以核实、退回或恢复报告" in refused.get_data(as_text=True)
