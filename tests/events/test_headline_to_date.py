"""Headline figures (home page, events download, event page) are the brief's totals to date: a report of
totals to date (截至目前) replaces the rounds before it, and a pumped volume counts only while its operation
does, as in the brief (briefs/counts.py, briefs/sql.known)."""

from __future__ import annotations

import json
import re

from incidents.briefs import services
from incidents.models import Report
from incidents.reports.services import set_status
from tests.briefs.conftest import content, day_of, local, make_builder
from tests.exports.conftest import read_csv, read_xlsx


def _dd(html: str, label: str) -> str:
    """The text of the headline figure under `label` (its <dd>)."""
    found = re.search(rf"<dt>{label}</dt><dd>(.*?)</dd>", html, re.S)
    assert found, label
    return re.sub(r"<[^>]+>|\s+", "", found.group(1))


def test_headline_figures_are_the_briefs_totals_to_date(database, client, auth, make_user):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    # 甲小区: a round of 40 person-times, then its totals to date, 100 (they include the 40).
    b.report("disinfection", "site-a", local("2021-07-02 12:00"), observed_at=local("2021-07-02 11:00"),
             person_times=40, counts={"street": (3, False)})
    b.report("disinfection", "site-a", local("2021-07-03 12:00"), observed_at=local("2021-07-03 11:00"),
             cumulative=True, person_times=100, counts={"street": (8, False)})
    # 乙小区 sends rounds only: they add.
    b.report("disinfection", "site-b", local("2021-07-03 12:00"), observed_at=local("2021-07-03 10:00"),
             person_times=30)
    # A pumped volume of an operation withdrawn since counts nowhere in the brief.
    op = b.report("pumping", "site-a", local("2021-07-02 12:10"), observed_at=local("2021-07-02 12:00"),
                  team="消防")
    b.report("pumping_volume", "site-a", local("2021-07-03 09:00"), operation_id=op,
             period_start=local("2021-07-02 12:00"), period_end=local("2021-07-02 18:00"), volume_m3=500)
    with database.transaction() as s:
        set_status(s, s.get(Report, op), "retracted", b.user_id, reason="duplicate")
    services.compile_due(database, now=local("2021-07-04 08:00"), catchup_days=3, event_ids=[b.event_id])
    brief = content(database, b.event_id, day_of("2021-07-03"))
    assert brief.disinfection.person_times.to_date.value == 130
    assert brief.pumping.volume_m3.to_date.value is None

    make_user("viewer1", "viewer")
    auth.login("viewer1")
    page = client.get(f"/events/{b.event_id}").get_data(as_text=True)
    assert _dd(page, "消杀") == "130人次"
    assert _dd(page, "累计排水") == "未报"
    home = client.get("/").get_data(as_text=True)
    assert _dd(home, "消杀") == "130人次" and _dd(home, "累计排水") == "未报"
    row = next(r for r in json.loads(client.get("/events/export.json").data)["rows"] if r["id"] == b.event_id)
    assert (row["person_times"], row.get("volume_m3")) == (130, None)
    for rows in (read_csv(client.get("/events/export.csv").data), read_xlsx(client.get("/events/export.xlsx").data)):
        head, data = rows[0], rows[1]
        assert str(data[head.index("消杀人次")]) == "130" and data[head.index("排水量（m³）")] in ("", None)


def test_home_page_sums_each_event_on_its_own(database):
    """Two events, each with its own totals to date: the one statement keeps them apart."""
    from incidents.events.services import create_event, headline_figures

    b = make_builder(database, starts=local("2021-07-01 00:00"), code="one")
    first = b.event_id
    with database.transaction() as s:
        second = create_event(s, code="two", name="第二场", kind="rainstorm", starts_at=local("2021-07-01 00:00"),
                              area_id=b.areas["district"]).id
    b.report("disinfection", "site-a", local("2021-07-02 12:00"), observed_at=local("2021-07-02 11:00"),
             person_times=40)
    b.report("disinfection", "site-a", local("2021-07-03 12:00"), observed_at=local("2021-07-03 11:00"),
             cumulative=True, person_times=100)
    b.event_id = second
    b.report("disinfection", "site-a", local("2021-07-02 12:00"), observed_at=local("2021-07-02 11:00"),
             person_times=7)
    with database.read_session() as s:
        figures = headline_figures(s, [first, second])
    assert (figures[first]["person_times"], figures[second]["person_times"]) == (100, 7)
