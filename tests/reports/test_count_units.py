"""A count typed with its own unit ("120人次", "30余户", "30 households") is read as the number, on the form
and in the parser every path shares; another unit ("120人" for person-times, "3000平方米") is refused,
naming the unit the field is counted in, and nothing is saved."""

from __future__ import annotations

import re

import pytest

from incidents.models import Disinfection, PowerOutage
from incidents.reports.messages import ESTIMATE, RUNNING_TOTAL
from incidents.reports.parsing import parse_quantity_input
from incidents.reports.validation import COUNT_UNITS
from tests.reports.conftest import count_reports, when


@pytest.mark.parametrize(("field", "typed", "value", "lb"), [
    ("person_times", "120人次", 120, False), ("person_times", "120 person-times", 120, False),
    ("person_times", "１２０人次", 120, False), ("households_affected", "30户", 30, False),
    ("households_affected", "30余户", 30, True), ("households_affected", "30 households", 30, False),
    ("households_affected", "30+ Households", 30, True), ("households_out", "30户+", 30, True),
    ("buildings_affected", "5栋", 5, False), ("buildings_affected", "5幢", 5, False),
    ("truckloads", "3车", 3, False), ("truckloads", "3车次", 3, False), ("pumps", "4台", 4, False),
    ("staff", "20人", 20, False), ("people", "20名", 20, False), ("vehicles", "2辆", 2, False),
    ("volume_m3", "3000m³", 3000, False), ("volume_m3", "3,000 立方米", 3000, False),
    # In 万, and "以上" (over) for "more than": as district tallies write big counts.
    ("households_affected", "1.2万户", 12000, False), ("households_affected", "3万余户", 30000, True),
    ("person_times", "1.05万人次", 10500, False), ("households_out", "30户以上", 30, True),
    ("households_out", "30以上", 30, True),
    # An American utility counts "customers": one meter, one household.
    ("households_affected", "300 customers", 300, False), ("households_restored", "1 customer", 1, False)])
def test_a_count_reads_with_its_own_unit(field, typed, value, lb):
    assert parse_quantity_input(typed, False, COUNT_UNITS[field]) == (value, lb)


@pytest.mark.parametrize(("field", "typed", "unit"), [
    ("person_times", "120人", "人"), ("staff", "20人次", "人次"), ("volume_m3", "3000平方米", "平方米"),
    ("households_affected", "5栋", "栋"), ("pumps", "4辆", "辆")])
def test_another_unit_is_refused_naming_the_fields_own(field, typed, unit):
    value, _lb = parse_quantity_input(typed, False, COUNT_UNITS[field])
    assert value.msgid == 'must be in %(unit_en)s: "%(typed)s" is another unit'
    zh, en = COUNT_UNITS[field][:2]
    assert value.params == {"unit_zh": zh, "unit_en": en, "typed": unit}


@pytest.mark.parametrize("typed", ["3.5户", "abc", "1.23456万户"])
def test_what_is_no_number_stays_junk(typed):
    assert parse_quantity_input(typed, False, COUNT_UNITS["households_affected"]) == (typed, False)


def test_the_disinfection_form_takes_person_times_and_a_category_in_their_units(
        client, auth, forms, event, make_user, area_id, database):
    make_user("li", "reporter")
    auth.login("li")
    url = f"/events/{event.id}/reports/new/disinfection"
    page = client.get(url).get_data(as_text=True)
    assert 'data-units="人次|person-times' in page and 'data-units="条"' in page  # the phone checks as the server
    response = forms.submit(url, {"area_id": area_id("西钟楼巷"), **when("observed_at", "2021-07-27", "16:30"),
                                  "person_times": "120人次", "staff": "20人", "count_street": "12条"})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    with database.read_session() as s:
        report = s.get(Disinfection, int(response.headers["Location"].rsplit("/", 1)[1]))
        assert (report.person_times, report.staff) == (120, 20)
        assert {c.category_code: c.count for c in report.counts} == {"street": 12}


