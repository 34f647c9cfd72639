"""A stored code shown by its English label stands alone as a name: capitalised, as a status, role or kind."""

from __future__ import annotations

import re

from incidents.models import Report
from tests.audit.conftest import demo_report_id
from tests.conftest import switch_language


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_english_pages_capitalise_statuses_roles_and_kinds(client, auth, seeded, session, make_user):
    # Found by a newcomer at 360 px: "区应急办 刘洋 · coordinator" in the header, a lower-case "submitted" badge
    # beside "ACTIVITY LOG", "typhoon · ended …" opening the event's line.
    report_id = demo_report_id(session, "bdj-restored-afternoon")
    report = session.get(Report, report_id)
    make_user("lin", "coordinator")
    auth.login("lin")
    switch_language(client, "en")
    assert "lin · Coordinator" in text(client.get("/").get_data(as_text=True))
    assert "Role Coordinator" in text(client.get("/account").get_data(as_text=True))
    status = {"submitted": "Submitted", "verified": "Verified"}[report.status.value]
    page = client.get(f"/reports/{report_id}").get_data(as_text=True)
    assert re.search(rf'status-badge[^>]*>{status}<', page), status
    listed = client.get(f"/events/{report.event_id}/reports").get_data(as_text=True)
    assert re.search(rf'status-badge[^>]*>{status}<', listed)
    event = text(client.get(f"/events/{report.event_id}").get_data(as_text=True))
    assert re.search(r"\b(Flood|Rainstorm|Typhoon) · ", event), event[:400]
    # The spreadsheet writes a status as the pages do, beside its capitalised kind.
    csv = client.get(f"/events/{report.event_id}/reports/export.csv").get_data(as_text=True)
    assert f",{status}," in csv and ",submitted," not in csv and ",verified," not in csv


def test_the_ended_badge_reads_as_the_status_badges_beside_it(client, auth, seeded, make_user):
    # The home page's and the report forms' badge said "ended" beside "Submitted" and "Typhoon".
    make_user("lin", "coordinator")
    auth.login("lin")
    switch_language(client, "en")
    for url in ("/", "/reports/new?choose=1"):
        html = client.get(url).get_data(as_text=True)
        assert re.search(r'status-ended">Ended<', html), url
        assert 'status-ended">ended<' not in html, url
    switch_language(client, "zh")
    assert 'status-ended">已结束<' in client.get("/").get_data(as_text=True)
