"""A role that does not report (a viewer, an administrator) opening a report form is told so, not only
"您无权执行此操作": the new-report pages, a kind's form, a report's edit form and the import page alike."""

from __future__ import annotations

import html

from tests.conftest import Auth, switch_language
from tests.reports.test_forms import demo_id

ROLE = "角色：您的角色不能填报或修改报告"


def test_a_role_that_does_not_report_is_told_so_on_every_report_form(client, event, session, make_user):
    seeded_id = demo_id(session, "bdj-disinfection")
    urls = ("/reports/new", f"/events/{event.id}/reports/new", f"/events/{event.id}/reports/new/activity",
            f"/reports/{seeded_id}/edit", f"/events/{event.id}/import")
    for role in ("viewer", "admin"):
        make_user(f"{role}1", role)
        browser = client.application.test_client()
        Auth(browser).login(f"{role}1")
        for url in urls:
            refused = browser.get(url)
            assert refused.status_code == 403 and refused.mimetype == "text/html", (role, url)
            shown = html.unescape(refused.get_data(as_text=True))
            assert ROLE in shown and "您无权执行此操作" not in shown, (role, url)
    english = client.application.test_client()
    Auth(english).login("viewer1")
    switch_language(english, "en")
    refused = html.unescape(english.get(f"/events/{event.id}/reports/new/activity").get_data(as_text=True))
    assert "Role: your role does not log or change reports" in refused
