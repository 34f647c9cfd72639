"""The timeline's per-household statistics counted off "120余户已恢复" say so: more than 120 came back at 22:00, so
the rest counted out until the next word may have been back sooner — the household-hours and the mean (and the
median) are at most (不超过), and about (约) while some are still out too (their time so far is a lower bound), as
the brief words a figure read off a "more than" restored count (docs/domain.md, rule.sum_marks).

Found 7 December: 200 out from 12:00, 120余 back at 22:00, all back at 09:00 showed 14小时24分 per household and
2,880 household-hours as if exact; the true mean is lower.
"""

from __future__ import annotations

from typing import Any

from tests.api.conftest import coordinator_api, new_token, token_client  # noqa: F401, F811
from tests.api.test_timeline_stats_disagreeing_reading import one_outage_timeline

BACK = {"observed_at": "2021-07-01 22:00", "households_restored": "120+"}
ALL_BACK = {"observed_at": "2021-07-02 09:00", "fully_restored": True}


def _timeline(database, api, client, auth, make_user, updates: tuple[dict[str, Any], ...],  # noqa: ANN001
              as_of: str) -> tuple[dict[str, Any], str]:
    """A 200-household outage from 1 July 12:00 with `updates`: the household statistics at `as_of` (JSON), and
    the page's per-household figures (zh)."""
    event_id, timeline = one_outage_timeline(database, api, updates, as_of)
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    page = client.get(f"/events/{event_id}/timeline", query_string={"at": as_of})
    assert page.status_code == 200
    stats = page.get_data(as_text=True).split('id="stats"')[1].split("</section>")[0]
    return timeline["stats"]["households"], stats


def test_hours_counted_off_more_than_back_are_at_most(database, coordinator_api, client, auth, make_user):  # noqa: F811
    households, page = _timeline(database, coordinator_api, client, auth, make_user, (BACK, ALL_BACK),
                                 "2021-07-02 12:00")
    # 120 back after 10 hours, 80 after 21: 2,880 household-hours, 14.4 h each — had no more than 120 come back.
    assert (households["unit_hours"], households["mean_hours"], households["still_out"]) == (2880.0, 14.4, 0)
    assert households["hours_ub"] is True
    assert (households["mean_is_lower_bound"], households["mean_is_upper_bound"],
            households["mean_is_approx"]) == (False, True, False)
    assert "不超过2,880<" in page and "不超过14小时24分" in page, page


def test_still_out_beside_more_than_back_is_about(database, coordinator_api, client, auth, make_user):  # noqa: F811
    households, page = _timeline(database, coordinator_api, client, auth, make_user, (BACK,), "2021-07-02 12:00")
    # Still out (≥, their time so far) and counted off 120余 back (≤): bounded neither way, 约.
    assert households["still_out_ub"] is True and households["hours_ub"] is True
    assert (households["mean_is_lower_bound"], households["mean_is_upper_bound"],
            households["mean_is_approx"]) == (False, False, True)
    per = page.split("每户")[1].split("</dd>")[0]
    # The mean 约; the median (the 100th household, back at 22:00) at most: more may have come back then.
    assert "约15小时36分" in per and "/ 不超过10小时" in per and "≥" not in per, per


def test_an_exact_reading_keeps_the_mean_exact(database, coordinator_api, client, auth, make_user):  # noqa: F811
    households, page = _timeline(database, coordinator_api, client, auth, make_user,
                                 ({"observed_at": "2021-07-01 22:00", "households_restored": 120}, ALL_BACK),
                                 "2021-07-02 12:00")
    assert (households["hours_ub"], households["mean_is_lower_bound"], households["mean_is_upper_bound"],
            households["mean_is_approx"]) == (False, False, False, False)
    assert "不超过" not in page and "约" not in page.split("ETR")[0]
