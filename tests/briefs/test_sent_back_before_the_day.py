"""A report sent back after its own day's brief is still named in the next briefs, whose figures it leaves out."""

from __future__ import annotations

from datetime import date

from incidents import demo
from incidents.briefs import formats, services
from incidents.models import Report
from incidents.reports.models import ReportStatus
from incidents.reports.services import set_status

from .conftest import content, local, make_builder


def test_an_outage_sent_back_the_next_day_is_listed_where_its_households_went_missing(database):
    """An outage of 07-01 (120 households still out) sent back on 07-02: the 07-02 brief no longer counts it, and
    says so under data quality, as it does for a report of its own day."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    with database.transaction() as s:
        coordinator = demo.loader_user(s).id
    outage = b.report("outage", "site-a", local("2021-07-01 14:20"), started_at=local("2021-07-01 14:00"),
                      households_affected=120, buildings_affected=4)
    services.compile_once(database, b.event_id, date(2021, 7, 1), now=local("2021-07-02 08:00"))
    assert content(database, b.event_id, date(2021, 7, 1)).power.households_out.value == 120
    with database.transaction() as s:
        set_status(s, s.get(Report, outage), ReportStatus.RETURNED, coordinator, reason="楼栋数有误")
    services.compile_once(database, b.event_id, date(2021, 7, 2), now=local("2021-07-03 08:00"))
    c = content(database, b.event_id, date(2021, 7, 2))
    assert c.power.open_outages == 0
    assert c.quality.returned == 1 and [r.report_id for r in c.quality.returned_reports] == [outage]
    assert "退回修改的报告1份" in formats.as_text(c, "zh") and "楼栋数有误" in formats.as_text(c, "zh")
