"""The web shell: home, event and area pages, in Chinese by default and in English."""

import sqlalchemy as sa

from incidents.models import Area, Event
from tests.conftest import switch_language


def test_anonymous_goes_to_login(client):
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_home_lists_events_with_figures_in_chinese(client, auth, seeded, make_user):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    html = client.get("/").get_data(as_text=True)
    assert "2021年7月特大暴雨" in html and "台风“烟花”" in html
    assert "50,000 m³" in html  # pumped to date
    assert 'lang="zh-CN"' in html


def test_event_page_and_english(client, auth, seeded, make_user, session):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    event = session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
    html = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "北大街街道" in html and "约21:00" in html and "7月24日下午" in html
    switch_language(client, "en")
    html = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "≈21:00" in html and "30+ t" in html and "Beidajie Subdistrict" in html


def test_area_page_shows_reports_below(client, auth, seeded, make_user, session):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    bdj = session.scalar(sa.select(Area).where(Area.name == "北大街街道"))
    html = client.get(f"/areas/{bdj.id}").get_data(as_text=True)
    assert "彰德路64号院" in html and "24" in html  # disinfection counts of the subdistrict


def test_unknown_event_is_404(client, auth, make_user):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    assert client.get("/events/999").status_code == 404


def test_headline_sums_keep_lower_bounds(client, auth, seeded, make_user, session):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    event = session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
    html = client.get(f"/events/{event.id}").get_data(as_text=True)
    # 80 + 20 person-times (the 700余 sanitation workers on duty are staff, not person-times), and
    # the street disinfections of 07-26 gave no person-times: "more than", as the brief says (100余人次).
    # 30余吨 of debris stays "30余吨".
    assert "100余人次" in html and "800余人次" not in html and "30余吨" in html


def test_open_outages_on_the_cards_are_those_the_timeline_shows_at_a_closed_events_end(
        client, auth, seeded, make_user, session, database):
    from datetime import timedelta

    from incidents.events.services import figures_by_subdistrict, headline_figures
    from incidents.reports.services import create_report

    make_user("viewer1", "viewer")
    reporter = make_user("field1", "reporter")
    auth.login("viewer1")
    event = session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
    site = session.scalar(sa.select(Area).where(Area.name == "彰德路64号院"))

    def cards() -> tuple[int, int, int]:
        with database.read_session() as s:
            head = headline_figures(s, [event.id])[event.id]["open_outages"]
            by_sub = figures_by_subdistrict(s, event.id)[1]["open_outages"]
        timeline = client.get(f"/events/{event.id}/timeline.json").get_json()
        return head, by_sub, sum(1 for o in timeline["outages"] if o["open"])

    before = cards()
    assert before[0] == before[1] == before[2]
    # Seen a day after the event ended: the form warns it counts nowhere, the cards must agree.
    with database.transaction() as s:
        create_report(s, "outage", {"event_id": event.id, "area_id": site.id, "households_affected": 40,
                                    "started_at": event.ends_at + timedelta(days=1)},
                      reporter_id=reporter, reported_at=event.ends_at + timedelta(days=1, hours=1))
    assert cards() == before
