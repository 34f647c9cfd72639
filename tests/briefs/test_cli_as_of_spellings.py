"""`incidents scheduler --once --as-of` reads a time as every time the product reads is: a calendar date (YYYY-MM-DD),
a clock, an offset, a year this log holds (vague.parse_instant). A week date or ISO's basic form was taken by
datetime.fromisoformat as an instant nobody meant (2021-W30-1 is Monday 26 July), and year 1 was a traceback."""

from __future__ import annotations

import pytest

from incidents.briefs.models import Brief


@pytest.mark.parametrize("as_of", ["2021-W30-1T08:00+08:00", "20210726T080000+0800", "2021-207T08:00+08:00",
                                   "0001-01-01T00:00+00:00", "9999-12-31T23:59+00:00", "2021-07-26T08:00"])
def test_an_as_of_of_another_spelling_is_refused_naming_it(runner, database, rainstorm, as_of):
    result = runner.invoke(args=["incidents", "scheduler", "--once", "--as-of", as_of, "--catchup-days", "3"])
    assert result.exit_code == 2, (result.output, result.exception)
    assert "--as-of" in result.output and "Traceback" not in result.output
    with database.read_session() as s:
        assert s.query(Brief).count() == 0
