"""The JSON create endpoint checks every body field's type: never str()/bool() coercion, never a 500,
never a partial write. A Hypothesis fuzz goes over every JSON field of every report kind."""

from __future__ import annotations

import json
import uuid

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from incidents.models import ActivityEntry, Area, DebrisClearance, Disinfection, IdempotencyKey, OutageUpdate
from incidents.reports.models import ReportKind
from incidents.reports.payloads import writable_fields
from tests.reports.conftest import count_reports, hidden
from tests.reports.test_properties import consistent

PLACE = "文峰汇·十二府"
# A valid body per kind at PLACE (in the reporter's scope); "@key" is a seeded report's id.
VALID = {
    "outage": {"started_at": "2021-07-24 10:00", "households_affected": 30},
    "outage_update": {"outage_id": "@wfh-outage-shops", "observed_at": "2021-07-27 afternoon",
                      "households_restored": 10},
    "pumping": {"team": "消防", "observed_at": "2021-07-25 morning", "people": 12},
    "pumping_volume": {"operation_id": "@hengshui-wfh-pumping", "period_start": "2021-07-27",
                       "period_end": "2021-07-27 evening", "volume_m3": 8000},
    "disinfection": {"observed_at": "2021-07-27 16:30", "person_times": 12, "counts": {"street": 1}},
    "debris": {"period_start": "2021-07-27 morning", "mass_kg": 2500},
    "activity": {"observed_at": "2021-07-28", "title": "巡查"},
    # A whole subdistrict, the reporter's own when none is named; the event has ended, so its day is named.
    "zero_report": {"area_id": None, "note": "无情况", "period_day": "2021-07-31"},
}
# The values an auditor sent (issue 11), among every fuzz's examples.
HOSTILE = [["a", "b"], {"x": 1}, "false", "true", "9999-12-31 evening", "0001-01-01", float("inf"), float("nan"),
           2**31, 2**63, -(2**63) - 1, 10**30, 1.5, True, None, "", "\ud800x", "２０", "12.5"]


def json_fields(kind: ReportKind) -> list[str]:
    """Every body field a kind reads: its fields, their precisions and "more than" flags, place, kind."""
    # The API's own list (payloads.writable_fields), sorted so a derandomized fuzz draws the same examples each run.
    return ["kind", *sorted(writable_fields(kind))]


# Every field gets each of the auditor's values as an explicit example (the rest are drawn).
AUDITOR = [["a", "b"], {"x": 1}, "false", "9999-12-31 evening", float("inf"), 2**31, 2**63]

json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                        st.text(max_size=20), st.sampled_from([h for h in HOSTILE if not isinstance(h, list | dict)]))
json_value = st.recursive(json_scalar, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                             st.dictionaries(st.text(max_size=5), inner, max_size=3)),
                          max_leaves=6)


@pytest.fixture
def api(client, auth, make_user, event):
    """POST a body (a dict, or raw JSON text) to the create endpoint as a reporter scoped to 北大街街道."""
    make_user("li", "reporter", scope="文峰区/北大街街道")
    auth.login("li")
    csrf = hidden(client.get("/").get_data(as_text=True), "csrf_token")

    def post(body, key: str | None = None):  # noqa: ANN001, ANN202
        headers = {"X-CSRFToken": csrf, "Content-Type": "application/json"}
        if key:
            headers["Idempotency-Key"] = key
        text = body if isinstance(body, str) else json.dumps(body, allow_nan=True)
        return client.post(f"/api/v1/events/{event.id}/reports", data=text.encode("utf-8", "surrogatepass"),
                           headers=headers)
    return post


@pytest.fixture
def valid(session, seeded):
    """The valid body of a kind, with the seeded parents' ids and the place's id filled in."""
    place = session.scalar(sa.select(Area.id).where(Area.name == PLACE))

    def body(kind: str) -> dict:
        out = {"kind": kind, "area_id": place}
        for k, v in VALID[kind].items():
            out[k] = session.get(IdempotencyKey, f"demo:{v[1:]}").entity_id if isinstance(v, str) and \
                v.startswith("@") else v
        return out
    return body


def test_every_valid_body_is_accepted(api, valid, database):
    for kind in VALID:
        response = api(valid(kind))
        assert response.status_code == 201, (kind, response.json)


@pytest.mark.parametrize(("kind", "field", "value"), [
    ("activity", "title", ["a", "b"]),
    ("activity", "title", {"zh": "巡查"}),
    ("activity", "title", 5),
    ("activity", "source", ["x"]),
    ("activity", "note", 1.5),
    ("pumping", "team", ["消防"]),
    ("debris", "mass_kg_lb", "false"),
    ("debris", "mass_kg_lb", 0),
    ("disinfection", "cumulative", "false"),
    ("disinfection", "cumulative", 1),
    ("outage_update", "fully_restored", "false"),
    ("outage_update", "fully_restored", []),
    ("outage_update", "households_restored_lb", "no"),
    ("pumping", "people", 12.0),
    ("pumping", "people", "twelve"),
    ("outage_update", "outage_id", "17"),
    ("outage_update", "outage_id", 17.0),
])
def test_a_wrong_type_is_refused_naming_the_field(api, valid, database, kind, field, value):
    before = count_reports(database)
    response = api({**valid(kind), field: value})
    assert response.status_code == 422, response.json
    assert field in response.json["errors"], response.json
    assert count_reports(database) == before


