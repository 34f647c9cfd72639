"""A restoration time corrected by editing the report (PATCH) after the previous brief is said in 较上期变化.

Found after the retract-and-resend case was fixed (test_brief_restoration_time_corrected): 甲小区's restoration at
12:00 was shown in 上期; the next day its report was corrected in place to 09:00 (PATCH, same report, same
reported_at). The next brief listed nothing about it: a district officer reading 上期's 12:00 and nothing this issue
had no word why. An edited report keeps its reported_at; what tells it apart is the audit row of its edit.
"""

from __future__ import annotations

from typing import Any

from tests.api.conftest import (
    TokenClient,
    changes_line,
    compiled_brief,
    created,
    event_urls,
    outage_with_updates,
)
from tests.briefs.conftest import local, make_builder
from tests.reports.conftest import Forms, when


def _json_changes(api: TokenClient, brief: dict) -> list[dict[str, Any]]:
    return api.get(brief["formats"]["json"]).json["content"]["changes"]


def _shown_restored(database, api: TokenClient, restored: str) -> tuple[str, str, int, int]:  # noqa: ANN001
    """甲小区 out from 1 July 10:00 (60户), restored at `restored` on 2 July (reported 12:10), the briefs of 1 and 2
    July compiled: the reports and compile URLs, the outage's id and its restoration's."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    reports, compile_url = event_urls(b.event_id)
    outage = {"households_affected": 60, "started_at": "2021-07-01 10:00", "reported_at": "2021-07-01 10:10"}
    outage_id = outage_with_updates(api, b.event_id, b.areas["site-a"], outage, [])
    update = created(api, reports, {"kind": "outage_update", "outage_id": outage_id, "fully_restored": True,
                                    "observed_at": f"2021-07-02 {restored}", "reported_at": "2021-07-02 12:10"})
    for day in ("2021-07-01", "2021-07-02"):
        compiled_brief(api, database, compile_url, {"day": day})
    return reports, compile_url, outage_id, update


def _restored_then_edited(database, api: TokenClient, restored: str, edit: dict[str, Any]  # noqa: ANN001
                          ) -> dict[str, Any]:
    """甲小区 restored at `restored` on 2 July (`_shown_restored`); the restoration PATCHed with `edit` (after 2 July's
    brief's cut-off); 3 July's brief."""
    _reports, compile_url, _outage, update = _shown_restored(database, api, restored)
    version = api.get(f"/api/v1/reports/{update}").json["version"]
    fixed = api.patch(f"/api/v1/reports/{update}", json={**edit, "version": version})
    assert fixed.status_code == 200, fixed.get_json()
    return compiled_brief(api, database, compile_url, {"day": "2021-07-03"})


def test_a_restoration_time_patched_earlier_since_the_previous_brief_is_said_corrected(database,
                                                                                     coordinator_api: TokenClient):
    api = coordinator_api
    brief = _restored_then_edited(database, api, "12:00", {"observed_at": "2021-07-02 09:00"})
    zh, en = changes_line(api, brief), changes_line(api, brief, "?lang=en")
    assert "甲小区恢复供电时间由7月2日 12:00更正为7月2日 09:00" in zh, zh
    assert "甲小区: power restoration time corrected from 2 Jul 12:00 to 2 Jul 09:00" in en, en
    corrected = [c for c in _json_changes(api, brief) if c["kind"] == "restored_corrected"]
    assert len(corrected) == 1, corrected
    assert corrected[0]["area"] == "甲小区" and corrected[0]["was"]["at"].startswith("2021-07-02T04:00"), corrected


def test_a_restoration_time_patched_later_is_said_corrected_too(database, coordinator_api: TokenClient):
    api = coordinator_api
    brief = _restored_then_edited(database, api, "09:00", {"observed_at": "2021-07-02 12:00"})
    zh, en = changes_line(api, brief), changes_line(api, brief, "?lang=en")
    assert "甲小区恢复供电时间由7月2日 09:00更正为7月2日 12:00" in zh, zh
    assert "甲小区: power restoration time corrected from 2 Jul 09:00 to 2 Jul 12:00" in en, en


def test_a_restoration_patched_away_is_said_corrected_with_the_outage_still_out(database,
                                                                              coordinator_api: TokenClient):
    # 上期 showed 甲小区 back at 12:00; the report is corrected to 20户 still out: this 仍停电 has it again.
    api = coordinator_api
    brief = _restored_then_edited(database, api, "12:00", {"fully_restored": False, "households_out": 20})
    zh, en = changes_line(api, brief), changes_line(api, brief, "?lang=en")
    assert "甲小区上期所列7月2日 12:00恢复供电有更正，仍停电（20户）" in zh, zh
    assert "甲小区: the power restoration of 2 Jul 12:00 in the previous brief was corrected; still out " \
           "(20 households)" in en, en
    withdrawn = [c for c in _json_changes(api, brief) if c["kind"] == "restored_withdrawn"]
    assert len(withdrawn) == 1 and withdrawn[0]["was"]["at"].startswith("2021-07-02T04:00"), withdrawn


def test_a_restoration_sent_again_in_this_period_is_corrected_not_restored_anew(database,
                                                                              coordinator_api: TokenClient):
    # 上期 showed 甲小区 back at 12:00 on 2 July; that report retracted, the restoration sent again for 3 July 01:00 (an
    # edit cannot move it past its reported_at): in this period, yet not "restored" as if 上期 had shown it out.
    api = coordinator_api
    reports, compile_url, outage_id, twelve = _shown_restored(database, api, "12:00")
    assert api.post(f"/api/v1/reports/{twelve}/retract", json={"reason": "恢复时间报错"}).status_code == 200
    created(api, reports, {"kind": "outage_update", "outage_id": outage_id, "fully_restored": True,
                           "observed_at": "2021-07-03 01:00", "reported_at": "2021-07-03 01:10"})
    brief = compiled_brief(api, database, compile_url, {"day": "2021-07-03"})
    zh, en = changes_line(api, brief), changes_line(api, brief, "?lang=en")
    assert "甲小区恢复供电时间由7月2日 12:00更正为7月3日 01:00" in zh, zh
    assert "甲小区于" not in zh, zh
    assert "甲小区: power restoration time corrected from 2 Jul 12:00 to 3 Jul 01:00" in en, en


def test_a_restoration_retracted_since_the_previous_brief_is_said_with_the_outage_still_out(
        database, coordinator_api: TokenClient):
    # The same with the restoration retracted and nothing sent in its place: out again in 仍停电, said why.
    api = coordinator_api
    _reports, compile_url, _outage, twelve = _shown_restored(database, api, "12:00")
    assert api.post(f"/api/v1/reports/{twelve}/retract", json={"reason": "未恢复"}).status_code == 200
    brief = compiled_brief(api, database, compile_url, {"day": "2021-07-03"})
    zh, en = changes_line(api, brief), changes_line(api, brief, "?lang=en")
    assert "甲小区上期所列7月2日 12:00恢复供电有更正，仍停电（60户）" in zh, zh
    assert "甲小区: the power restoration of 2 Jul 12:00 in the previous brief was corrected; still out " \
           "(60 households)" in en, en


def test_a_restoration_time_corrected_on_the_edit_form_is_said_corrected(database, coordinator_api: TokenClient,
                                                                         client, auth, make_user):  # noqa: ANN001
    # The office corrects it on the report's edit page (CSRF on), not over the API: the same line.
    api = coordinator_api
    _reports, compile_url, outage_id, update = _shown_restored(database, api, "12:00")
    make_user("wang", "coordinator")
    auth.login("wang")
    saved = Forms(client).submit(f"/reports/{update}/edit", {
        "outage_id": str(outage_id), **when("observed_at", "2021-07-02", "09:00"), "fully_restored": "y",
        "note": "", "source": ""})
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    brief = compiled_brief(api, database, compile_url, {"day": "2021-07-03"})
    assert "甲小区恢复供电时间由7月2日 12:00更正为7月2日 09:00" in changes_line(api, brief), changes_line(api, brief)
