"""Creating a report over the API: the OpenAPI document names the fields the server reads, a field the kind
does not take is refused by name (as PATCH refuses it), and a body that is not a JSON object is refused as such."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from incidents.reports.models import ActivityEntry, PowerOutage, ReportKind
from incidents.reports.validation import COMMON, FIELDS, TIME
from incidents.vague import Precision
from tests.api.conftest import TokenClient, count_reports

PROBLEM = "application/problem+json"


def _activity(area: int, **extra: Any) -> dict[str, Any]:
    return {"kind": "activity", "area_id": area, "observed_at": "2021-07-22 14:30", "title": "巡查", **extra}


def _kind_schema(spec: dict[str, Any], kind: ReportKind, suffix: str) -> dict[str, Any]:
    name = "".join(part.title() for part in kind.value.split("_")) + suffix
    return spec["components"]["schemas"][name]["properties"]


# ---- the documented names are the ones the server reads --------------------------------------

def test_the_document_names_each_precision_as_the_server_reads_it(viewer_api: TokenClient):
    spec = viewer_api.get("/api/v1/openapi.json").json
    outage = _kind_schema(spec, ReportKind.OUTAGE, "Report")
    assert {"observed_precision", "started_precision", "etr_precision"} <= set(outage)
    assert not {"observed_at_precision", "started_at_precision", "etr_at_precision"} & set(outage)
    assert "period_start_precision" in _kind_schema(spec, ReportKind.PUMPING_VOLUME, "Report")
    assert "started_precision" in _kind_schema(spec, ReportKind.OUTAGE, "Stored")
    assert outage["started_precision"]["enum"] == [p.value for p in Precision] + [None]
    for kind in ReportKind:
        for suffix in ("Report", "Stored"):
            assert not [n for n in _kind_schema(spec, kind, suffix) if n.endswith("_at_precision")], (kind, suffix)


def test_a_vague_time_sent_under_the_documented_name_is_stored_vague(where, database, viewer_api: TokenClient,
                                                                     reporter_api: TokenClient):
    url, area = where
    spec = viewer_api.get("/api/v1/openapi.json").json
    outage = _kind_schema(spec, ReportKind.OUTAGE, "Report")
    started, observed = (next(n for n in outage if n.startswith(stem) and n.endswith("_precision"))
                         for stem in ("started", "observed"))
    response = reporter_api.post(url, json={"kind": "outage", "area_id": area, "households_affected": 40,
                                            "started_at": "2021-07-22T08:00:00+08:00", started: "morning",
                                            "observed_at": "2021-07-22T15:00:00+08:00", observed: "approximate"})
    assert response.status_code == 201, response.json
    report_id = response.json["id"]
    with database.read_session() as s:
        stored = s.get(PowerOutage, report_id)
        assert (stored.started_precision, stored.observed_precision) == (Precision.MORNING, Precision.APPROXIMATE)
    read = reporter_api.get(f"/api/v1/reports/{report_id}").json
    assert (read[started], read[observed]) == ("morning", "approximate")
    # What GET answers is what the document says it answers (the stored schema names every key).
    assert set(read) <= set(_kind_schema(spec, ReportKind.OUTAGE, "Stored")) | {"kind", "area_id"}


def test_the_document_lists_every_field_a_create_takes_and_no_other(where, database, viewer_api: TokenClient,
                                                                     reporter_api: TokenClient):
    url, area = where
    spec = viewer_api.get("/api/v1/openapi.json").json
    for kind in ReportKind:
        documented = set(_kind_schema(spec, kind, "Report"))
        assert {"kind", "area_id", "reported_at"} <= documented
        for name, ftype in {**COMMON, **FIELDS[kind]}.items():
            assert name in documented
            if ftype == TIME:
                assert sum(n.startswith(name.removesuffix("_at")) and n.endswith("_precision")
                           for n in documented) == 1, (kind, name)
    # Every documented debris field is taken (none refused as unknown), every other is refused.
    debris = set(_kind_schema(spec, ReportKind.DEBRIS, "Report"))
    body = {
        "kind": "debris", "area_id": area, "period_start": "2021-07-27", "period_start_precision": "day",
        "period_end": "2021-07-27 evening", "period_end_precision": None, "mass_t": "12.5", "mass_kg_lb": True,
        "truckloads": 20, "truckloads_lb": False, "people": "30+", "people_lb": None, "vehicles": 3,
        "vehicles_lb": False, "observed_at": None, "observed_precision": None, "source": "区城管局", "note": "清运",
        "reported_at": None}
    assert set(body) <= debris
    response = reporter_api.post(url, json=body)
    assert response.status_code == 201, response.json


# ---- a field the kind does not take ----------------------------------------------------------

@pytest.mark.parametrize("extra", [
    {"totally_unknown": 1},
    {"households_affected": 5},                  # an outage's field, sent on an activity
    {"observed_at_precision": "morning"},         # the name the document used to give
    {"id": 12, "status": "verified", "event_id": 1},  # a stored report's members: not a create's to set
    {"title_lb": True, "counts": {"street": 1}, "mass_t": 3},
])
def test_a_field_the_kind_does_not_take_is_refused_by_name_and_nothing_stored(where, database, extra,
                                                                              reporter_api: TokenClient):
    url, area = where
    before = count_reports(database)
    response = reporter_api.post(url, json=_activity(area, **extra))
    assert response.status_code == 422, response.json
    assert response.mimetype == PROBLEM
    assert set(response.json["errors"]) == set(extra)
    assert count_reports(database) == before


def test_create_refuses_an_unknown_field_in_the_words_patch_uses(where, database, reporter_api: TokenClient):
    url, area = where
    made = reporter_api.post(url, json=_activity(area))
    assert made.status_code == 201
    for language in ("zh", "en"):
        headers = {"Accept-Language": language}
        create = reporter_api.post(url, json=_activity(area, totally_unknown=1), headers=headers)
        patch = reporter_api.patch(f"/api/v1/reports/{made.json['id']}", headers=headers,
                                   json={"totally_unknown": 1, "version": made.json["version"]})
        assert create.status_code == patch.status_code == 422
        assert create.json["errors"]["totally_unknown"] == patch.json["errors"]["totally_unknown"]
    assert create.json["errors"]["totally_unknown"] == "is not a field of this kind of report"
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(ActivityEntry)
                        .where(ActivityEntry.area_id == area, ActivityEntry.title == "巡查")) == 1


def test_unknown_fields_are_named_with_the_rules_own_refusals(where, database, reporter_api: TokenClient):
    url, area = where
    response = reporter_api.post(url, json={"kind": "activity", "area_id": area, "observed_at": "2021-07-22 14:30",
                                            "title": "", "typo_titel": "巡查"})
    assert response.status_code == 422
    assert {"title", "typo_titel"} <= set(response.json["errors"])


# ---- a body that is not a JSON object --------------------------------------------------------

@pytest.mark.parametrize(("raw", "content_type", "status"), [
    (b'{"kind": "activity", "title": ', "application/json", 422),   # malformed
    (b'{"kind": "activity", "title": "\xff\xfe"}', "application/json", 422),  # not UTF-8
    (b"", "application/json", 422),
    (b'[{"kind": "activity"}]', "application/json", 422),
    (b'"activity"', "application/json", 422),
    (b"null", "application/json", 422),
    ('{"kind": "activity", "title": "巡查"}'.encode(), "text/plain", 415),
    (b"kind=activity&title=x", "application/x-www-form-urlencoded", 415),
    ('{"kind": "activity", "title": "巡查"}'.encode(), None, 415),
])
def test_a_body_that_is_not_a_json_object_is_refused_as_such(where, database, reporter_api: TokenClient, raw,
                                                             content_type, status):
    url, _area = where
    before = count_reports(database)
    headers = {"Content-Type": content_type} if content_type else {}
    response = reporter_api.post(url, data=raw, headers=headers)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    assert set(response.json["errors"]) == {"body"}
    assert count_reports(database) == before


def test_an_object_without_a_kind_still_names_kind(where, database, reporter_api: TokenClient):
    url, area = where
    response = reporter_api.post(url, json={"area_id": area, "title": "巡查"})
    assert response.status_code == 422 and set(response.json["errors"]) == {"kind"}


def test_the_document_lists_415_for_a_create(viewer_api: TokenClient):
    spec = viewer_api.get("/api/v1/openapi.json").json
    assert "415" in spec["paths"]["/api/v1/events/{event_id}/reports"]["post"]["responses"]


@pytest.mark.parametrize("typed, precision, local", [
    ("2021-07-22 下午", Precision.AFTERNOON, "2021-07-22 15:00"),
    ("2021年7月22日 约14时30分", Precision.APPROXIMATE, "2021-07-22 14:30"),
    ("2021/7/22 14:30", Precision.EXACT, "2021-07-22 14:30"),
    ("2021-07-22约14:30", Precision.APPROXIMATE, "2021-07-22 14:30"),  # was read as an exact 14:30
    ("2021-07-22~14:30", Precision.APPROXIMATE, "2021-07-22 14:30"),
])
def test_a_time_written_as_a_field_sheet_writes_it_is_read_as_an_import_reads_it(where, database, typed, precision,
                                                                                 local, reporter_api: TokenClient):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    url, area = where
    response = reporter_api.post(url, json=_activity(area, observed_at=typed))
    assert response.status_code == 201, response.json
    with database.read_session() as s:
        stored = s.get(ActivityEntry, response.json["id"])
        assert stored.observed_precision == precision
        shanghai = stored.observed_at.astimezone(ZoneInfo("Asia/Shanghai"))
        assert shanghai.replace(tzinfo=None) == datetime.fromisoformat(local)


@pytest.mark.parametrize("kind", [k for k in ReportKind if k is not ReportKind.ZERO_REPORT])
def test_the_document_requires_what_a_create_refuses_as_missing(where, kind, viewer_api: TokenClient,
                                                                 reporter_api: TokenClient):
    url, _area = where
    spec = viewer_api.get("/api/v1/openapi.json").json
    name = "".join(part.title() for part in kind.value.split("_")) + "Report"
    documented = set(spec["components"]["schemas"][name].get("required", [])) - {"kind"}
    refused = reporter_api.post(url, json={"kind": kind.value}, headers={"Accept-Language": "en"})
    assert refused.status_code == 422
    missing = {field for field, message in refused.json["errors"].items() if message == "required"}
    assert documented == missing, (kind, refused.json["errors"])
