"""Areas are saved first and placed afterwards: the gazetteer at once, a service from the scheduler, retried."""

from __future__ import annotations

import sqlalchemy as sa
from geopy.exc import GeocoderTimedOut, GeocoderUnavailable

from incidents import scheduler
from incidents.areas.models import Area, GeocodeCache, LocationState
from incidents.audit.models import AuditEntry
from incidents.geo import BD09, OfflineGazetteer, Place, to_wgs84
from tests.conftest import csrf_from


class FlakyService:
    """A network geocoder stand-in: fails as told, then answers in BD-09 like Baidu; counts its calls."""

    name, local, crs = "fake-baidu", False, BD09

    def __init__(self, failures: list[Exception], answers: dict[str, tuple[float, float]]) -> None:
        self.failures, self.answers, self.calls = failures, answers, []

    def query(self, name, within=()):
        return " ".join([*within, name])

    def geocode(self, name, within=()):
        self.calls.append(name)
        if self.failures:
            raise self.failures.pop(0)
        if name not in self.answers:
            return None
        lat, lon = to_wgs84(*self.answers[name], BD09)
        return Place(name, lat, lon, source=f"fake-baidu: {name}", crs=BD09)


def _area(database, name):
    with database.read_session() as s:
        area = s.scalar(sa.select(Area).where(Area.name == name))
        s.expunge_all()
        return area


def _settle_demo(database):
    """The demo's areas the gazetteer does not know: marked not found, as the default job would."""
    scheduler.place_areas(database, OfflineGazetteer())


def _new_site(auth, client, parent_id, name, coordinates=""):
    return auth.post("/areas/new", {"parent_id": str(parent_id), "level": "site", "name": name,
                                    "coordinates": coordinates}, form_url="/areas/new")


def test_demo_areas_the_gazetteer_knows_get_its_approximate_point(seeded, database):
    bdj = _area(database, "北大街街道")
    assert bdj.location_state is LocationState.GEOCODED and bdj.location_approximate
    assert (bdj.latitude, bdj.longitude) == (36.10, 114.35) and bdj.location_precision_m == 1500
    assert "安阳古城" in bdj.location_source
    # Entered in the scenario file: kept as entered.
    assert _area(database, "文峰区").location_state is LocationState.ENTERED
    # Unknown to the gazetteer: no invented point, waiting for the configured geocoder.
    site = _area(database, "彰德路64号院")
    assert site.latitude is None and site.location_state is LocationState.PENDING


def test_form_save_places_from_the_gazetteer_at_once_and_shows_approximate(client, auth, make_user, seeded, database):
    make_user("wang", "coordinator")
    auth.login("wang")
    district = _area(database, "文峰区")
    # A second 天宁寺 under the district would clash by name; make one under a new subdistrict instead.
    response = auth.post("/areas/new", {"parent_id": str(district.id), "level": "subdistrict", "name": "测试街道",
                                        "coordinates": ""}, form_url="/areas/new")
    assert response.status_code == 302
    sub = _area(database, "测试街道")
    # Saved; the gazetteer knows no 测试街道: not found, said so on the page, no point made up.
    assert sub.location_state is LocationState.NOT_FOUND and sub.latitude is None
    page = client.get(f"/areas/{sub.id}").get_data(as_text=True)
    assert "地名库中没有此地" in page and f'href="/areas/{sub.id}/edit">补充坐标' in page
    page = client.get(f"/areas/{_area(database, '北大街街道').id}").get_data(as_text=True)
    assert "36.10, 114.35" in page and "约" in page


def test_saving_never_waits_a_timeout_leaves_it_pending_and_the_scheduler_retries(app, client, auth, make_user,
                                                                                   seeded, database):
    service = FlakyService([GeocoderTimedOut("Service timed out"), GeocoderUnavailable("503")],
                           {"仓巷街12号院": (36.1071, 114.3582)})
    _settle_demo(database)
    app.extensions["incidents.geocoder"] = service
    make_user("wang", "coordinator")
    auth.login("wang")
    bdj = _area(database, "北大街街道")
    assert _new_site(auth, client, bdj.id, "仓巷街12号院").status_code == 302
    # The save did not ask the service at all: a network geocoder is only asked by the scheduler.
    assert service.calls == []
    site = _area(database, "仓巷街12号院")
    assert site.location_state is LocationState.PENDING and site.latitude is None
    version = site.version
    html = client.get(f"/areas/{site.id}").get_data(as_text=True)
    assert "位置待定" in html

    scheduler.place_areas(database, service)  # times out
    site = _area(database, "仓巷街12号院")
    assert site.location_state is LocationState.PENDING and site.location_tries == 1
    assert "GeocoderTimedOut" in site.location_error
    # A failed try is not an edit: the version anyone's open form holds is still good.
    assert site.version == version
    assert "GeocoderTimedOut" in client.get(f"/areas/{site.id}").get_data(as_text=True)

    scheduler.place_areas(database, service)  # service down
    assert _area(database, "仓巷街12号院").location_tries == 2

    scheduler.place_areas(database, service)  # answers
    site = _area(database, "仓巷街12号院")
    assert site.location_state is LocationState.GEOCODED and site.location_error is None
    # Stored as WGS-84, not as the BD-09 numbers the service gave.
    assert abs(site.latitude - 36.1071) > 0.003 and abs(site.longitude - 114.3582) > 0.005
    assert (site.latitude, site.longitude) == to_wgs84(36.1071, 114.3582, BD09)
    with database.read_session() as s:
        cached = s.scalar(sa.select(GeocodeCache).where(GeocodeCache.service == "fake-baidu"))
        assert cached.crs == BD09 and cached.found and cached.latitude == site.latitude
        trail = s.scalars(sa.select(AuditEntry).where(AuditEntry.entity == "areas", AuditEntry.entity_id == site.id)
                          .order_by(AuditEntry.id)).all()
        assert [t.user_id is None for t in trail] == [False, True]  # created by wang, placed by the system
    calls = len(service.calls)
    scheduler.place_areas(database, service)  # nothing pending: nothing asked
    assert len(service.calls) == calls


