"""Scope through a parent report: a reporter scoped to one subdistrict cannot write, through the form
or the JSON API, a report that refers to a record (an outage, a pumping operation) in another one;
nothing changes when refused. The sweep runs over every kind that refers to another record."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from incidents.models import AuditEntry, IdempotencyKey, PowerOutage, Report
from incidents.reports import services
from incidents.reports.models import ReportKind
from tests.reports.conftest import hidden, when

TZ = ZoneInfo("Asia/Shanghai")
# Every kind that refers to another record: the field naming it and the record's kind.
PARENTS = {
    ReportKind.OUTAGE_UPDATE: ("outage_id", ReportKind.OUTAGE),
    ReportKind.PUMPING_VOLUME: ("operation_id", ReportKind.PUMPING),
}
SCOPE = "文峰区/北大街街道"
OWN_SITE, FOREIGN_SITE = "西钟楼巷", "文峰家园小区"  # 北大街街道 / 宝莲寺镇

# What each parent kind needs to exist, and a child body that would change it (JSON and form).
PARENT_DATA = {
    ReportKind.OUTAGE: {"started_at": datetime(2021, 7, 22, 8, 0, tzinfo=TZ), "started_precision": "exact",
                        "households_affected": 500},
    ReportKind.PUMPING: {"observed_at": datetime(2021, 7, 22, 8, 0, tzinfo=TZ), "observed_precision": "exact",
                         "team": "某排涝队"},
}
CHILD_JSON = {
    ReportKind.OUTAGE_UPDATE: {"observed_at": "2021-07-25 10:00", "fully_restored": True},
    ReportKind.PUMPING_VOLUME: {"period_start": "2021-07-24 10:00", "period_end": "2021-07-25 10:00",
                                "volume_m3": 9999},
}
CHILD_FORM = {
    ReportKind.OUTAGE_UPDATE: {**when("observed_at", "2021-07-25", "10:00"), "fully_restored": "y"},
    ReportKind.PUMPING_VOLUME: {**when("period_start", "2021-07-24", "10:00"),
                                **when("period_end", "2021-07-25", "10:00"), "volume_m3": "9999"},
}
CHILD_KINDS = sorted(PARENTS, key=str)


def test_the_sweep_covers_every_kind_that_refers_to_another_record():
    from incidents.reports import validation
    from incidents.reports.validation import FIELDS, REF

    referring = {kind: [n for n, t in fields.items() if t == REF] for kind, fields in FIELDS.items()}
    assert {k: v for k, v in referring.items() if v} == {k: [f] for k, (f, _p) in PARENTS.items()}
    assert set(PARENTS) == set(CHILD_JSON) == set(CHILD_FORM)
    assert getattr(validation, "PARENTS", PARENTS) == PARENTS


@pytest.fixture
def world(database, event, area_id, make_user, auth):
    """Parents of each kind in scope and out of it (made by an unscoped user); a scoped reporter logged in."""
    office = make_user("office", "coordinator")
    parents: dict = {}
    with database.transaction() as s:
        for kind, (_field, parent_kind) in PARENTS.items():
            for side, site in (("own", OWN_SITE), ("foreign", FOREIGN_SITE)):
                report = services.create_report(s, parent_kind, {"event_id": event.id, "area_id": area_id(site),
                                                                 **PARENT_DATA[parent_kind]}, office)
                parents[kind, side] = report.id
    make_user("bei", "reporter", scope=SCOPE)
    auth.login("bei")
    return parents


def _state(database) -> tuple:
    """Everything a refused write must leave alone."""
    with database.read_session() as s:
        outages = tuple(s.execute(sa.select(PowerOutage.id, PowerOutage.restored_at, PowerOutage.version)
                                  .order_by(PowerOutage.id)).all())
        return (s.scalar(sa.select(sa.func.count()).select_from(Report)),
                s.scalar(sa.select(sa.func.count()).select_from(AuditEntry)),
                s.scalar(sa.select(sa.func.count()).select_from(IdempotencyKey)), outages)


def _api(client, event, body, key=None):
    headers = {"X-CSRFToken": hidden(client.get("/").get_data(as_text=True), "csrf_token")}
    if key:
        headers["Idempotency-Key"] = key
    return client.post(f"/api/v1/events/{event.id}/reports", json=body, headers=headers)


@pytest.mark.parametrize("kind", CHILD_KINDS)
@pytest.mark.parametrize("with_area", [True, False])
@pytest.mark.parametrize("key", [None, "k-1"])
def test_json_refuses_a_parent_outside_scope(client, database, event, area_id, world, kind, with_area, key):
    field = PARENTS[kind][0]
    body = {"kind": kind.value, field: world[kind, "foreign"], **CHILD_JSON[kind]}
    if with_area:
        body["area_id"] = area_id(OWN_SITE)  # the writer's own place, a foreign parent
    before = _state(database)
    response = _api(client, event, body, key)
    assert response.status_code in (403, 422), response.json
    assert field in response.json["errors"]
    assert _state(database) == before
    # The same body on a parent in scope is accepted: the refusal is about the parent, not the body.
    allowed = _api(client, event, {**body, field: world[kind, "own"]}, key)
    assert allowed.status_code == 201, allowed.json


@pytest.mark.parametrize("kind", CHILD_KINDS)
def test_form_offers_and_accepts_only_parents_in_scope(client, forms, database, event, area_id, world, kind):
    field = PARENTS[kind][0]
    url = f"/events/{event.id}/reports/new/{kind.value}"
    html = client.get(url).get_data(as_text=True)
    assert f'value="{world[kind, "own"]}"' in html
    assert f'value="{world[kind, "foreign"]}"' not in html
    # Opened from the foreign parent's page, the form does not preselect it either.
    html = client.get(f"{url}?{field.removesuffix('_id')}={world[kind, 'foreign']}").get_data(as_text=True)
    assert f'value="{world[kind, "foreign"]}" selected' not in html
    before = _state(database)
    for extra in ({"area_id": area_id(OWN_SITE)}, {}):
        response = forms.submit(url, {field: world[kind, "foreign"], **extra, **CHILD_FORM[kind]})
        assert response.status_code in (403, 422)
        assert f'id="{field}-error"' in response.get_data(as_text=True)
        assert _state(database) == before
    assert forms.submit(url, {field: world[kind, "own"], **CHILD_FORM[kind]}).status_code == 302


@pytest.mark.parametrize("kind", CHILD_KINDS)
def test_an_edit_cannot_move_a_report_onto_a_parent_outside_scope(client, forms, database, event, world, kind):
    field = PARENTS[kind][0]
    created = _api(client, event, {"kind": kind.value, field: world[kind, "own"], **CHILD_JSON[kind]})
    assert created.status_code == 201, created.json
    url = f"/reports/{created.json['id']}/edit"
    before = _state(database)
    response = forms.submit(url, {field: world[kind, "foreign"], **CHILD_FORM[kind]})
    assert response.status_code in (403, 422)
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert _state(database) == before
    with database.read_session() as s:
        assert getattr(s.get(Report, created.json["id"]), field) == world[kind, "own"]


def test_an_update_sent_with_another_place_is_refused_by_name(client, database, event, area_id, make_user, world):
    """Sent with another place of the writer's, an update is refused naming area_id (it used to be stored at its
    outage's place, the place sent quietly dropped); sent with its outage's own place, it is stored."""
    kind = ReportKind.OUTAGE_UPDATE
    with database.read_session() as s:
        before = s.scalar(sa.select(sa.func.count()).select_from(Report))
    body = {"kind": kind.value, "outage_id": world[kind, "own"], "area_id": area_id("彰德路64号院"),
            **CHILD_JSON[kind]}
    response = _api(client, event, body)
    assert response.status_code == 422
    assert f"#{world[kind, 'own']}" in response.json["errors"]["area_id"], response.json
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Report)) == before
    response = _api(client, event, {**body, "area_id": area_id(OWN_SITE)})
    assert response.status_code == 201
    with database.read_session() as s:
        assert s.get(Report, response.json["id"]).area_id == area_id(OWN_SITE)
