"""Local times are never guessed (issue 10, item 11).

In America/New_York the clocks went back at 02:00 EDT on 2012-11-04, so 01:00–02:00 happened twice;
on 2013-03-10 they went forward at 02:00, so 02:00–03:00 never happened. A time inside the repeated
hour asks which (the form shows both with their offsets; the API answers 422 naming the field and
both candidates unless an offset is given); a time in the gap is refused; wherever the event's zone
observes daylight saving, shown times carry their abbreviation.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from incidents.areas.services import create_area
from incidents.events.services import create_event
from incidents.models import Event, PowerOutage, Report
from incidents.timelines.services import outage_states
from tests.conftest import switch_language, unspanned
from tests.reports.conftest import count_reports, hidden, when

NEW_YORK = ZoneInfo("America/New_York")
FIRST_0130 = "2012-11-04T01:30:00-04:00"   # EDT, 05:30 UTC
SECOND_0130 = "2012-11-04T01:30:00-05:00"  # EST, 06:30 UTC


@pytest.fixture
def storm(database, make_user, auth) -> dict:
    """An America/New_York event (a Sandy-like storm) with one block, and a reporter logged in."""
    with database.transaction() as s:
        borough = create_area(s, name="Lower Manhattan", level="district")
        block = create_area(s, name="Block 7", level="site", parent=borough, households=2000)
        event = create_event(s, code="ny-2012-sandy", name="Sandy", kind="typhoon",
                             starts_at=datetime(2012, 10, 29, 0, 0, tzinfo=NEW_YORK), timezone="America/New_York",
                             area_id=borough.id)
        ids = {"event": event.id, "block": block.id}
    ids["user"] = make_user("li", "reporter")
    auth.login("li")
    return ids


def _outage_form(storm: dict, day: str, clock: str, **extra: str) -> dict:
    return {"area_id": str(storm["block"]), **when("started_at", day, clock), "households_affected": "1000",
            **extra}


def _radios(html: str, name: str) -> dict[str, bool]:
    """The offset radios of a time field: {value: checked}."""
    found = re.findall(rf'<input type="radio" name="{name}-offset" value="([^"]+)"( checked)?', html)
    return {value: bool(checked) for value, checked in found}


def test_form_asks_which_0130_and_keeps_the_choice(client, forms, storm, database):
    url = f"/events/{storm['event']}/reports/new/outage"
    before = count_reports(database)
    response = forms.submit(url, _outage_form(storm, "2012-11-04", "01:30"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert count_reports(database) == before
    assert 'id="started_at-error"' in html
    assert _radios(html, "started_at") == {"-04:00": False, "-05:00": False}
    assert "01:30 EDT (UTC−04:00)" in html and "01:30 EST (UTC−05:00)" in html

    # The second 01:30 chosen, but another field wrong: the page comes back with the choice kept.
    response = forms.submit(url, _outage_form(storm, "2012-11-04", "01:30", households_affected="abc",
                                              **{"started_at-offset": "-05:00"}))
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="households_affected-error"' in html
    assert 'id="started_at-error"' not in html
    assert _radios(html, "started_at") == {"-04:00": False, "-05:00": True}

    response = forms.submit(url, _outage_form(storm, "2012-11-04", "01:30", **{"started_at-offset": "-05:00"}))
    assert response.status_code == 302, response.get_data(as_text=True)
    with database.read_session() as s:
        outage = s.scalars(sa.select(PowerOutage)).one()
        assert outage.started_at == datetime(2012, 11, 4, 6, 30, tzinfo=UTC)
    # Its page says which 01:30 it was, and the edit form shows the choice again.
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "11月4日 01:30 EST" in page
    edit = client.get(f"/reports/{outage.id}/edit").get_data(as_text=True)
    assert _radios(edit, "started_at") == {"-04:00": False, "-05:00": True}


@pytest.mark.parametrize("clock", ["1:30", "０１：３０"])
def test_form_asks_which_of_a_typed_0130(forms, storm, database, clock):
    # A clock typed without its leading zero (or in full width) is read (parsing.parse_clock); the question it
    # raises offers both readings too, not "choose" with nothing to choose from.
    response = forms.submit(f"/events/{storm['event']}/reports/new/outage", _outage_form(storm, "2012-11-04", clock))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert _radios(html, "started_at") == {"-04:00": False, "-05:00": False}


def test_form_refuses_a_time_in_the_spring_gap(forms, storm, database):
    before = count_reports(database)
    response = forms.submit(f"/events/{storm['event']}/reports/new/outage",
                            _outage_form(storm, "2013-03-10", "02:30"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and count_reports(database) == before
    error = re.search(r'<p class="error" id="started_at-error">([^<]*)</p>', html)
    assert error and "不存在" in error.group(1)
    assert _radios(html, "started_at") == {}
    # An ordinary time that day is accepted.
    response = forms.submit(f"/events/{storm['event']}/reports/new/outage",
                            _outage_form(storm, "2013-03-10", "03:30"))
    assert response.status_code == 302


def _api(client, storm: dict, body: dict):
    token = hidden(client.get("/").get_data(as_text=True), "csrf_token")
    return client.post(f"/api/v1/events/{storm['event']}/reports", headers={"X-CSRFToken": token},
                       json={"kind": "outage", "area_id": storm["block"], "households_affected": 1000, **body})


@pytest.mark.parametrize("value", ["2012-11-04 01:30", "2012-11-04T01:30", "2012-11-04T01:30:00",
                                   "2012-11-04 ~01:30"])
def test_api_answers_422_with_both_candidates(client, storm, database, value):
    before = count_reports(database)
    response = _api(client, storm, {"started_at": value})
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"started_at"}
    message = response.json["errors"]["started_at"]
    assert FIRST_0130 in message and SECOND_0130 in message
    assert response.json["candidates"] == {"started_at": [FIRST_0130, SECOND_0130]}
    assert count_reports(database) == before


@pytest.mark.parametrize("value, utc", [(SECOND_0130, datetime(2012, 11, 4, 6, 30, tzinfo=UTC)),
                                        (FIRST_0130, datetime(2012, 11, 4, 5, 30, tzinfo=UTC)),
                                        ("2012-11-04T06:30:00Z", datetime(2012, 11, 4, 6, 30, tzinfo=UTC))])
def test_api_takes_a_time_with_its_offset(client, storm, database, value, utc):
    response = _api(client, storm, {"started_at": value})
    assert response.status_code == 201, response.json
    with database.read_session() as s:
        assert s.get(Report, response.json["id"]).started_at == utc


@pytest.mark.parametrize("value", ["2013-03-10 02:30", "2013-03-10T02:00", "2013-03-10 ~02:59"])
def test_api_refuses_a_time_in_the_spring_gap(client, storm, database, value):
    response = _api(client, storm, {"started_at": value})
    assert response.status_code == 422 and set(response.json["errors"]) == {"started_at"}
    assert "不存在" in response.json["errors"]["started_at"]
    assert "candidates" not in response.json


def test_updates_in_the_first_and_second_0130_end_the_outage_at_the_right_figure(client, forms, storm, database):
    """01:30 EDT: 600 still out; 01:15 EST (45 minutes later): fully restored."""
    response = _api(client, storm, {"started_at": "2012-11-04T00:10:00-04:00"})
    assert response.status_code == 201
    outage_id = response.json["id"]
    url = f"/events/{storm['event']}/reports/new/outage_update"
    update = {"outage_id": str(outage_id), "area_id": str(storm["block"])}
    first = forms.submit(url, {**update, **when("observed_at", "2012-11-04", "01:30"),
                               "observed_at-offset": "-04:00", "households_out": "600"})
    second = forms.submit(url, {**update, **when("observed_at", "2012-11-04", "01:15"),
                                "observed_at-offset": "-05:00", "fully_restored": "y"})
    assert first.status_code == second.status_code == 302
    with database.read_session() as s:
        outage = s.get(PowerOutage, outage_id)
        assert outage.restored_at == datetime(2012, 11, 4, 6, 15, tzinfo=UTC)
        now = datetime.now(UTC)  # (logged today, about 2012)
        [during] = outage_states(s, storm["event"], datetime(2012, 11, 4, 6, 0, tzinfo=UTC), now)
        [after] = outage_states(s, storm["event"], datetime(2012, 11, 4, 7, 0, tzinfo=UTC), now)
    assert (during.households_out, during.restored) == (600, False)
    assert (after.households_out, after.restored) == (0, True)
    # Listed in the order they happened, each with its abbreviation.
    page = unspanned(client.get(f"/reports/{outage_id}").get_data(as_text=True))
    listed = re.findall(r'<span class="when">([^<]*)</span> <a [^>]*href="/reports/\d+">', page)
    assert listed == ["2012年11月4日 01:30 EDT", "2012年11月4日 01:15 EST"]  # not this year: its year


ABBREVIATED = re.compile(r"\d\d:\d\d (?:EDT|EST|CST|CDT|UTC)")


def test_shown_times_carry_the_abbreviation_where_the_zone_observes_dst(client, storm, database, seeded):
    response = _api(client, storm, {"started_at": SECOND_0130})
    report_id = response.json["id"]
    assert "11月4日 01:30 EST" in client.get(f"/reports/{report_id}").get_data(as_text=True)
    assert "11月4日 01:30 EST" in client.get(f"/events/{storm['event']}/reports").get_data(as_text=True)
    known = (datetime.now(UTC) + timedelta(minutes=2)).strftime("%Y-%m-%dT%H:%MZ")  # (logged just now)
    timeline = client.get(f"/events/{storm['event']}/timeline?at=2012-11-04T08:00Z&known={known}"
                          ).get_data(as_text=True)
    assert "01:30 EST" in timeline and "03:00 EST" in timeline
    switch_language(client, "en")
    assert "4 Nov 2012 01:30 EST" in client.get(f"/reports/{report_id}").get_data(as_text=True)
    switch_language(client, "zh")

    # Asia/Shanghai has not changed its clocks since 1991: its times show as they always did.
    with database.read_session() as s:
        rainstorm = s.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
        some = s.scalars(sa.select(Report.id).where(Report.event_id == rainstorm.id).limit(5)).all()
    for page in [client.get(f"/events/{rainstorm.id}/reports").get_data(as_text=True),
                 client.get(f"/events/{rainstorm.id}/timeline?at=2021-07-24T18:00").get_data(as_text=True),
                 *(client.get(f"/reports/{i}").get_data(as_text=True) for i in some)]:
        assert re.search(r"\d\d:\d\d", page) and not ABBREVIATED.search(page)


def test_a_brief_of_a_dst_zone_shows_abbreviated_times(client, storm, database):
    from incidents.briefs import services as briefs
    from incidents.briefs.formats import as_text
    from incidents.reports.services import create_report

    with database.transaction() as s:
        create_report(s, "outage", {"event_id": storm["event"], "area_id": storm["block"],
                                    "started_at": datetime.fromisoformat(SECOND_0130), "households_affected": 1000},
                      storm["user"], reported_at=datetime(2012, 11, 4, 7, 0, tzinfo=UTC))
    with database.transaction() as s:
        event = s.get(Event, storm["event"])
        brief = briefs.compile_brief(s, event, date(2012, 11, 4),
                                     now=datetime(2012, 11, 5, 9, 0, tzinfo=NEW_YORK)).brief
        content = briefs.load_content(brief)
    for lang in ("zh", "en"):
        text = as_text(content, lang)
        assert "01:30 EST" in text and "09:00 EST" in text  # an outage's start, the compile time
    html = unspanned(client.get(f"/briefs/{brief.id}").get_data(as_text=True))
    assert "01:30 EST" in html and "09:00 EST" in html


def test_timeline_as_of_a_repeated_or_skipped_time_asks_for_the_offset(client, storm):
    url = f"/events/{storm['event']}/timeline"
    response = client.get(f"{url}?at=2012-11-04T01:30")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "2012-11-04T01:30-04:00" in html and "2012-11-04T01:30-05:00" in html
    api = client.get(f"/api/events/{storm['event']}/timeline?at=2012-11-04T01:30")
    assert api.status_code == 400 and "at" in api.get_json()["errors"]
    assert client.get(f"{url}?at=2013-03-10T02:30").status_code == 400
    # With its offset it is one instant, and the page's own links keep that offset.
    response = client.get(f"{url}?at=2012-11-04T01:30-05:00")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "11月4日 01:30 EST" in html
    assert "at=2012-11-04T01:30-05:00" in html.replace("%3A", ":").replace("%2B", "+")


def test_an_event_start_in_the_repeated_hour_is_not_guessed(client, auth, make_user, database, storm):
    from tests.reports.conftest import hidden

    make_user("wang", "coordinator")
    auth.login("wang")
    csrf = hidden(client.get("/events/new").get_data(as_text=True), "csrf_token")
    form = {"csrf_token": csrf, "code": "ny-2012-nor-easter", "name": "Nor'easter", "kind": "typhoon",
            "timezone": "America/New_York", "brief_time": "08:00", "area_id": ""}
    for starts in ("2012-11-04T01:30", "2013-03-10T02:30"):
        response = client.post("/events/new", data={**form, "starts_at": starts})
        assert response.status_code == 422, starts
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Event)) == 1
    response = client.post("/events/new", data={**form, "starts_at": "2012-11-04T01:30-05:00"})
    assert response.status_code == 302
    with database.read_session() as s:
        event = s.scalar(sa.select(Event).where(Event.code == "ny-2012-nor-easter"))
        assert event.starts_at == datetime(2012, 11, 4, 6, 30, tzinfo=UTC)


@pytest.mark.parametrize("value", ["0001-01-01T00:00", "9999-12-31T23:59", "0001-01-01 ~00:00"])
def test_api_times_at_the_calendars_edges_are_refused_not_a_500(client, storm, value):
    response = _api(client, storm, {"started_at": value})
    assert response.status_code == 422 and set(response.json["errors"]) == {"started_at"}
