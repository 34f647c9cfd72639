"""三、待办与风险 gives the estimated restoration known by the brief's cut-off, one given after 24:00 too.

Found by a district office: an ETR given at 02:00 (7月2日 12:00) was missing from the brief compiled at 08:00,
which still said the 20:00 promised the day before, overdue: the outage was read as it stood at the day's end,
while the office reading at 08:00 expects the brief to know what was reported by its cut-off, as it already says
a restoration after 24:00 (已于…恢复，计入下期). Said as learned after 24:00, in the item and the outage table.
"""

from __future__ import annotations

import csv
import io

from incidents.briefs import formats, services

from .conftest import content, day_of, local, make_builder


def _brief(database, code: str, second: bool = False):
    """甲小区 out since 7月1日 09:00 (50户), ETR 7月1日 20:00; at 7月2日 02:00 (sent 02:10) a new ETR of 12:00;
    at 09:00 (after the 08:00 cut-off) another of 18:00. `second`: another outage there with no ETR."""
    b = make_builder(database, starts=local("2021-07-01 00:00"), code=code)
    oid = b.report("outage", "site-a", local("2021-07-01 09:10"), started_at=local("2021-07-01 09:00"),
                   households_affected=50, etr_at=local("2021-07-01 20:00"))
    if second:
        b.report("outage", "site-a", local("2021-07-01 10:10"), started_at=local("2021-07-01 10:00"),
                 households_affected=30)
    b.report("outage_update", "site-a", local("2021-07-02 02:10"), outage_id=oid,
             observed_at=local("2021-07-02 02:00"), etr_at=local("2021-07-02 12:00"))
    b.report("outage_update", "site-a", local("2021-07-02 09:10"), outage_id=oid,
             observed_at=local("2021-07-02 09:00"), etr_at=local("2021-07-02 18:00"))
    services.compile_once(database, b.event_id, day_of("2021-07-01"), now=local("2021-07-02 08:00"))
    return content(database, b.event_id, day_of("2021-07-01"))


def test_an_etr_given_after_midnight_is_in_the_brief(database):
    c = _brief(database, "etr-after")
    zh = formats.as_text(c, "zh")
    item = next(line for line in zh.splitlines() if line.startswith("1. 甲小区"))
    assert "预计恢复时间7月2日 12:00（24时后获知）" in item, item
    assert "已超过预计恢复时间" not in item and "20:00" not in item, item
    assert "18:00" not in zh  # given after the cut-off: the next brief's
    en = formats.as_text(c, "en")
    assert "estimated restoration 2 Jul 12:00 (given after 24:00)" in en, en
    # The outage table (CSV) says it in its note; its ETR column the same time.
    rows = list(csv.DictReader(io.StringIO(formats.as_csv(c, "outages", "zh").lstrip("\ufeff"))))
    assert rows[0]["预计恢复时间"] == "7月2日 12:00", rows
    assert "预计恢复时间为24时后获知" in rows[0]["备注"] and "已超过" not in rows[0]["备注"], rows
    assert c.power.open[0].etr_after and not c.power.open[0].overdue


def test_a_places_earliest_etr_given_after_midnight_says_so(database):
    c = _brief(database, "etr-after-place", second=True)
    zh = formats.as_text(c, "zh")
    item = next(line for line in zh.splitlines() if line.startswith("1. 甲小区"))
    assert "最早预计恢复时间7月2日 12:00（24时后获知；另有1处未报预计恢复时间）" in item, item
    assert "已超时" not in item, item
    en = formats.as_text(c, "en")
    assert "earliest estimated restoration 2 Jul 12:00 (given after 24:00; none yet for 1 of them)" in en, en
