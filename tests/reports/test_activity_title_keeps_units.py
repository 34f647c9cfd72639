"""An activity's title keeps each quantity with its unit, as the rest of the product does (formatting.keep_units):
on a phone 转移群众120人 broke as 转移群众120 | 人 and 抽排积水3000立方米 as 3000 | 立方米, in the report list, the
event page, the report's own page and the brief's activity table (its page, its print view and so its PDF)."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from incidents.briefs import services as briefs
from incidents.models import Area, Event
from incidents.reports import services as reports
from tests.briefs.conftest import day_of, local
from tests.foundation.test_quantity_keeps_unit import _loose

TITLE = "转移群众120人，抽排积水3000立方米"
KEPT = '转移群众<span class="nb">120人</span>，抽排积水<span class="nb">3000立方米</span>'


def test_an_activity_title_keeps_its_figures_with_their_units(seeded, database, client, auth, make_user):
    with database.transaction() as s:
        event_id = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
        place = s.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    li = make_user("li", "reporter")
    with database.transaction() as s:
        report = reports.create_report(
            s,
            "activity",
            {
                "event_id": event_id,
                "area_id": place,
                "title": TITLE,
                "observed_at": datetime(2021, 7, 28, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
            },
            li,
            reported_at=datetime(2021, 7, 28, 10, 5, tzinfo=ZoneInfo("Asia/Shanghai")),
        )
        report_id = report.id
    made = briefs.compile_once(database, event_id, day_of("2021-07-28"), now=local("2021-07-29 08:00"))
    assert made.brief is not None
    auth.login("li")
    pages = {
        "the report list": f"/events/{event_id}/reports",
        "the event page": f"/events/{event_id}",
        "the report's page": f"/reports/{report_id}",
        "the brief": f"/briefs/{made.brief.id}",
        "the brief's print view": f"/briefs/{made.brief.id}/print",
    }
    for where, path in pages.items():
        page = client.get(path).get_data(as_text=True)
        shown = [m.start() for m in re.finditer(re.escape(KEPT), page)]
        assert shown, where  # the title is there, each figure with its unit in one no-break span
        assert "120人" not in re.sub(r'<span class="nb">.*?</span>', "", page), where
        assert all(_loose(page[at - 40 : at + len(KEPT) + 40]) == [] for at in shown), where


def test_the_history_keeps_old_and_new_titles_figures_with_their_units(seeded, database, client, auth, make_user):
    """The history page sets every version's title and what it was before side by side: each a phone's narrow cell."""
    with database.transaction() as s:
        event_id = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
        place = s.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    li = make_user("li", "reporter")
    with database.transaction() as s:
        report = reports.create_report(s, "activity", {
            "event_id": event_id, "area_id": place, "title": "抽排积水3000立方米",
            "observed_at": datetime(2021, 7, 28, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))}, li)
        report_id = report.id
    with database.transaction() as s:
        reports.edit_report(s, s.get(reports.Report, report_id), {"title": TITLE}, li)
    auth.login("li")
    page = client.get(f"/history/reports/{report_id}").get_data(as_text=True)
    assert KEPT in page  # the new title
    assert '抽排积水<span class="nb">3000立方米</span></span>' in page  # what it was, in its "was" cell
    assert "3000立方米" not in re.sub(r'<span class="nb">.*?</span>', "", page)
