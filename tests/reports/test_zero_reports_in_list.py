"""The report list says how many of its reports are zero reports (零报告), which add to no figure.

Found by a newcomer's pass on the demo: after a subdistrict's zero report the event page read 报告 6 and its
report list 共7条报告, with nothing on either page saying why (the event's headline leaves zero reports out, as
docs/domain.md says; the list lists them). The list now says it, as it says its sent-back reports.
"""

from __future__ import annotations

import re

from tests.briefs.conftest import local, make_builder
from tests.conftest import switch_language


def test_the_list_names_its_zero_reports_beside_the_event_pages_count(database, client, auth, make_user):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    b.report("activity", "site-a", local("2021-07-02 10:00"), observed_at=local("2021-07-02 09:00"), title="巡查")
    b.report("zero_report", "b", local("2021-07-02 11:00"), note="辖区无险情")
    make_user("viewer1", "viewer")
    auth.login("viewer1")

    event_page = client.get(f"/events/{b.event_id}").get_data(as_text=True)
    assert re.search(r"报告</[a-z]+>\s*(?:<[^>]+>)+1<", event_page), "the event page counts the report with data alone"
    page = client.get(f"/events/{b.event_id}/reports").get_data(as_text=True)
    assert "共2条报告" in page
    assert "其中1条是零报告：不计入任何数字。" in page
    # Listed alone, the zero reports need no such note; with none listed, neither.
    only_zero = client.get(f"/events/{b.event_id}/reports?kind=zero_report").get_data(as_text=True)
    assert "共1条报告" in only_zero and "是零报告：" not in only_zero
    no_zero = client.get(f"/events/{b.event_id}/reports?kind=activity").get_data(as_text=True)
    assert "是零报告：" not in no_zero

    switch_language(client, "en")
    english = client.get(f"/events/{b.event_id}/reports").get_data(as_text=True)
    assert "Of these, 1 is a zero report: it adds to no figure." in english
