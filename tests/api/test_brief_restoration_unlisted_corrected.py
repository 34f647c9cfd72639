"""A restoration 上期 counted but did not name, corrected or retracted since, is said in 较上期变化 all the same.

Left open by the edited-restoration fix (test_brief_restoration_time_edited): what 上期 showed was read from its
stored lists, cut at 30, so (a) the 31st outage restored in its period, its time then corrected by PATCH or its
restoration retracted, got no line; and (b) an outage back before 上期's own period (counted restored, in neither
list) whose restoration was retracted or lowered since came back into 仍停电 with no word why. Both are now read off
the reports as they stood when 上期 was compiled (the audit rows after its ledger's audit_top keep them).
"""

from __future__ import annotations

from typing import Any

from tests.api.conftest import TokenClient, changes_line, compiled_brief, created, event_urls, outage_with_updates
from tests.briefs.conftest import local, make_builder


def _thirty_first_restored(database, api: TokenClient) -> tuple[str, int]:  # noqa: ANN001
    """30 outages at 甲小区 back at 10:00 on 2 July, and 乙小区's (60户) back at 12:00: 2 July's brief lists 30
    restored, 乙小区 unnamed (the 31st). 1 and 2 July compiled: the compile URL and 乙小区's restoration."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    reports, compile_url = event_urls(b.event_id)
    for _ in range(30):
        outage_with_updates(api, b.event_id, b.areas["site-a"], {
            "households_affected": 10, "started_at": "2021-07-01 10:00", "reported_at": "2021-07-01 10:10"}, [
            {"fully_restored": True, "observed_at": "2021-07-02 10:00", "reported_at": "2021-07-02 10:10"}])
    outage = outage_with_updates(api, b.event_id, b.areas["site-b"], {
        "households_affected": 60, "started_at": "2021-07-01 11:00", "reported_at": "2021-07-01 11:10"}, [])
    update = created(api, reports, {"kind": "outage_update", "outage_id": outage, "fully_restored": True,
                                    "observed_at": "2021-07-02 12:00", "reported_at": "2021-07-02 12:10"})
    compiled_brief(api, database, compile_url, {"day": "2021-07-01"})
    shown = compiled_brief(api, database, compile_url, {"day": "2021-07-02"})
    restored = api.get(shown["formats"]["json"]).json["content"]["power"]["restored"]
    assert len(restored) == 30 and "乙小区" not in {line["area"] for line in restored}, restored
    return compile_url, update


def _restored_before_the_previous_period(database, api: TokenClient) -> tuple[str, int]:  # noqa: ANN001
    """甲小区 out from 1 July 10:00 (60户), back at 12:00 that day (reported 12:10); 1 and 2 July compiled, so 上期
    (2 July) counted it restored before its period: the compile URL and the restoration."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    reports, compile_url = event_urls(b.event_id)
    outage = outage_with_updates(api, b.event_id, b.areas["site-a"], {
        "households_affected": 60, "started_at": "2021-07-01 10:00", "reported_at": "2021-07-01 10:10"}, [])
    update = created(api, reports, {"kind": "outage_update", "outage_id": outage, "fully_restored": True,
                                    "observed_at": "2021-07-01 12:00", "reported_at": "2021-07-01 12:10"})
    for day in ("2021-07-01", "2021-07-02"):
        compiled_brief(api, database, compile_url, {"day": day})
    return compile_url, update


def _patched(api: TokenClient, update: int, edit: dict[str, Any]) -> None:
    version = api.get(f"/api/v1/reports/{update}").json["version"]
    fixed = api.patch(f"/api/v1/reports/{update}", json={**edit, "version": version})
    assert fixed.status_code == 200, fixed.get_json()


def _retracted(api: TokenClient, update: int) -> None:
    assert api.post(f"/api/v1/reports/{update}/retract", json={"reason": "未恢复"}).status_code == 200


def test_an_unnamed_31st_restoration_patched_earlier_is_said_corrected(database, coordinator_api: TokenClient):
    api = coordinator_api
    compile_url, update = _thirty_first_restored(database, api)
    _patched(api, update, {"observed_at": "2021-07-02 09:00"})
    brief = compiled_brief(api, database, compile_url, {"day": "2021-07-03"})
    zh, en = changes_line(api, brief), changes_line(api, brief, "?lang=en")
    assert "乙小区恢复供电时间由7月2日 12:00更正为7月2日 09:00" in zh, zh
    assert "乙小区: power restoration time corrected from 2 Jul 12:00 to 2 Jul 09:00" in en, en


def test_an_unnamed_31st_restoration_retracted_is_said_withdrawn_with_the_outage_still_out(
        database, coordinator_api: TokenClient):
    api = coordinator_api
    compile_url, update = _thirty_first_restored(database, api)
    _retracted(api, update)
    brief = compiled_brief(api, database, compile_url, {"day": "2021-07-03"})
    zh, en = changes_line(api, brief), changes_line(api, brief, "?lang=en")
    assert "乙小区上期所列7月2日 12:00恢复供电有更正，仍停电（60户）" in zh, zh
    assert "乙小区: the power restoration of 2 Jul 12:00 in the previous brief was corrected; still out " \
           "(60 households)" in en, en


def test_a_restoration_before_the_previous_period_retracted_is_said_corrected_with_the_outage_out_again(
        database, coordinator_api: TokenClient):
    api = coordinator_api
    compile_url, update = _restored_before_the_previous_period(database, api)
    _retracted(api, update)
    brief = compiled_brief(api, database, compile_url, {"day": "2021-07-03"})
    zh, en = changes_line(api, brief), changes_line(api, brief, "?lang=en")
    assert "甲小区此前所报7月1日 12:00恢复供电有更正，仍停电（60户）" in zh, zh
    assert "甲小区: the earlier power restoration of 1 Jul 12:00 was corrected; still out (60 households)" in en, en


def test_a_restoration_before_the_previous_period_lowered_to_some_out_is_said_corrected(
        database, coordinator_api: TokenClient):
    api = coordinator_api
    compile_url, update = _restored_before_the_previous_period(database, api)
    _patched(api, update, {"fully_restored": False, "households_out": 20})
    brief = compiled_brief(api, database, compile_url, {"day": "2021-07-03"})
    zh, en = changes_line(api, brief), changes_line(api, brief, "?lang=en")
    assert "甲小区此前所报7月1日 12:00恢复供电有更正，仍停电（20户）" in zh, zh
    assert "甲小区: the earlier power restoration of 1 Jul 12:00 was corrected; still out (20 households)" in en, en


def test_a_restoration_before_the_previous_period_patched_to_another_time_before_it_says_nothing(
        database, coordinator_api: TokenClient):
    # Back before 上期's period either way: 上期 named it nowhere, and it is no news of this period.
    api = coordinator_api
    compile_url, update = _restored_before_the_previous_period(database, api)
    _patched(api, update, {"observed_at": "2021-07-01 11:00"})
    brief = compiled_brief(api, database, compile_url, {"day": "2021-07-03"})
    assert "甲小区" not in changes_line(api, brief), changes_line(api, brief)
