"""Generated bodies on every API create and update (5 December, morning): one field of a valid body made hostile.

Hypothesis draws the endpoint, the field and the value: wrong types, null, arrays and objects where a scalar is
expected, NUL, lone surrogates, 100,000 characters, NaN, ±Infinity, -0, integers past 2⁶³, Feb 30, 24:00, a zone
of +25:00. Never a 5xx; a refusal is a problem naming a field, with nothing half-saved; a value no field can take
(an array, an object, NaN, Infinity, a 20-digit integer, NUL, a surrogate, 100,000 characters) is always refused
naming that very field. Bounded: HYPOTHESIS_BODIES examples (40), derandomized, a few seconds.
"""

from __future__ import annotations

import itertools
import json
import os
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidents import demo
from incidents.auth import tokens
from incidents.auth.models import User
from tests.security import sweep
from tests.security.test_scope_sweep import TokenClient, bodies

# Values no field of any body can take, whatever the field.
NEVER = st.one_of(
    st.lists(st.integers(0, 9), max_size=2),
    st.dictionaries(st.sampled_from(["a", "id"]), st.integers(0, 9), max_size=1),
    st.sampled_from(
        [float("nan"), float("inf"), float("-inf"), 10**19, -(10**19), 10**30, "\ud800", "a\x00b", "x" * 100_000]
    ),
)
# Values some field may take and another refuse: judged by the rules, never a 5xx nor half-saved.
MAYBE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.just(-0.0),
    st.text(max_size=30),
    st.sampled_from(
        [
            "2021-02-30 10:00",
            "2021-07-24 24:00",
            "2021-07-24T10:00:00+25:00",
            "0000-07-24 10:00",
            "2021-07-24",
            "１２",
            "-0",
            "1e309",
            "",
            " ",
        ]
    ),
)
SETTINGS = settings(
    max_examples=int(os.environ.get("HYPOTHESIS_BODIES", "40")),
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SERIAL = itertools.count()


class Api:
    """An unscoped coordinator's and an administrator's token clients, and a valid body for each write."""

    def __init__(self, app: Any, database: Any, ids: sweep.SeedIds) -> None:
        self.database, self.ids = database, ids
        with database.transaction() as s:
            self.area = demo._area_by_path(s, "文峰区/北大街街道/彰德路64号院").id
            self.parent = demo._area_by_path(s, "文峰区/北大街街道").id
            user = s.scalar(sa.select(User).where(User.username == "coordinator-all"))
            self.client = TokenClient(app, tokens.create_token(s, user, "hypothesis")[1])
        self.kinds = bodies(self.area, 0, ids.reports["bdj-outage-zdl64"], ids.reports["hengshui-wfh-pumping"])

    def writes(self) -> list[str]:
        """The writes drawn from: every report kind's create, and each update."""
        return [f"report:{k}" for k in self.kinds if k != "zero_report"] + [
            "report_patch",
            "event",
            "event_patch",
            "area",
            "area_patch",
        ]

    def request(self, write: str) -> tuple[str, str, dict[str, Any], dict[str, str]]:
        """(method, url, a valid body, headers) for one write."""
        n = next(SERIAL)
        if write.startswith("report:"):
            return "POST", f"/api/v1/events/{self.ids.event_id}/reports", dict(self.kinds[write[7:]]), {}
        star = {"If-Match": "*"}
        if write == "report_patch":
            body = {"households_affected": 12, "buildings_affected": 3, "note": "改", "area_id": self.area}
            return "PATCH", f"/api/v1/reports/{self.ids.reports['bdj-outage-zdl64']}", body, star
        if write == "event":
            return (
                "POST",
                "/api/v1/events",
                {
                    "code": f"hyp-{n}",
                    "name": "生成",
                    "kind": "rainstorm",
                    "starts_at": "2021-07-20T00:00:00+08:00",
                    "timezone": "Asia/Shanghai",
                    "brief_time": "08:00",
                },
                {},
            )
        if write == "event_patch":
            return "PATCH", f"/api/v1/events/{self.ids.event_id}", {"name": "改名", "brief_time": "08:00"}, star
        if write == "area":
            return (
                "POST",
                "/api/v1/areas",
                {
                    "name": f"生成点位{n}",
                    "level": "site",
                    "parent_id": self.parent,
                    "households": 10,
                    "latitude": 36.1,
                    "longitude": 114.4,
                },
                {},
            )
        return "PATCH", f"/api/v1/areas/{self.area}", {"households": 20, "buildings": 3, "name_en": "x"}, star


@pytest.fixture
def api(app, database, ids, login_as):
    login_as("coordinator")
    return Api(app, database, ids)


@SETTINGS
@given(data=st.data())
def test_generated_bodies_are_refused_by_name_or_taken_never_half_saved(api, database, data):
    write = data.draw(st.sampled_from(api.writes()), label="write")
    method, url, body, headers = api.request(write)
    field = data.draw(st.sampled_from(sorted(body)), label="field")
    never = data.draw(st.booleans(), label="never")
    value = data.draw(NEVER if never else MAYBE, label="value")
    raw = json.dumps({**body, field: value})  # ASCII: a lone surrogate goes as its escape, NaN as NaN
    before = sweep.fingerprint(database.engine)
    response = api.client.open(url, method, data=raw, headers={**headers, "Content-Type": "application/json"})
    assert response.status_code < 500, (write, field, value, response.status_code)
    if response.status_code >= 400:
        problem = response.get_json()
        assert problem and problem.get("errors"), (write, field, value, problem)
        assert sweep.fingerprint(database.engine) == before, (write, field, value, "half-saved")
    if never:
        assert 400 <= response.status_code < 500, (write, field, value, response.status_code)
        assert field in response.get_json()["errors"], (write, field, value, response.get_json())


def test_the_bodies_drawn_from_are_valid(api):
    """Control: each write's body as it stands is taken, so a refusal above is the drawn value's."""
    for write in api.writes():
        method, url, body, headers = api.request(write)
        response = api.client.open(url, method, json=body, headers=headers)
        assert response.status_code in (200, 201), (write, response.status_code, response.get_json())
