"""A brief's day refused says every spelling a day is read in (reports.parsing.parse_day: 2026-12-07, 2026/12/7,
2026年12月7日), on the API's compile as on the page's and a report's day; until 7 December each named only
YYYY-MM-DD (请按YYYY-MM-DD填写日期, 须为日期（年-月-日）) though the other two were taken."""

from __future__ import annotations

from tests.api.conftest import TokenClient
from tests.briefs.conftest import local, make_builder

ZH = "须为日期，如 2026-12-07、2026/12/7 或 2026年12月7日"
EN = "must be a date, e.g. 2026-12-07, 2026/12/7 or 2026年12月7日"


def test_the_compile_names_the_spellings_it_takes(database, coordinator_api: TokenClient):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/briefs/compile"
    for lang, said in (("zh", ZH), ("en", EN)):
        refused = coordinator_api.post(url, json={"day": "24/07/2021"}, headers={"Accept-Language": lang})
        assert refused.status_code == 422 and refused.json["errors"] == {"day": said}, refused.json
    taken = coordinator_api.post(url, json={"day": "2021年7月1日"}, headers={"Accept-Language": "en"})
    assert taken.status_code in (200, 202), taken.json
