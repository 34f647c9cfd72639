"""The bad-input probe (tests/security/probe.py) on every form, API write, GET page and upload: a few derandomized
examples each (PROBE_EXAMPLES raises them); scripts/input-probe sends every value to every field.

Never a 5xx; a refusal names a field (the one spoiled, or the one it leaves wrong); a refused write leaves every
table as it was.
"""

from __future__ import annotations

import csv
import io
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidents.auth import tokens
from incidents.auth.models import User
from tests.api.conftest import TokenClient
from tests.security import probe as P

FULL = os.environ.get("INPUT_PROBE") == "full"
EXAMPLES = int(os.environ.get("PROBE_EXAMPLES", "15"))
PROBE = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
TEXT = st.one_of(st.sampled_from(P.HOSTILE_TEXT), st.text(max_size=20), st.integers().map(str),
                 st.floats().map(str), st.dates().map(str))
JSON = st.one_of(st.sampled_from(P.HOSTILE_JSON), st.sampled_from(P.RAW_JSON).map(P.Raw),
                 st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                              lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                          max_size=3), max_leaves=6))


@pytest.fixture
def prober(app, database, ids, login_as):
    log = open(os.environ["INPUT_PROBE_LOG"], "a") if os.environ.get("INPUT_PROBE_LOG") else None  # noqa: SIM115
    return P.Probe(app, database, ids, {"coordinator": login_as("coordinator"), "admin": login_as("admin")}, log=log)


@pytest.fixture
def api(app, database, prober) -> TokenClient:
    """A coordinator's token client."""
    from incidents.auth.services import create_user

    with database.transaction() as s:
        user_id = create_user(s, "probe-api", "correct horse battery", "coordinator").id
        _row, plaintext = tokens.create_token(s, s.get(User, user_id), "probe", None)
    return TokenClient(app, plaintext, user_id, "probe-api")


def _failures(prober: P.Probe) -> list[str]:
    return [str(f) for f in prober.findings if f.what != "other"]


def test_every_form_field_takes_garbage(prober):
    targets = sorted(P.form_targets(prober).items())
    cases = [(endpoint, url, fields, name) for endpoint, (url, fields) in targets for name in sorted(fields)]
    assert len({c[0] for c in cases}) >= 20, [c[0] for c in cases]

    @PROBE
    @given(case=st.sampled_from(cases), value=TEXT)
    def run(case, value: str) -> None:  # noqa: ANN001
        endpoint, url, fields, name = case
        P.post_form(prober, endpoint, url, {**fields, **P.BASES.get(endpoint, lambda ids: {})(prober.ids)}, name,
                    value)

    run()
    assert not _failures(prober), _failures(prober)[:10]


def test_every_api_write_field_takes_garbage(prober, api):
    cases = [(method, url, body, name) for (method, url), body in P.api_bodies(prober.ids).items()
             for name in [*body, "probe_unknown"]]

    @PROBE
    @given(case=st.sampled_from(cases), value=JSON)
    def run(case, value) -> None:  # noqa: ANN001
        method, url, body, name = case
        P.probe_api_field(prober, api, method, url, body, name, value)

    run()
    assert not _failures(prober), _failures(prober)[:10]


def test_api_bodies_of_every_shape_are_refused_by_name(prober, api):
    # A report's create and an event's change: not an object, a key twice, an unknown field, too deep, form-encoded,
    # text/plain, another charset, UTF-16.
    for (method, url), body in P.api_bodies(prober.ids).items():
        if url.endswith("/reports") or (method == "PATCH" and "/events/" in url):
            P.probe_api_bodies(prober, api, method, url, body)
    assert prober.sent >= 20
    assert not _failures(prober), _failures(prober)[:10]


