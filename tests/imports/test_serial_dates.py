"""A time cell that holds a number (a date whose cell lost its date format: 44402.5) is told as such.

Excel keeps a date as the days since 1899-12-30; a cell formatted General, or pasted as values from a
sheet that held a formula, shows 44402.5. The import refused it with the hint for unreadable text
(须为日期和时间：…), naming nothing of why a cell the clerk typed a date into was not one. Now the
refusal says it is a number and which date and time it stands for, so the clerk formats the column as a
date. Nothing is guessed: the number is never read as that date.
"""

from __future__ import annotations

from tests.imports.conftest import count_reports, problems, xlsx_bytes

HEADER = ["area", "title", "observed_at"]
PLACE = "文峰区/北大街街道"


def test_a_number_in_a_time_column_is_refused_naming_the_date_it_stands_for(app, event, make_user, run, database):
    make_user("co", "coordinator")
    before = count_reports(database)
    rows = [HEADER, [PLACE, "巡查", 44402.5], [PLACE, "会商", 44402], [PLACE, "清淤", "2021-07-26 10:00"]]
    outcome = run(xlsx_bytes(rows), "co", event, filename="log.xlsx")
    assert problems(outcome) == [(2, "observed_at"), (3, "observed_at")]
    first, second = (str(p.message) for p in outcome.problems)
    assert first == ("is a number (44402.5), not a date: format the column as a date "
                     "(as a date it is 2021-07-25 12:00)")
    assert "(44402)" in second and "2021-07-25 00:00" in second
    assert not outcome.stored and count_reports(database) == before
