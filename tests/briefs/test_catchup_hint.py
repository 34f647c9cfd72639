"""`incidents scheduler --once` on a past event loaded at once: days older than the catch-up window are named,
with the option that reaches them (a replay of a 10-day event left its first days without a brief, silently)."""

from __future__ import annotations

from .conftest import briefs, local, make_builder


def test_days_before_the_window_are_named_with_the_option_that_reaches_them(runner, database):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    first = runner.invoke(args=["incidents", "scheduler", "--once", "--as-of", "2021-07-12T09:00+08:00"])
    assert first.exit_code == 0, first.output
    assert len(briefs(database, b.event_id)) == 7  # 07-05 … 07-11: the default window
    assert ("event test-event: 4 earlier days without a brief (2021-07-01 to 2021-07-04), before the catch-up "
            "window: run again with --catchup-days 11") in first.output, first.output
    second = runner.invoke(args=["incidents", "scheduler", "--once", "--as-of", "2021-07-12T09:00+08:00",
                                 "--catchup-days", "11"])
    assert second.exit_code == 0 and "4 briefs compiled" in second.output, second.output
    assert len(briefs(database, b.event_id)) == 11 and "earlier day" not in second.output
