"""A calendar day's label (the report list's day filter, a zero report's day) reads as fmt_day says the day's noon,
with the year by shows_year: read off the date now (DAY_WORDS), not through an instant converted twice."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from incidents.formatting import fmt_calendar_day, fmt_day, shows_year

ZONES = ["Asia/Shanghai", "America/New_York", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/London"]


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("lang", ["zh", "en", "en-GB", None])
def test_a_calendar_day_reads_as_its_noon_did(zone, lang):
    tz = ZoneInfo(zone)
    this_year = datetime.now(UTC).astimezone(tz).year
    # Around two New Years (the year shown or not), the DST changes, a leap day.
    first = date(this_year - 1, 12, 20)
    days = [first + timedelta(days=i) for i in range(400)] + [date(2020, 2, 29), date(2021, 7, 24)]
    for day in days:
        noon = datetime.combine(day, time(12), tz)
        expected = fmt_day(noon, tz, lang, year=shows_year(noon, tz))
        assert fmt_calendar_day(day, tz, lang) == expected, (zone, lang, day)
    shown = {fmt_calendar_day(d, tz, "zh") for d in (date(this_year, 3, 1), date(this_year - 1, 3, 1))}
    assert shown == {"3月1日", f"{this_year - 1}年3月1日"}
