"""A debris mass sent as `mass_t` (tonnes) is refused under `mass_t`, the key sent, not the stored `mass_kg`."""

from __future__ import annotations

import pytest

from tests.api.conftest import TokenClient, count_reports

DEBRIS = {"kind": "debris", "period_start": "2021-07-27", "period_start_precision": "day"}


@pytest.mark.parametrize(("sent", "named"), [({"mass_t": -1}, "mass_t"), ({"mass_kg": -1}, "mass_kg")])
def test_a_negative_mass_is_named_as_sent_on_create(where, database, reporter_api: TokenClient, sent, named):
    url, area = where
    before = count_reports(database)
    response = reporter_api.post(url, json={**DEBRIS, "area_id": area, **sent})
    assert response.status_code == 422, response.json
    assert set(response.json["errors"]) == {named}, response.json
    assert count_reports(database) == before


def test_a_negative_mass_is_named_as_sent_on_patch(where, reporter_api: TokenClient):
    url, area = where
    created = reporter_api.post(url, json={**DEBRIS, "area_id": area, "mass_t": 3})
    assert created.status_code == 201, created.json
    report = f"/api/v1/reports/{created.json['id']}"
    response = reporter_api.patch(report, json={"mass_t": -2, "version": created.json["version"]})
    assert response.status_code == 422, response.json
    assert set(response.json["errors"]) == {"mass_t"}, response.json
    assert reporter_api.get(report).json["mass_kg"] == 3000
