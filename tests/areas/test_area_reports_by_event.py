"""The area page's reports stand under the event each belongs to (a town office reads one event at a time).

Found by a newcomer's pass on the demo (7 December): 文峰区's page listed the July rainstorm's reports and typhoon
In-Fa's in one list by date, none saying which event it was, so a figure read there could not be told apart.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from incidents.models import Area, Event, Report


def _groups(page: str) -> list[tuple[str, str]]:
    """(heading, body) of each event's group under the page's reports heading."""
    reports = page.split('id="reports-here"', 1)[1]
    return re.findall(r'<section class="event-reports"[^>]*>\s*<h3[^>]*>(.*?)</h3>(.*?)</section>', reports, re.S)


def test_reports_are_grouped_under_their_event_with_a_link_to_the_full_list(seeded, session, client, auth,
                                                                          make_user):
    make_user("v", "viewer")
    auth.login("v")
    district = session.scalar(sa.select(Area).where(Area.name == "文峰区"))
    page = client.get(f"/areas/{district.id}").get_data(as_text=True)
    groups = _groups(page)
    events = {e.id: e for e in session.scalars(sa.select(Event))}
    assert len(groups) == 2, "both events have reports here: a group each"
    shown_events = []
    for heading, body in groups:
        event_id = int(re.search(r'href="/events/(\d+)"', heading).group(1))
        shown_events.append(event_id)
        assert events[event_id].name in heading
        ids = [int(i) for i in re.findall(r'href="/reports/(\d+)"', body)]
        assert ids and all(session.get(Report, i).event_id == event_id for i in ids), (heading, ids)
        # The whole list of the event at this place (and below) is one tap away, its count said.
        assert f'href="/events/{event_id}/reports?area={district.id}"' in body
    # The newest event first: what an office looks at now.
    assert shown_events == sorted(events, key=lambda i: events[i].starts_at, reverse=True)


def test_an_area_with_one_events_reports_still_says_which(seeded, session, client, auth, make_user):
    make_user("v", "viewer")
    auth.login("v")
    street = session.scalar(sa.select(Area).where(Area.name == "北大街街道"))
    groups = _groups(client.get(f"/areas/{street.id}").get_data(as_text=True))
    assert len(groups) == 1 and "2021年7月特大暴雨" in groups[0][0]
