"""The headers a client reads off an answer are in the OpenAPI document: the ETag it sends back as If-Match, the
Location it polls a compile by, Idempotent-Replayed on a retried create. The document declared none of them: a
client generated from it had no ETag to send and no URL to poll (only api.md's prose named them)."""

from __future__ import annotations

import re
from typing import Any

from tests.api.conftest import TokenClient

READ_OFF = ("ETag", "Location", "Idempotent-Replayed")


def _declared(spec: dict[str, Any], method: str, url: str, status: int) -> dict[str, Any]:
    """The headers the document declares for this answer."""
    path = url.split("?")[0]
    for template, operations in spec["paths"].items():
        if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", template), path) and method.lower() in operations:
            return operations[method.lower()]["responses"][str(status)].get("headers", {})
    raise AssertionError(f"{method} {url} is not documented")


def _held(api: TokenClient, spec: dict[str, Any], method: str, url: str, status: int, **kw: Any) -> Any:
    """Send it; the answer's headers a client reads are declared, and the declared required ones are sent."""
    answer = api.open(url, method, **kw)
    assert answer.status_code == status, answer.get_json()
    declared = _declared(spec, method, url, status)
    for name in READ_OFF:
        if name in answer.headers:
            assert name in declared, f"{method} {url} {status} sends {name}, undeclared"
    for name, header in declared.items():
        if header.get("required"):
            assert name in answer.headers, f"{method} {url} {status} declares {name} but does not send it"
    return answer


def test_every_header_a_client_reads_is_declared(coordinator_api: TokenClient, where, database):
    spec = coordinator_api.get("/api/v1/openapi.json").get_json()
    url, area = where
    event = url.split("/")[4]
    body = {"kind": "outage", "area_id": area, "started_at": "2021-07-24 21:00", "households_affected": 40}
    key = {"Idempotency-Key": "headers-1"}
    report = _held(coordinator_api, spec, "POST", url, 201, json=body, headers=key).get_json()["id"]
    _held(coordinator_api, spec, "POST", url, 200, json=body, headers=key)
    _held(coordinator_api, spec, "GET", f"/api/v1/reports/{report}", 200)
    _held(coordinator_api, spec, "PATCH", f"/api/v1/reports/{report}", 200, json={"households_affected": 41},
          headers={"If-Match": '"1"'})
    _held(coordinator_api, spec, "PATCH", f"/api/v1/reports/{report}", 412, json={"households_affected": 42},
          headers={"If-Match": '"1"'})
    _held(coordinator_api, spec, "PATCH", f"/api/v1/reports/{report}", 409, json={"households_affected": 42,
                                                                                  "version": 1})
    _held(coordinator_api, spec, "POST", f"/api/v1/reports/{report}/verify", 200)
    _held(coordinator_api, spec, "GET", f"/api/v1/events/{event}", 200)
    _held(coordinator_api, spec, "PATCH", f"/api/v1/events/{event}", 200, json={"description": "x"},
          headers={"If-Match": "*"})
    _held(coordinator_api, spec, "GET", f"/api/v1/areas/{area}", 200)
    _held(coordinator_api, spec, "PATCH", f"/api/v1/areas/{area}", 200, json={"households": 300},
          headers={"If-Match": "*"})
    created = {"name": "头文件小区", "level": "site", "parent_id": coordinator_api.get(
        f"/api/v1/areas/{area}").get_json()["parent_id"]}
    _held(coordinator_api, spec, "POST", "/api/v1/areas", 201, json=created, headers={"Idempotency-Key": "headers-2"})
    _held(coordinator_api, spec, "POST", "/api/v1/areas", 200, json=created, headers={"Idempotency-Key": "headers-2"})
    compile_url = f"/api/v1/events/{event}/briefs/compile"
    _held(coordinator_api, spec, "POST", compile_url, 202, json={"day": "2021-07-24"},
          headers={"Idempotency-Key": "headers-3"})
    _held(coordinator_api, spec, "POST", compile_url, 200, json={"day": "2021-07-24"},
          headers={"Idempotency-Key": "headers-3"})
