"""Fuzz: every query parameter of every GET route, and JSON bodies with hostile text; never a 5xx.

Routes come from app.url_map and parameter names from the source (every `request.args.get("…")`
and `_int_arg("…")`), so new routes and parameters are fuzzed as they are added. The auditor's
values are examples Hypothesis always runs; FUZZ_EXAMPLES raises the random search.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from incidents.reports import listing
from incidents.timelines import moments
from tests.security import sweep

SOURCE = Path(__file__).resolve().parents[2] / "incidents"
PARAM_RE = re.compile(r"""(?:request\.args\.get(?:list)?|_\w*arg)\(\s*["'](\w+)["']"""
                      r"""|page_param\(request\.args, ["'](\w+)["']""")
PAGE_RE = re.compile(r"page_param\(request\.args\)")


def found_names(source: str) -> set[str]:
    """The query parameters a source reads by name (inputs.page_param without a name reads `page`)."""
    return {a or b for a, b in PARAM_RE.findall(source)} | ({"page"} if PAGE_RE.search(source) else set())


def param_names() -> dict[str, set[str]]:
    """Query parameter names each module reads ({module path: names}); `next` and `lang` everywhere."""
    found: dict[str, set[str]] = {}
    for path in SOURCE.rglob("*.py"):
        names = found_names(path.read_text(encoding="utf-8"))
        if names:
            found[".".join(path.relative_to(SOURCE.parent).with_suffix("").parts)] = names
    return found


PARAMS = param_names()
ALL_NAMES = sorted(set().union(*PARAMS.values()) | {"next", "lang", "page"}
                   | set(listing.PAGE_PARAMS) | set(listing.API_PARAMS)
                   | {name for pair in moments.PAGE_NAMES for name in pair})
# The auditor's values and their neighbours: out-of-range dates, huge ids, NUL, a lone surrogate.
SPECIAL = ["9999-12-31", "0001-01-01", "0001-01-01T00:00", "9999-12-31T23:59", "\x00", "a\x00b", "\ud800",
           "2147483648", "9223372036854775808", "-1", "0", "9" * 5000, "[]", "{}", "x" * 5000,
           "2021-07-24T18:00+99:00", "1e999", "NaN", " ", "%", "..", "//evil.example"]
# What the auditor sent: each is tried on every parameter of every GET route that reads it.
AUDITOR = ["9999-12-31", "0001-01-01", "\x00", "\ud800", "2147483648", "9223372036854775808", "9" * 5000]
assert {"day", "at", "known", "q"} <= set(ALL_NAMES), ALL_NAMES


def encode(value: str) -> str:
    """Percent-encode as a browser would, lone surrogates as their raw (invalid) UTF-8 bytes."""
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


@pytest.fixture
def clients(app, ids, login_as):
    coordinator, admin = login_as("coordinator"), login_as("admin")
    rules = [r for r in sweep.rules(app) if "GET" in r.methods and r.endpoint != "auth.logout"]
    urls = {r.endpoint + " " + r.rule: sweep.url_for_rule(r, ids) for r in rules}

    def client_for(rule):  # noqa: ANN001, ANN202
        return admin if sweep.permission(app, rule) == "admin" else coordinator

    return rules, urls, client_for


def _get(client, url: str, params: dict[str, str]):  # noqa: ANN001, ANN202
    query = "&".join(f"{encode(k)}={encode(v)}" for k, v in params.items())
    return client.get(url + ("?" + query if query else ""))


CALL_RE = re.compile(r"\b(\w+)\(")


def _view_names(app, rule) -> set[str]:  # noqa: ANN001
    """The parameters a route's view reads, itself or through the functions of its module it calls."""
    import inspect
    import sys

    view = inspect.unwrap(app.view_functions[rule.endpoint])
    module = sys.modules[view.__module__]
    seen, todo, names = set(), [view], set()
    while todo:
        func = todo.pop()
        if func in seen:
            continue
        seen.add(func)
        source = inspect.getsource(func)
        names |= found_names(source)
        # The report lists read their filters through listing's parsers, by the names listing declares.
        names |= set(listing.PAGE_PARAMS) if "parse_filters" in source else set()
        names |= set(listing.API_PARAMS) if "parse_query" in source else set()
        # The timeline's and the map's moments, by either spelling (timelines/moments.page_moments).
        names |= {n for pair in moments.PAGE_NAMES for n in pair} if "page_moments" in source else set()
        todo += [f for n in CALL_RE.findall(source) if inspect.isfunction(f := getattr(module, n, None))
                 and f.__module__ == module.__name__]
    return names


def test_every_parameter_of_every_get_route_with_the_auditors_values(app, database, clients):
    rules, urls, client_for = clients
    before = sweep.fingerprint(database.engine)
    failures, sent = [], 0
    for rule in rules:
        url = urls[rule.endpoint + " " + rule.rule]
        client = client_for(rule)
        for name in sorted(_view_names(app, rule)):
            for value in AUDITOR:
                response = _get(client, url, {name: value})
                sent += 1
                if response.status_code >= 500 and url != "/readyz":
                    failures.append((url, name, value[:20], response.status_code))
    assert not failures, failures[:20]
    assert sent > 80
    assert sweep.fingerprint(database.engine) == before


ROUTE = st.integers(min_value=0, max_value=10_000)
TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=40)
VALUE = st.one_of(st.sampled_from(SPECIAL), TEXT, st.integers().map(str),
                  st.dates().map(str), st.datetimes().map(lambda d: d.isoformat()))
