"""The event page's counts that have a list open it: 报告 N the event's reports as counted, 未恢复停电处数 the
timeline's still-without-power list, each subdistrict's figures its reports of that kind there.

Found by a newcomer's pass on the demo: 报告 6 on the event page was plain text, and the way to its reports was
the list's own link further down, which lists sent-back reports too (7 where the page said 6).
"""

from __future__ import annotations

import html
import re

import sqlalchemy as sa

from incidents.models import Report, ReportStatus
from incidents.reports.statuses import set_status
from tests.briefs.conftest import local, make_builder
from tests.conftest import switch_language


def _links(page: str) -> dict[str, str]:
    """{label: href} of each headline figure that is a link (dt then dd holding an a)."""
    return {label: html.unescape(href) for label, href in re.findall(
        r'<dt>([^<]+)</dt>\s*<dd><a [^>]*href="([^"]+)"[^>]*>[^<]*</a></dd>', page)}


def _listed(client, href: str) -> int:  # noqa: ANN001
    """How many reports the list at href says it holds (共N条报告)."""
    page = client.get(href).get_data(as_text=True)
    found = re.search(r"共(\d+)条报告", page)
    assert found, page
    return int(found.group(1))


def test_the_event_pages_counts_open_their_lists(database, client, auth, make_user):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    b.report("activity", "site-a", local("2021-07-02 10:00"), observed_at=local("2021-07-02 09:00"), title="巡查")
    b.report("outage", "site-a", local("2021-07-02 10:10"), started_at=local("2021-07-02 10:00"))
    b.report("outage", "site-b", local("2021-07-02 10:20"), started_at=local("2021-07-02 10:05"))
    sent_back = b.report("activity", "site-b", local("2021-07-02 11:00"), observed_at=local("2021-07-02 10:30"),
                         title="草稿")
    with database.transaction() as s:
        set_status(s, s.get(Report, sent_back), ReportStatus.RETURNED, b.user_id, reason="地点不对")
        assert s.scalar(sa.select(sa.func.count()).select_from(Report)) == 4
    make_user("viewer1", "viewer")
    auth.login("viewer1")

    page = client.get(f"/events/{b.event_id}").get_data(as_text=True)
    links = _links(page)
    assert set(links) == {"报告", "未恢复停电处数"}, links
    assert _listed(client, links["报告"]) == 3  # the sent-back report is not counted, nor listed there
    assert links["未恢复停电处数"] == f"/events/{b.event_id}/timeline#outstanding"
    # Each subdistrict's figures: its outages, its reports of every kind (乙街道: one outage, the sent-back left out).
    row = page.split("乙街道</a></th>")[1].split("</tr>")[0]
    cells = dict(re.findall(r'data-label="([^"]+)"><a [^>]*href="([^"]+)"', row))
    assert _listed(client, html.unescape(cells["停电（处）"])) == 1 and "kind=outage" in cells["停电（处）"]
    assert _listed(client, html.unescape(cells["报告"])) == 1
    total = page.split('<tr class="total">')[1].split("</tr>")[0]
    assert _listed(client, html.unescape(dict(re.findall(r'data-label="([^"]+)"><a [^>]*href="([^"]+)"',
                                                          total))["报告"])) == 3

    switch_language(client, "en")
    assert set(_links(client.get(f"/events/{b.event_id}").get_data(as_text=True))) == {"Reports", "Open outages"}