def test_the_cache_answers_the_same_name_twice(app, database, seeded):
    _settle_demo(database)
    service = FlakyService([], {"某村": (36.05, 114.40)})
    with database.transaction() as s:
        from incidents.areas.services import create_area

        parent = s.scalar(sa.select(Area).where(Area.name == "宝莲寺镇"))
        create_area(s, name="某村", level="community", parent=parent)
    scheduler.place_areas(database, service)
    # Renamed and back: asked again only through the cache.
    with database.transaction() as s:
        from incidents.areas.services import update_area

        area = s.scalar(sa.select(Area).where(Area.name == "某村"))
        update_area(s, area, {"name": "某村二"}, None)
    scheduler.place_areas(database, service)
    assert _area(database, "某村二").location_state is LocationState.NOT_FOUND
    with database.transaction() as s:
        area = s.scalar(sa.select(Area).where(Area.name == "某村二"))
        update_area(s, area, {"name": "某村"}, None)
    scheduler.place_areas(database, service)
    assert service.calls == ["某村", "某村二"]
    assert _area(database, "某村").location_state is LocationState.GEOCODED


def test_coordinates_typed_win_and_bad_ones_name_the_field(client, auth, make_user, seeded, database):
    make_user("wang", "coordinator")
    auth.login("wang")
    bdj = _area(database, "北大街街道")
    response = _new_site(auth, client, bdj.id, "仓巷街12号院", "114.3572, 36.0906")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "纬度 114.3572" in html and 'id="coordinates-error"' in html
    assert _area(database, "仓巷街12号院") is None  # nothing half-saved
    assert _new_site(auth, client, bdj.id, "仓巷街12号院", "北纬36°05′26″，东经114°21′26″").status_code == 302
    site = _area(database, "仓巷街12号院")
    assert site.location_state is LocationState.ENTERED and not site.location_approximate
    assert round(site.latitude, 4) == 36.0906
    # Clearing them hands the area to the geocoder; the gazetteer does not know it.
    page = client.get(f"/areas/{site.id}/edit").get_data(as_text=True)
    response = client.post(f"/areas/{site.id}/edit", data={
        "csrf_token": csrf_from(page), "parent_id": str(bdj.id), "level": "site", "name": "仓巷街12号院",
        "coordinates": "", "version": str(site.version)})
    assert response.status_code == 302
    site = _area(database, "仓巷街12号院")
    assert site.location_state is LocationState.NOT_FOUND and site.latitude is None


def test_a_surprise_from_one_area_does_not_stall_the_rest_and_the_job_is_scheduled(app, database, seeded):
    _settle_demo(database)

    class Broken(FlakyService):
        def geocode(self, name, within=()):
            if name == "坏村":
                raise KeyError("unexpected")
            return super().geocode(name, within)

    service = Broken([], {"好村": (36.05, 114.40)})
    with database.transaction() as s:
        from incidents.areas.services import create_area

        parent = s.scalar(sa.select(Area).where(Area.name == "宝莲寺镇"))
        create_area(s, name="坏村", level="community", parent=parent)
        create_area(s, name="好村", level="community", parent=parent)
    scheduler.place_areas(database, service)
    bad, good = _area(database, "坏村"), _area(database, "好村")
    assert bad.location_state is LocationState.PENDING and "KeyError" in bad.location_error
    assert good.location_state is LocationState.GEOCODED
    built = scheduler.build(app)
    assert built.get_job(scheduler.PLACE_JOB) is not None


def test_a_service_answer_in_another_province_places_nothing(app, database, seeded):
    """北大街 is a street of many cities: a service's answer for the wrong one (Xi'an's, 500 km off) is not this
    place's point, and drew the event's map across the country; it is read as not found, and cached as answered."""
    _settle_demo(database)
    service = FlakyService([], {"北大街社区": (34.27, 108.95), "彰德社区": (36.10, 114.36)})
    with database.transaction() as s:
        from incidents.areas.services import create_area

        parent = s.scalar(sa.select(Area).where(Area.name == "宝莲寺镇"))
        create_area(s, name="北大街社区", level="community", parent=parent)
        create_area(s, name="彰德社区", level="community", parent=parent)
    scheduler.place_areas(database, service)
    far, near = _area(database, "北大街社区"), _area(database, "彰德社区")
    assert far.location_state is LocationState.NOT_FOUND and far.latitude is None and far.longitude is None
    assert "km" in (far.location_error or ""), far.location_error
    assert near.location_state is LocationState.GEOCODED and near.latitude is not None
