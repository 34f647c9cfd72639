"""A restoration time corrected after the previous brief is said as corrected in 较上期变化, not as reported late.

Found by a replay: 甲小区's outage restored at 12:00 was reported, and 上期 showed it restored at 12:00. The next day
that restoration report was retracted and a new one sent saying 09:00. The next brief's 较上期变化 said
甲小区已于7月2日 09:00恢复供电（上期所列仍停电，迟报）: 上期 had not shown it still out, it had shown it restored at
12:00. An outage 上期 did show still out, restored before this period and learned since, keeps its late line.
"""

from __future__ import annotations

from tests.api.conftest import (
    TokenClient,
    changes_line,
    compiled_brief,
    created,
    event_urls,
    outage_with_updates,
)
from tests.briefs.conftest import local, make_builder


def test_a_restoration_time_corrected_since_the_previous_brief_is_said_corrected(database,
                                                                                coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    reports, compile_url = event_urls(b.event_id)
    outage = {"households_affected": 60, "started_at": "2021-07-01 10:00", "reported_at": "2021-07-01 10:10"}
    # 甲小区: back at 12:00 on 2 July as 上期 (cut off 3 July 08:00) showed it. 乙小区: still out in 上期.
    corrected = outage_with_updates(api, b.event_id, b.areas["site-a"], outage, [])
    twelve = created(api, reports, {"kind": "outage_update", "outage_id": corrected, "fully_restored": True,
                                    "observed_at": "2021-07-02 12:00", "reported_at": "2021-07-02 12:10"})
    late = outage_with_updates(api, b.event_id, b.areas["site-b"], outage, [])
    for day in ("2021-07-01", "2021-07-02"):
        compiled_brief(api, database, compile_url, {"day": day})
    # The next day: the 12:00 report retracted, 09:00 sent in its place; 乙小区's restoration at 10:00 learned late.
    assert api.post(f"/api/v1/reports/{twelve}/retract", json={"reason": "恢复时间报错"}).status_code == 200
    created(api, reports, {"kind": "outage_update", "outage_id": corrected, "fully_restored": True,
                           "observed_at": "2021-07-02 09:00", "reported_at": "2021-07-03 10:00"})
    created(api, reports, {"kind": "outage_update", "outage_id": late, "fully_restored": True,
                           "observed_at": "2021-07-02 10:00", "reported_at": "2021-07-03 09:30"})
    brief = compiled_brief(api, database, compile_url, {"day": "2021-07-03"})
    zh, en = changes_line(api, brief), changes_line(api, brief, "?lang=en")
    assert "甲小区恢复供电时间由7月2日 12:00更正为7月2日 09:00" in zh, zh
    assert "甲小区已于" not in zh, zh  # not "still out in the previous brief; reported late"
    assert "乙小区已于7月2日 10:00恢复供电（上期所列仍停电，迟报）" in zh, zh
    assert "甲小区: power restoration time corrected from 2 Jul 12:00 to 2 Jul 09:00" in en, en
    assert "乙小区: power restored 2 Jul 10:00 (still out in the previous brief; reported late)" in en, en
