"""Who an account is, as pages show it: a system account by a translated label, a name never said twice."""

from __future__ import annotations

import re

from incidents.models import Report
from tests.audit.conftest import demo_report_id
from tests.conftest import switch_language


def test_the_demo_loaders_reports_name_it_in_the_readers_language(client, auth, seeded, session, make_user):
    # Found by a newcomer: every demo report on the English pages read "Reported by 示例数据导入".
    report_id = demo_report_id(session, "bdj-restored-afternoon")
    event_id = session.get(Report, report_id).event_id
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    html = client.get(f"/reports/{report_id}").get_data(as_text=True)
    assert "示例数据导入" in html
    switch_language(client, "en")
    for url in (f"/reports/{report_id}", f"/events/{event_id}/reports", f"/history/reports/{report_id}"):
        html = client.get(url).get_data(as_text=True)
        assert "示例数据导入" not in html, url
        assert "Demo data import" in html, url


def header(html: str) -> str:
    """The header's "name · role" as read (its name's lang mark aside)."""
    inner = re.search(r'<a class="who"[^>]*>(.*?)</a>', html, re.S).group(1)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", inner)).strip()


def test_the_header_names_an_account_once(client, auth, make_user):
    # An account made without a name shows its username, which for these is its role: "coordinator · coordinator".
    make_user("coordinator", "coordinator")
    auth.login("coordinator")
    switch_language(client, "en")
    assert header(client.get("/").get_data(as_text=True)) == "coordinator"
    switch_language(client, "zh")
    assert header(client.get("/").get_data(as_text=True)) == "coordinator · 协调员"


def test_the_demo_accounts_have_peoples_names(app, seeded, client, auth):
    from incidents.cli import ensure_demo_accounts

    passwords = ensure_demo_accounts(app)
    auth.login("coordinator", passwords["coordinator"])
    switch_language(client, "en")
    assert header(client.get("/").get_data(as_text=True)) == "区应急办 刘洋 · Coordinator"


def test_the_users_page_names_the_demo_loader_in_the_readers_language(client, auth, seeded, make_user):
    # Found by a newcomer: the English users page listed "demo-loader · 示例数据导入".
    make_user("root1", "admin")
    auth.login("root1")
    switch_language(client, "en")
    html = client.get("/admin/users").get_data(as_text=True)
    assert "Demo data import" in html
    assert "示例数据导入" not in html
