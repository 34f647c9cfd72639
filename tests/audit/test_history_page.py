"""The history page: a record's versions side by side, what changed marked with what it was."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from incidents.areas import services as areas
from incidents.auth import services as accounts
from incidents.models import Report, User
from incidents.reports import services as reports
from tests.audit.conftest import area_named, demo_report_id


def test_versions_side_by_side_with_before_values(client, auth, database, seeded, session, people, make_user):
    with database.transaction() as s:
        site = area_named(s, "安彩嘉园二期")
        areas.update_area(s, site, {"households": 1200, "name_en": "Ancai Jiayuan II"}, people.coordinator,
                          expected_version=1)
        areas.update_area(s, site, {"households": 1260}, people.coordinator, expected_version=2)
        site_id = site.id
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    html = client.get(f"/history/areas/{site_id}").get_data(as_text=True)
    assert "修改记录：安彩嘉园二期" in html
    for n in (1, 2, 3):
        assert f"第{n}版" in html
    assert html.count('class="version"') == 3
    assert "创建" in html and "修改" in html and "coord" in html and "系统" in html  # the loader is the system
    # The households row: not reported, then 1,200 (was —), then 1,260 (was 1,200).
    row = re.search(r"<th scope=\"row\" class=\"field\">户数</th>(.*?)</tr>", html, re.S).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert len(cells) == 3
    assert "—" in cells[0] and "changed" not in cells[0]
    assert "1,200" in cells[1] and "原为" in cells[1]
    assert "1,260" in cells[2] and "原为 1,200" in re.sub(r"<[^>]+>", "", cells[2])
    # Fields that never changed are listed once, apart.
    assert "未改动的字段" in html and "410502" not in html.split("未改动的字段")[0].split("<tbody>")[1]


def test_report_history_keeps_vague_times_vague(client, auth, database, seeded, session, people, make_user):
    report_id = demo_report_id(session, "bdj-restored-afternoon")
    with database.transaction() as s:
        reports.edit_report(s, s.get(Report, report_id), {"note": "下午陆续恢复"}, people.coordinator,
                            expected_version=1)
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    html = client.get(f"/history/reports/{report_id}").get_data(as_text=True)
    assert "7月24日下午" in html  # not "15:00": the stored representative is not what was reported
    assert "下午陆续恢复" in html and "北大街街道" in html and "示例数据导入" in html
    assert "时间为北京时间。" in html and "Asia/Shanghai" not in html.split("<footer")[1]
    if "reports.show" in client.application.view_functions:
        assert f"/history/reports/{report_id}" in client.get(f"/reports/{report_id}").get_data(as_text=True)


def test_account_history_is_for_administrators_and_holds_no_password(client, auth, database, people, make_user):
    with database.transaction() as s:
        accounts.set_password(s, s.get(User, people.reporter), "another long password", people.admin)
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    assert client.get(f"/history/users/{people.reporter}").status_code == 403
    client.post("/logout", data={"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"',
                                                          client.get("/").get_data(as_text=True)).group(1)})
    auth.login("root")
    response = client.get(f"/history/users/{people.reporter}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "修改密码" in html and "scrypt" not in html and "password_hash" not in html


@pytest.mark.parametrize("url", ["/history/login_attempts/1", "/history/audit_entries/1", "/history/nothing/1",
                                 "/history/reports/999999", "/history/idempotency_keys/1"])
def test_not_a_record_is_404(client, auth, make_user, url):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    assert client.get(url).status_code == 404


def test_another_users_sign_in_is_no_record_to_trace(client, auth, make_user, database):
    # A sign-in is a device's login (its key, address and browser): its page said it existed (200).
    from incidents.auth.models import SignIn

    make_user("viewer1", "viewer")
    auth.login("viewer1")
    with database.read_session() as s:
        sign_in = s.scalars(sa.select(SignIn.id)).first()
    for url in (f"/history/sign_ins/{sign_in}", f"/history/sign_ins/{sign_in}/export.json", "/history/heartbeats/1"):
        assert client.get(url).status_code == 404, url


def test_only_what_changed_is_marked(database, seeded, session, people):
    """The same instant given in local time is not a change; the trail stores UTC."""
    from zoneinfo import ZoneInfo

    from incidents.audit import services as audit

    report_id = demo_report_id(session, "bdj-outage-zdl64")
    with database.transaction() as s:
        report = s.get(Report, report_id)
        local = report.started_at.astimezone(ZoneInfo("Asia/Shanghai"))
        reports.edit_report(s, report, {"note": "物业补报", "started_at": local}, people.reporter,
                            expected_version=report.version)
    with database.read_session() as s:
        entries = audit.history(s, "reports", report_id)
        table = audit.version_table(entries)
        assert table.versions[-1].changed == {"note"}
        assert entries[-1].after["started_at"].endswith("+00:00")
