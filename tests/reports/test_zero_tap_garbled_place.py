"""A garbled place on the one-tap 零报告 is refused by name, never read as the sender's own subdistrict.

The button's view read any area_id that was not a whole number ("abc", "-1", "２", twenty digits) as none, and
none means "my own subdistrict": a scoped office posting a garbled place sent "nothing to report" for 北大街街道,
confirmed or asked about; a garbled day asked about was a bare 400. Each is now a 422 naming the field,
and nothing is stored.
"""

from __future__ import annotations

import pytest

from tests.reports.conftest import hidden
from tests.reports.test_zero_reports import office, zero_reports  # noqa: F401


@pytest.mark.parametrize("confirmed", ["1", ""])
@pytest.mark.parametrize("place", ["abc", "-1", "２", "99999999999999999999", "3.0"])
def test_a_garbled_place_is_a_422_naming_it(live, office, client, database, place, confirmed):  # noqa: F811
    page = client.get(f"/events/{live.id}").get_data(as_text=True)
    tap = {name: hidden(page.split('class="zero-taps"')[1], name)
           for name in ("csrf_token", "period_day", "token", "next")}
    refused = client.post(f"/events/{live.id}/zero-report", data={**tap, "area_id": place, "confirmed": confirmed})
    assert refused.status_code == 422, refused.status_code
    html = refused.get_data(as_text=True)
    assert "零报告未发送" in html and "地点：" in html
    assert zero_reports(database) == []


@pytest.mark.parametrize("confirmed", ["1", ""])
def test_a_garbled_day_is_a_422_naming_it(live, office, client, database, confirmed):  # noqa: F811
    page = client.get(f"/events/{live.id}").get_data(as_text=True)
    tap = {name: hidden(page.split('class="zero-taps"')[1], name)
           for name in ("csrf_token", "area_id", "token", "next")}
    refused = client.post(f"/events/{live.id}/zero-report",
                          data={**tap, "period_day": "99999-99-99", "confirmed": confirmed})
    assert refused.status_code == 422, refused.status_code
    assert "零报告未发送" in refused.get_data(as_text=True)
    assert zero_reports(database) == []


def test_no_place_is_still_the_offices_own_subdistrict(live, office, client, database):  # noqa: F811
    page = client.get(f"/events/{live.id}").get_data(as_text=True)
    tap = {name: hidden(page.split('class="zero-taps"')[1], name)
           for name in ("csrf_token", "period_day", "token", "next")}
    sent = client.post(f"/events/{live.id}/zero-report", data={**tap, "area_id": "", "confirmed": "1"})
    assert sent.status_code == 303
    assert [area for area, _day, _status in zero_reports(database)] == ["北大街街道"]
