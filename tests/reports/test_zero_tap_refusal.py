"""A zero report the rules refuse from the one-tap button is a 422 naming the field, not a redirect.

A second office tapping 本时段零报告 after the first (another token) was sent back 303 to the event page
with the reason in a flash: a redirect that reads as sent. It is now a 422 page saying 零报告未发送 with
时段（日报所报日期）：该街道（镇）本时段已报送零报告（#…） and a way back; nothing more is stored.
"""

from __future__ import annotations

from tests.reports.conftest import hidden
from tests.reports.test_zero_reports import office, zero_reports  # noqa: F401


def test_a_second_zero_report_from_the_button_is_a_422(live, office, client, database):  # noqa: F811
    page = client.get(f"/events/{live.id}").get_data(as_text=True)
    tap = {name: hidden(page.split('class="zero-taps"')[1], name)
           for name in ("csrf_token", "area_id", "period_day", "token", "next")}
    tap["confirmed"] = "1"
    assert client.post(f"/events/{live.id}/zero-report", data=tap).status_code == 303
    refused = client.post(f"/events/{live.id}/zero-report", data={**tap, "token": "another-office-tap"})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "零报告未发送" in html and "该街道（镇）本时段已报送零报告" in html
    assert f'href="/events/{live.id}"' in html
    assert len(zero_reports(database)) == 1