def test_the_form_refuses_staff_as_person_times_and_says_why(client, auth, forms, event, make_user, area_id,
                                                             database):
    make_user("li", "reporter")
    auth.login("li")
    before = count_reports(database)
    response = forms.submit(f"/events/{event.id}/reports/new/disinfection",
                            {"area_id": area_id("西钟楼巷"), **when("observed_at", "2021-07-27", "16:31"),
                             "person_times": "120人"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert ('<p class="error" id="person_times-error">'
            '单位应为人次：“人”是另一种单位') in html
    # A category is counted in its unit from the categories table (streets: 条).
    response = forms.submit(f"/events/{event.id}/reports/new/disinfection",
                            {"area_id": area_id("西钟楼巷"), **when("observed_at", "2021-07-27", "16:31"),
                             "person_times": "120人次", "count_street": "12户"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "单位应为条：“户”是另一种单位" in html
    assert count_reports(database) == before


def test_the_outage_form_takes_households_and_buildings_with_their_words(client, auth, forms, event, make_user,
                                                                        area_id, database):
    make_user("li", "reporter")
    auth.login("li")
    response = forms.submit(f"/events/{event.id}/reports/new/outage",
                            {"area_id": area_id("西钟楼巷"), **when("started_at", "2021-07-27", "08:00"),
                             "households_affected": "30余户", "buildings_affected": "5幢"})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    with database.read_session() as s:
        outage = s.get(PowerOutage, int(response.headers["Location"].rsplit("/", 1)[1]))
        assert (outage.households_affected, outage.households_affected_lb, outage.buildings_affected) == (30, True, 5)


def test_the_outage_form_takes_a_utilitys_customers_as_households(client, auth, forms, event, make_user, area_id,
                                                                   database):
    make_user("li", "reporter")
    auth.login("li")
    url = f"/events/{event.id}/reports/new/outage"
    assert 'data-units="户|households|household|customers|customer"' in client.get(url).get_data(as_text=True)
    response = forms.submit(url, {"area_id": area_id("西钟楼巷"), **when("started_at", "2021-07-27", "08:00"),
                                  "households_affected": "300 customers"})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    with database.read_session() as s:
        outage = s.get(PowerOutage, int(response.headers["Location"].rsplit("/", 1)[1]))
        assert (outage.households_affected, outage.households_affected_lb) == (300, False)


@pytest.mark.parametrize(("field", "typed", "word"), [
    ("volume_m3", "累计3000", "累计"), ("volume_m3", "3000 to date", "to date"),
    ("volume_m3", "截至目前3000方", "截至目前"),
    ("person_times", "累计120人次", "累计"), ("households_out", "300 so far", "so far")])
def test_a_total_to_date_is_named_as_such(field, typed, word):
    """"累计3000" where a period's volume goes said only 须为整数; it is a running total, and says so."""
    value, _lb = parse_quantity_input(typed, False, COUNT_UNITS[field])
    assert value.msgid == RUNNING_TOTAL.msgid and value.params == {"typed": word}


def test_the_volume_form_names_a_running_total_and_saves_nothing(client, auth, forms, event, make_user, database):
    make_user("li", "reporter")
    auth.login("li")
    before = count_reports(database)
    page = client.get(f"/events/{event.id}/reports/new/pumping_volume").get_data(as_text=True)
    operation = re.search(r'<option value="(\d+)"', page[page.index('name="operation_id"'):]).group(1)
    response = forms.submit(f"/events/{event.id}/reports/new/pumping_volume",
                            {"operation_id": operation, **when("period_start", "2021-07-28", "00:30"),
                             **when("period_end", "2021-07-28", "02:00"), "volume_m3": "累计3000"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert '<p class="error" id="volume_m3-error">是累计数（“累计”）：请只填本次报告时段的数字' in html
    assert count_reports(database) == before


@pytest.mark.parametrize(("field", "typed", "value", "lb"), [
    ("volume_m3", "3千方", 3000, False), ("volume_m3", "1.5千立方米", 1500, False),
    ("person_times", "2千余人次", 2000, True), ("volume_m3", "１．２千m³", 1200, False)])
def test_thousands_in_qian_read_as_wan_does(field, typed, value, lb):
    # Found replaying a waterlogging flood: "3千方" was "must be a whole number", while "0.3万方" was read.
    assert parse_quantity_input(typed, False, COUNT_UNITS[field]) == (value, lb)


@pytest.mark.parametrize("typed", ["约3000方", "大约3000", "约 3000 立方米", "近3000方"])
def test_an_estimate_is_refused_saying_why_not_as_junk(typed):
    # "约3000方" was "must be a whole number": the clerk could not see what was wrong with a number.
    value, _lb = parse_quantity_input(typed, False, COUNT_UNITS["volume_m3"])
    assert value.msgid == ESTIMATE.msgid and value.params["typed"] in ("约", "大约", "近")


def test_tonnes_as_an_estimate_are_refused_saying_why():
    from incidents.reports.parsing import parse_tonnes_input

    with pytest.raises(ValueError) as refused:
        parse_tonnes_input("约30吨")
    assert refused.value.args[0].msgid == ESTIMATE.msgid
