"""A JSON count may carry its own unit ("120人次", "30 households"); another unit is refused by field,
naming the unit it is counted in, and nothing is saved."""

from __future__ import annotations

from incidents.reports.models import Disinfection, PowerOutage
from tests.api.conftest import TokenClient, count_reports


def test_person_times_and_a_category_count_in_their_own_units(where, reporter_api: TokenClient, database):
    url, area = where
    made = reporter_api.post(url, json={"kind": "disinfection", "area_id": area, "observed_at": "2021-07-27 16:30",
                                        "person_times": "120人次", "staff": "20 people",
                                        "counts": {"street": "12条", "compound": ["3余个", False]}})
    assert made.status_code == 201, made.get_json()
    with database.read_session() as s:
        report = s.get(Disinfection, made.get_json()["id"])
        assert (report.person_times, report.staff) == (120, 20)
        assert {c.category_code: (c.count, c.count_lb) for c in report.counts} == {
            "street": (12, False), "compound": (3, True)}


def test_an_outage_in_households_and_buildings(where, reporter_api: TokenClient, database):
    url, area = where
    made = reporter_api.post(url, json={"kind": "outage", "area_id": area, "started_at": "2021-07-22 23:40",
                                        "households_affected": "30 households", "buildings_affected": "5栋"})
    assert made.status_code == 201, made.get_json()
    with database.read_session() as s:
        outage = s.get(PowerOutage, made.get_json()["id"])
        assert (outage.households_affected, outage.buildings_affected) == (30, 5)


def test_staff_are_not_person_times_and_square_metres_no_count(where, reporter_api: TokenClient, database):
    url, area = where
    before = count_reports(database)
    refused = reporter_api.post(url, json={"kind": "disinfection", "area_id": area,
                                           "observed_at": "2021-07-27 16:30", "person_times": "120人"})
    assert refused.status_code == 422
    assert refused.get_json()["errors"] == {"person_times": "单位应为人次：“人”是另一种单位"}
    refused = reporter_api.post(url, json={"kind": "disinfection", "area_id": area,
                                           "observed_at": "2021-07-27 16:30", "counts": {"street": "3000平方米"}})
    assert refused.status_code == 422
    assert refused.get_json()["errors"] == {"counts.street": "单位应为条：“平方米”是另一种单位"}
    assert count_reports(database) == before


def test_an_area_disinfected_in_square_metres_and_wan(where, reporter_api: TokenClient, database):
    # Found replaying a waterlogging flood: "消杀面积1.5万平方米" could not be filed under any category.
    url, area = where
    made = reporter_api.post(url, json={"kind": "disinfection", "area_id": area, "observed_at": "2021-07-27 16:30",
                                        "counts": {"surface": "1.5万平方米"}})
    assert made.status_code == 201, made.get_json()
    also = reporter_api.post(url, json={"kind": "disinfection", "area_id": area, "observed_at": "2021-07-27 17:30",
                                        "counts": {"surface": "3000余㎡"}})
    assert also.status_code == 201, also.get_json()
    with database.read_session() as s:
        first, second = (s.get(Disinfection, r.get_json()["id"]) for r in (made, also))
        assert [(c.category_code, c.count, c.count_lb) for c in first.counts] == [("surface", 15000, False)]
        assert [(c.category_code, c.count, c.count_lb) for c in second.counts] == [("surface", 3000, True)]


def test_an_at_most_count_is_refused_saying_why(where, reporter_api: TokenClient, database):
    # Found by an outside replay of a rainstorm: a field sheet's "不超过20户" was "must be a whole number" and
    # "20户以下" was 'must be in households: "户以下" is another unit'; neither told the clerk what was wrong.
    url, area = where
    before = count_reports(database)
    for typed, word in (("不超过20户", "不超过"), ("20户以下", "以下"), ("最多20", "最多"), ("≤20", "≤")):
        refused = reporter_api.post(url, json={"kind": "outage", "area_id": area, "started_at": "2021-07-22 23:40",
                                               "households_affected": typed})
        assert refused.status_code == 422, typed
        said = f"是上限（“{word}”）：数字只能是确数或“余”（以上）；请只填数字，并在备注中注明为上限"
        assert refused.get_json()["errors"] == {"households_affected": said}, typed
    refused = reporter_api.post(url, headers={"Accept-Language": "en"}, json={
        "kind": "outage", "area_id": area, "started_at": "2021-07-22 23:40", "households_affected": "不到20户"})
    said = ('is at most ("不到"): a figure is exact or "more than" (余); give the number alone, '
            'and say in the note that it is at most that')
    assert refused.get_json()["errors"] == {"households_affected": said}
    assert count_reports(database) == before
