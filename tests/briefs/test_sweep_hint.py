"""A new event whose first briefs are already due lists them as 尚未编制 with a past due time until the scheduler's
next sweep compiles them: the list now says they will be compiled automatically, and within how long (the
sweep's own interval). Days the sweep will not reach (before its catch-up window) are not promised."""

from __future__ import annotations

from incidents import scheduler


def test_a_due_brief_not_yet_compiled_says_the_sweep_will_compile_it(client, auth, make_user, live):
    make_user("v", "viewer")
    auth.login("v")
    page = client.get(f"/events/{live.id}/briefs").get_data(as_text=True)
    assert "尚未编制" in page
    assert f"将在{scheduler.SWEEP_MINUTES}分钟内自动编制" in page
    client.get("/lang/en")
    page = client.get(f"/events/{live.id}/briefs").get_data(as_text=True)
    assert f"compiled automatically within {scheduler.SWEEP_MINUTES} minutes" in page


def test_days_before_the_sweeps_window_are_not_promised(client, auth, make_user, live, app):
    make_user("v", "viewer")
    auth.login("v")
    app.config["BRIEF_CATCHUP_DAYS"] = 1  # the sweep reaches only the latest due day
    page = client.get(f"/events/{live.id}/briefs").get_data(as_text=True)
    assert page.count("尚未编制") >= 2 and page.count("分钟内自动编制") == 1