QUERY = st.dictionaries(st.sampled_from(ALL_NAMES), VALUE, max_size=4)
FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")), deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@FUZZ
@given(route=ROUTE, params=QUERY)
@example(route="report_list.event_list", params={"day": "9999-12-31"})
@example(route="report_list.event_list", params={"day": "0001-01-01"})
@example(route="timelines.show", params={"at": "0001-01-01"})
@example(route="timelines.curve_csv", params={"at": "0001-01-01"})
@example(route="timelines.curve_json", params={"known": "0001-01-01", "at": "9999-12-31"})
@example(route="api_areas.search", params={"q": "\x00"})
@example(route="api_areas.search", params={"q": "\ud800", "limit": "9" * 5000})
@example(route="report_list.event_list", params={"page": "9223372036854775808", "area": "2147483648"})
def test_random_queries_never_500(clients, route, params):
    rules, urls, client_for = clients
    by_name = {r.endpoint: r for r in rules}
    rule = by_name[route] if isinstance(route, str) else rules[route % len(rules)]
    response = _get(client_for(rule), urls[rule.endpoint + " " + rule.rule], params)
    # /readyz answers 503 by design while no scheduler beats (as in tests): that is its message.
    not_ready = rule.endpoint == "ops.readyz" and response.status_code == 503
    assert response.status_code < 500 or not_ready, (rule.rule, params, response.status_code)


@pytest.fixture
def reporter(login_as):
    """A reporter's client and CSRF token, shared by the examples of one test."""
    client = login_as("reporter", username="fuzzer")
    return client, sweep.csrf_token(client)


# Hostile text and nesting at the request level; wrong types per field are the validation's tests.
KINDS = ["outage", "outage_update", "pumping", "pumping_volume", "disinfection", "debris", "activity"]


class Nested:
    """A value nested `depth` arrays deep; written into the JSON text only when sent (Hypothesis
    would recurse printing the real thing)."""

    def __init__(self, depth: int) -> None:
        self.depth = depth

    def __repr__(self) -> str:
        return f"Nested({self.depth})"


JSON_VALUE = st.one_of(TEXT, st.sampled_from(SPECIAL), st.integers(21, 100_000).map(Nested))


def _json(body: dict[str, object]) -> str:
    """The body as an attacker sends it: "\ud800" as its JSON escape, Nested as real brackets."""
    marks = {f"@@nested{i}@@": v for i, v in enumerate(body.values()) if isinstance(v, Nested)}
    plain = {k: next((m for m, n in marks.items() if n is v), v) for k, v in body.items()}
    raw = json.dumps(plain, ensure_ascii=True)
    for mark, nested in marks.items():
        raw = raw.replace(f'"{mark}"', "[" * nested.depth + '"x"' + "]" * nested.depth)
    return raw


@FUZZ
@given(body=st.fixed_dictionaries({"kind": st.sampled_from(KINDS)}, optional={
    "title": JSON_VALUE, "note": JSON_VALUE, "team": JSON_VALUE, "source": JSON_VALUE,
    "observed_at": JSON_VALUE, "\ud800": JSON_VALUE}))
@example(body={"kind": "activity", "title": "\ud800"})
@example(body={"kind": "activity", "title": Nested(100_000)})
@example(body={"kind": "disinfection", "counts": {"\udfff": 1}, "observed_at": "2021-07-24 10:00"})
def test_hostile_json_bodies_never_500(reporter, ids, body):
    client, token = reporter
    if "area_id" not in body:
        body = {**body, "area_id": ids.area_id}
    raw = _json(body)
    response = client.post(f"/api/v1/events/{ids.event_id}/reports", data=raw, content_type="application/json",
                           headers={"X-CSRFToken": token})
    assert response.status_code < 500, (body, response.status_code)