def test_paging_parameters_on_every_get_route(prober):
    from tests.security import sweep

    rules = [r for r in sweep.rules(prober.app) if "GET" in r.methods and r.endpoint not in sweep.PUBLIC]
    pairs = [(name, value) for name, values in P.PAGING.items() for value in values]

    @PROBE
    @given(rule=st.sampled_from(rules), pair=st.sampled_from(pairs))
    def run(rule, pair) -> None:  # noqa: ANN001
        from urllib.parse import quote

        url = sweep.url_for_rule(rule, prober.ids)
        name, value = pair
        response = prober.client_for(rule).get(f"{url}?{name}={quote(value.encode('utf-8', 'surrogatepass'))}")
        if rule.endpoint != "ops.readyz":
            P.judge(prober, response, "GET", url, [name], value, None)

    run()
    assert not _failures(prober), _failures(prober)[:10]


def test_uploads_in_other_charsets_and_with_formulas(prober):
    files = {what: (name, data, what) for name, data, what in P.upload_files()}
    chosen = [files[w] for w in ("gbk", "utf-16 bom", "utf-16 no bom", "big5", "surrogate bytes", "nul", "formula",
                                 "empty", "feb 30", "bad zone", "broken xlsx", "program", "nul in name")]
    P.probe_uploads(prober, chosen)
    # The import pages name a file's problems by line and column (or as the file's): no field to name.
    assert not [f for f in _failures(prober) if f.what != "unnamed"], _failures(prober)[:10]


def test_a_formula_imported_is_neutralised_in_the_csv_export(prober, ids):
    client = prober.clients["coordinator"]
    url = f"/events/{ids.event_id}/import"
    page = client.get(url).get_data(as_text=True)
    fields = next(f for a, f in P.page_forms(page) if not a or a.endswith("/import"))
    _name, data, _what = next(f for f in P.upload_files() if f[2] == "formula")
    preview = client.post(url, data={**fields, "kind": "activity", "csrf_token": prober.token(client),
                                     "file": (io.BytesIO(data), "a.csv")}, content_type="multipart/form-data")
    assert preview.status_code == 200, P._error_text(preview)
    confirm = next((a, f) for a, f in P.page_forms(preview.get_data(as_text=True)) if "/confirm" in a)
    stored = client.post(confirm[0], data={**confirm[1], "csrf_token": prober.token(client)})
    assert stored.status_code == 302, P._error_text(stored)
    export = client.get(f"/events/{ids.event_id}/reports/export.csv?kind=activity")
    rows = list(csv.reader(io.StringIO(export.get_data(as_text=True).lstrip("\ufeff"))))
    cells = [c for row in rows for c in row if "cmd|" in c]
    assert cells == ["'=cmd|' /C calc'!A0"], cells


@pytest.mark.skipif(not FULL, reason="scripts/input-probe runs it (INPUT_PROBE=full)")
def test_full_forms(prober):
    texts = P.HOSTILE_TEXT if os.environ.get("INPUT_PROBE_VALUES") == "all" else P.COMPACT_TEXT
    values = [(v, False) for v in texts] + [(v, True) for v in P.RAW_TEXT]
    P.probe_forms(prober, lambda endpoint, name: values)
    assert not _failures(prober), _failures(prober)[:20]


@pytest.mark.skipif(not FULL, reason="scripts/input-probe runs it (INPUT_PROBE=full)")
def test_full_api(prober, api):
    values = P.HOSTILE_JSON + [P.Raw(t) for t in P.RAW_JSON]
    P.probe_api(prober, api, lambda name: values)
    assert not _failures(prober), _failures(prober)[:20]


@pytest.mark.skipif(not FULL, reason="scripts/input-probe runs it (INPUT_PROBE=full)")
def test_full_paging(prober):
    P.probe_paging(prober)
    assert not _failures(prober), _failures(prober)[:20]


@pytest.mark.skipif(not FULL, reason="scripts/input-probe runs it (INPUT_PROBE=full)")
def test_full_uploads(prober):
    P.probe_uploads(prober)
    assert not [f for f in _failures(prober) if f.what != "unnamed"], _failures(prober)[:20]
