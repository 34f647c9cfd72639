"""A pumped volume or a clearance whose period runs past now counts in the headline up to now, as the brief
counts it up to its cut-off (briefs/intervals.py: the part of the period before the instant, 约).

Found by replaying a disaster through the API: 600 m³ over a period ending 4 minutes from now (within the
form's clock tolerance) showed 600 m³ on the home page while the brief, compiled then, prorated it.
"""

from __future__ import annotations

import json
from datetime import timedelta

from incidents.briefs.intervals import PUMPED, interval_before
from incidents.db import now_utc
from incidents.events.services import headline_figures
from tests.briefs.conftest import local, make_builder


def test_a_running_period_counts_up_to_now(database, client, auth, make_user):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    now = now_utc().replace(microsecond=0)
    start, end = now - timedelta(minutes=56), now + timedelta(minutes=4)
    op = b.report("pumping", "site-a", now - timedelta(hours=1), observed_at=now - timedelta(hours=1), team="消防")
    b.report("pumping_volume", "site-a", now, operation_id=op, period_start=start, period_end=end, volume_m3=600)
    b.report("debris", "site-a", now, period_start=start, period_end=end, mass_kg=6000)

    at = now - timedelta(minutes=26)  # half way through the period
    with database.read_session() as s:
        figures = headline_figures(s, [b.event_id], now=at)[b.event_id]
        brief = interval_before(s, PUMPED, b.event_id, at, at + timedelta(hours=1))
    assert (figures["volume_m3"], figures["volume_m3_approx"]) == (300, True)
    assert (figures["mass_kg"], figures["mass_kg_approx"]) == (3000, True)
    assert sum(v["volume_m3"].to_date for v in brief.values()) == 300

    make_user("viewer1", "viewer")
    auth.login("viewer1")
    before = now_utc()
    rows = json.loads(client.get("/events/export.json").data)["rows"]
    after = now_utc()
    shown = next(r for r in rows if r["id"] == b.event_id)
    span = (end - start).total_seconds()
    lo, hi = (int(600 * (t - start).total_seconds() // span) for t in (before, after))
    assert lo <= shown["volume_m3"] <= hi < 600, shown
    # The download says what the page's 约 says: the figure counts a period still running, up to now.
    assert (shown["volume_m3_approx"], shown["mass_t_approx"]) == (True, True), shown
    page = client.get(f"/events/{b.event_id}").get_data(as_text=True)
    assert "约" in page.split("累计排水", 1)[1].split("</dd>", 1)[0]