def test_flags_are_stored_as_sent(api, valid, database):
    """A JSON false is false, a true true (the counterpart of refusing the string "false")."""
    response = api({**valid("debris"), "mass_kg_lb": False})
    assert response.status_code == 201
    with database.read_session() as s:
        assert s.get(DebrisClearance, response.json["id"]).mass_kg_lb is False
    response = api({**valid("disinfection"), "cumulative": True})
    with database.read_session() as s:
        assert s.get(Disinfection, response.json["id"]).cumulative is True
    response = api({**valid("outage_update"), "fully_restored": False})
    with database.read_session() as s:
        assert s.get(OutageUpdate, response.json["id"]).fully_restored is False
    response = api({**valid("activity"), "title": "  巡查  "})
    with database.read_session() as s:
        assert s.get(ActivityEntry, response.json["id"]).title == "巡查"


@pytest.mark.parametrize(("kind", "field", "raw"), [
    ("activity", "kind", '["activity"]'),
    ("activity", "kind", '{"a": 1}'),
    ("activity", "observed_at", '"9999-12-31 evening"'),
    ("activity", "observed_at", '"0001-01-01 morning"'),
    ("activity", "observed_at", '"9999-12-31T23:59:59-12:00"'),
    ("debris", "mass_kg", "9e999999"),
    ("debris", "mass_kg", "-9e999999"),
    ("debris", "mass_kg", "NaN"),
    ("debris", "mass_t", '"9e999999"'),
    ("debris", "mass_t", "9e999999"),
    ("debris", "mass_t", '"NaN"'),
    ("pumping_volume", "volume_m3", "1e400"),
    ("outage_update", "outage_id", str(2**31)),
    ("outage_update", "outage_id", str(2**63)),
    ("outage_update", "outage_id", str(2**64 + 1)),
    ("pumping_volume", "operation_id", str(2**31)),
    ("pumping_volume", "operation_id", str(2**63)),
    ("activity", "area_id", str(2**31)),
    ("activity", "area_id", str(2**63)),
    ("activity", "area_id", str(-(2**63) - 1)),
    ("disinfection", "counts", '{"street": 9e999999}'),
    ("disinfection", "counts", '{"street": [1, "false"]}'),
    ("disinfection", "counts", '[1, 2]'),
])
def test_malformed_values_get_a_4xx_naming_the_field(api, valid, database, kind, field, raw):
    body = {k: v for k, v in valid(kind).items() if k != field}
    text = json.dumps(body)[:-1] + f', "{field}": {raw}}}'
    before = count_reports(database)
    response = api(text)
    assert 400 <= response.status_code < 500, response.get_data(as_text=True)[:500]
    errors = response.json["errors"]
    assert any(k == field or k.startswith(f"{field}") or k.startswith("count_") and field == "counts"
               for k in errors), errors
    assert count_reports(database) == before


def _fuzz(kind: str):  # noqa: ANN202
    fields = json_fields(ReportKind(kind))

    @st.composite
    def bodies(draw, base: dict) -> dict:  # noqa: ANN001
        body = dict(base)
        for name in draw(st.lists(st.sampled_from(fields), min_size=1, max_size=3, unique=True)):
            if draw(st.booleans()) and name != "kind":
                body.pop(name, None)
            else:
                body[name] = draw(json_value)
        return body
    return bodies


@pytest.mark.parametrize("kind", [k.value for k in ReportKind])
def test_fuzz_every_json_field_of_every_kind(kind, api, valid, database):
    base = valid(kind)
    fields = json_fields(ReportKind(kind))
    statuses: set[int] = set()

    def check(body: dict) -> None:
        before = count_reports(database)
        response = api(body, key=uuid.uuid4().hex)
        statuses.add(response.status_code)
        assert response.status_code in (201, 400, 403, 422), (body, response.get_data(as_text=True)[:500])
        assert count_reports(database) == before + (1 if response.status_code == 201 else 0)
        if response.status_code != 201:
            assert set(response.json["errors"]), response.json
        consistent(database)

    strategy = _fuzz(kind)(base)
    run = given(strategy)(check)
    for field in fields:
        for value in AUDITOR:
            run = example({**base, field: value})(run)
    settings(max_examples=20, deadline=None, derandomize=True,
             suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])(run)()
    assert {201, 422} <= statuses
