"""A count typed as "about", "at most" or a range is refused saying so, not as another unit.

"30左右" and "30来户" (about 30) were told 单位应为户：“左右”是另一种单位 (another unit), "30以下" and
"30以内" (at most 30) the same, "不超过30"/"最多30户" and "30-40" only 须为整数: the clerk could not see
what was wrong with a number. An estimate now says so as 约30 does; an upper bound says a figure is
exact or "more than" (余); a range asks for one number. Form and API alike, nothing saved.
"""

from __future__ import annotations

import pytest

from tests.api.conftest import TokenClient, count_reports, new_token, reporter_api, token_client, where  # noqa: F401
from tests.reports.conftest import when

SAID = {"30左右": "是估计数（“左右”）", "30户左右": "是估计数（“左右”）", "30来户": "是估计数（“来”）",
        "30上下": "是估计数（“上下”）",
        "30以下": "是上限（“以下”）", "30户以内": "是上限（“以内”）", "不超过30": "是上限（“不超过”）",
        "最多30户": "是上限（“最多”）", "不到30": "是上限（“不到”）",
        "30-40": "是一个范围（“30-40”）", "30至40户": "是一个范围（“30至40”）", "30～40": "是一个范围（“30~40”）"}


@pytest.mark.parametrize("typed", list(SAID))
def test_the_api_says_what_the_count_is(where, reporter_api: TokenClient, database, typed):  # noqa: F811
    url, area = where
    before = count_reports(database)
    refused = reporter_api.post(url, json={"kind": "outage", "area_id": area, "started_at": "2021-07-22 23:40",
                                           "households_affected": typed})
    assert refused.status_code == 422
    assert refused.get_json()["errors"]["households_affected"].startswith(SAID[typed])
    assert count_reports(database) == before


@pytest.mark.parametrize("typed", ["30左右", "30以下", "30-40"])
def test_the_form_says_it_too(seeded, database, forms, auth, make_user, event, area_id, typed):
    make_user("li", "reporter")
    auth.login("li")
    before = count_reports(database)
    refused = forms.submit(f"/events/{event.id}/reports/new/pumping",
                           {"area_id": area_id("西钟楼巷"), **when("observed_at", "2021-07-23", "10:00"),
                            "team": "消防", "people": "12", "pumps": typed})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert SAID[typed] in html[html.index('id="pumps-error"'):][:300]
    assert count_reports(database) == before


def test_counts_people_write_still_read():
    from incidents.reports.parsing import parse_quantity_input

    assert parse_quantity_input("30余户", False, ("户", "households")) == (30, True)
    assert parse_quantity_input("1.2万户", False, ("户", "households")) == (12000, False)
    assert parse_quantity_input("-3", False, ()) == (-3, False)
