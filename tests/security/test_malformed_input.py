"""Malformed requests get a 4xx naming the field, never a 500; error pages survive a failed session."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from incidents.reports.models import Report
from tests.conftest import switch_language
from tests.security import sweep
from tests.security.test_headers import assert_security_headers


@pytest.fixture
def coordinator(login_as):
    return login_as("coordinator")


def _message(response) -> str:  # noqa: ANN001
    if response.is_json:
        return json.dumps(response.get_json(), ensure_ascii=False)
    return response.get_data(as_text=True)


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_report_list_day_out_of_range_is_refused(coordinator, ids, day):
    response = coordinator.get(f"/events/{ids.event_id}/reports?day={day}")
    assert response.status_code == 400
    assert "day" in _message(response)
    assert_security_headers(response)


@pytest.mark.parametrize("page", ["timeline", "timeline.json", "timeline.csv", "curve.csv", "curve.json"])
@pytest.mark.parametrize("field", ["at", "known"])
def test_a_moment_in_year_one_is_refused(coordinator, ids, page, field):
    response = coordinator.get(f"/events/{ids.event_id}/{page}?{field}=0001-01-01")
    assert response.status_code == 400, (page, response.status_code)
    assert field in _message(response)


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_compiling_a_day_out_of_range_is_refused(coordinator, ids, day):
    token = sweep.csrf_token(coordinator)
    response = coordinator.post(f"/events/{ids.event_id}/briefs/compile", data={"csrf_token": token, "day": day})
    assert response.status_code == 400
    assert "day" in _message(response) or "日期" in _message(response)


def _int_routes(app):  # noqa: ANN001, ANN202
    """Rules with integer arguments, and those arguments' names."""
    from werkzeug.routing.converters import NumberConverter

    for rule in sweep.rules(app):
        names = [n for n, c in rule._converters.items() if isinstance(c, NumberConverter)]
        if names:
            yield rule, names


def _with(app, rule, ids, name: str, big: int | str) -> str:  # noqa: ANN001
    """The rule's URL for the seed records, with the argument `name` replaced by a huge number."""
    values = sweep.values_for_rule(rule, ids)  # its own: its URL may be another rule's (timeline.<fmt> with csv)
    values[name] = 777_777
    url = rule.build(values, append_unknown=False)[1]
    assert url.count("777777") == 1
    return url.replace("777777", str(big))


@pytest.mark.parametrize("big", [2**31, 2**63, 2**64, int("9" * 30), "9" * 5000])
def test_ids_beyond_the_column_range_are_404_on_every_route(app, database, ids, login_as, big):
    coordinator, admin = login_as("coordinator"), login_as("admin")
    tokens = sweep.csrf_tokens(coordinator, admin)  # a 404 leaves the session as it was
    before = sweep.fingerprint(database.engine)
    checked = 0
    for rule, names in _int_routes(app):
        client = admin if sweep.permission(app, rule) == "admin" else coordinator
        token = tokens[client]
        for name in names:
            url = _with(app, rule, ids, name, big)
            for method in sweep.methods(rule):
                data = {"csrf_token": token, **sweep.ATTEMPT} if method in sweep.WRITE_METHODS else None
                response = client.open(url, method=method, data=data, headers={"X-CSRFToken": token})
                checked += 1
                assert response.status_code == 404, (method, url[:80], response.status_code)
    assert checked >= 18
    assert sweep.fingerprint(database.engine) == before


# Digits \\d matches and int() reads, but no link of ours is written with: a fullwidth １ typed on a Chinese
# keyboard, Arabic-Indic digits, a zero-padded id. Each served record 1 (a 200, a close or an edit of it) under a
# second address; an id is ASCII digits without a leading zero, else there is no such page.
@pytest.mark.parametrize("spelled", ["\uff11", "\u0661", "\u0967", "01", "0000000001"])
def test_an_id_not_in_plain_digits_is_404_on_every_route(app, database, ids, login_as, spelled):
    coordinator, admin = login_as("coordinator"), login_as("admin")
    tokens = sweep.csrf_tokens(coordinator, admin)  # a 404 leaves the session as it was
    before = sweep.fingerprint(database.engine)
    answered = []
    for rule, names in _int_routes(app):
        client = admin if sweep.permission(app, rule) == "admin" else coordinator
        token = tokens[client]
        for name in names:
            url = _with(app, rule, ids, name, quote(spelled))
            for method in sweep.methods(rule):
                data = {"csrf_token": token, **sweep.ATTEMPT} if method in sweep.WRITE_METHODS else None
                response = client.open(url, method=method, data=data, headers={"X-CSRFToken": token})
                if response.status_code != 404:
                    answered.append((method, url, response.status_code))
    assert not answered, answered[:10]
    assert sweep.fingerprint(database.engine) == before


def test_a_nul_in_a_query_is_refused_naming_the_parameter(coordinator, ids):
    response = coordinator.get("/api/v1/areas?q=%00")
    assert response.status_code == 400
    assert "q" in response.get_json()["errors"]
    page = coordinator.get(f"/events/{ids.event_id}/reports?kind=%00")
    assert page.status_code == 400 and "类型：含有NUL空字符" in page.get_data(as_text=True)  # kind, by its name


@pytest.mark.parametrize("url", ["/api/v1/events/{e}/timeline?as_of=2021-07-25 01:00&as_of=2021-07-26 01:00",
                                 "/events/{e}/timeline?at=2021-07-25T01:00&at=2021-07-26T01:00",
                                 "/events/{e}/map?at=2021-07-25T01:00&at=2021-07-26T01:00"])
def test_a_query_parameter_given_twice_is_refused_naming_it_never_read_as_its_first(coordinator, ids, url):
    response = coordinator.get(url.format(e=ids.event_id))
    assert response.status_code == 400, url
    name = url.split("?")[1].split("=")[0]
    if response.is_json:  # the API names the key
        assert f"\"{name}\": \"出现了不止一次\"" in _message(response)
    else:  # a page, the parameter by its name: at is 截至时刻
        assert "截至时刻：出现了不止一次" in _message(response)


def _api(client, event_id: int, body: bytes | str):  # noqa: ANN001, ANN202
    token = sweep.csrf_token(client)
    return client.post(f"/api/v1/events/{event_id}/reports", data=body, content_type="application/json",
                       headers={"X-CSRFToken": token})


def _reports(session) -> int:  # noqa: ANN001
    session.expire_all()
    return session.scalar(sa.select(sa.func.count()).select_from(Report))


def test_a_lone_surrogate_in_json_is_refused_naming_the_field(coordinator, ids, session):
    before = _reports(session)
    body = json.dumps({"kind": "activity", "area_id": ids.area_id, "observed_at": "2021-07-22 10:00",
                       "title": "\ud800 flooded"})
    assert "\\ud800" in body
    response = _api(coordinator, ids.event_id, body)
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert "title" in response.get_json()["errors"]
    assert_security_headers(response)
    nested = json.dumps({"kind": "disinfection", "area_id": ids.area_id, "counts": {"\udfff": 1}})
    response = _api(coordinator, ids.event_id, nested)
    assert response.status_code == 400 and "counts" in response.get_json()["errors"]
    assert _reports(session) == before


@pytest.mark.parametrize("depth", [100_000, 1_000, 40])
def test_deeply_nested_json_is_refused(coordinator, ids, session, depth):
    before = _reports(session)
    body = '{"kind":"activity","title":' + "[" * depth + "]" * depth + "}"
    response = _api(coordinator, ids.event_id, body)
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert "title" in response.get_json()["errors"]
    assert _reports(session) == before


def test_invalid_utf8_and_nul_in_forms_never_500(coordinator, ids, session):
    token = sweep.csrf_token(coordinator)
    before = _reports(session)
    for title in ("%ED%A0%80", "%00", "%C0%AF", "%FF%FE"):
        body = f"csrf_token={token}&title={title}&area_id={ids.area_id}&observed_at_date=2021-07-22"
        response = coordinator.post(f"/events/{ids.event_id}/reports/new/activity", data=body,
                                    content_type="application/x-www-form-urlencoded")
        assert response.status_code < 500, (title, response.status_code)
    login = coordinator.post("/login", data=f"csrf_token={token}&username=a%00b&password=x",
                             content_type="application/x-www-form-urlencoded")
    assert login.status_code == 400
    assert _reports(session) == before


@pytest.mark.parametrize("title", ["ab%FF%FEcd", "%C0%AF", "%ED%A0%80"])
def test_bytes_that_are_not_utf8_in_a_form_are_refused_naming_the_field_not_stored_as_percent_text(
        coordinator, ids, session, title):
    token = sweep.csrf_token(coordinator)
    before = _reports(session)
    body = (f"csrf_token={token}&title={title}&area_id={ids.area_id}&observed_at-day=2021-07-22"
            "&observed_at-time=10:00&observed_at-precision=exact")
    response = coordinator.post(f"/events/{ids.event_id}/reports/new/activity", data=body,
                                content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400, (title, response.status_code)
    assert "title" in _message(response)
    assert _reports(session) == before
    typed = coordinator.post(f"/events/{ids.event_id}/reports/new/activity",  # "%FF" typed by a person is kept
                             data=body.replace(f"title={title}", "title=%25FF+pumps"),
                             content_type="application/x-www-form-urlencoded")
    assert typed.status_code == 302, typed.get_data(as_text=True)[:500]
    query = coordinator.get(f"/events/{ids.event_id}/reports?kind=%FF")
    assert query.status_code == 400 and "kind" in _message(query)


def test_the_error_page_survives_a_failed_database_session(app, make_user):
    """A view whose flush failed: the 500 page still renders, in the user's language, with CSP."""
    from incidents.auth.decorators import requires
    from incidents.auth.models import User
    from incidents.request_db import request_session
    from tests.conftest import Auth

    @requires("read")
    def broken():  # noqa: ANN202
        db = request_session()
        db.add(User(username=None, display_name=None, role="viewer"))  # NOT NULL: the flush fails
        db.flush()

    app.add_url_rule("/test-broken", "test_broken", broken, methods=["POST"])
    make_user("viewer1", "viewer")
    client = app.test_client()
    Auth(client).login("viewer1")
    switch_language(client, "en")
    token = sweep.csrf_token(client)
    response = client.post("/test-broken", data={"csrf_token": token})
    assert response.status_code == 500
    assert "Internal Server Error" in response.get_data(as_text=True) or "500" in response.get_data(as_text=True)
    assert_security_headers(response)
    assert client.get("/account").status_code == 200  # the next request is fine


# Digits str.isdigit() takes but int() does not: superscripts. Each was a 500 where it meets a number.
SUPERSCRIPTS = ["²", "¹", "⁵"]


@pytest.mark.parametrize("digit", SUPERSCRIPTS)
def test_a_bulk_item_in_superscript_digits_is_refused_naming_it(coordinator, ids, session, digit):
    before = _reports(session)
    token = sweep.csrf_token(coordinator)
    for item in (f"{digit}:1", f"{ids.report_in_scope}:{digit}"):
        response = coordinator.post(f"/events/{ids.event_id}/reports/bulk",
                                    data={"csrf_token": token, "action": "verify", "report": item})
        assert response.status_code == 422, (item, response.status_code)
        assert item in response.get_data(as_text=True)
    assert _reports(session) == before


@pytest.mark.parametrize("digit", SUPERSCRIPTS)
@pytest.mark.parametrize(("method", "path", "body"), [("PATCH", "", {"note": "x"}), ("POST", "/verify", {})])
def test_an_if_match_in_superscript_digits_is_a_422_naming_version_not_a_500(coordinator, ids, digit, method, path,
                                                                            body):
    # An ETag no GET gives (as "0" or "abc"): no version to be stale against, so not a 412 either.
    token = sweep.csrf_token(coordinator)
    response = coordinator.open(f"/api/v1/reports/{ids.report_in_scope}{path}", method=method, json=body,
                                headers={"X-CSRFToken": token, "If-Match": f'"{digit}"'})
    assert response.status_code == 422, response.get_json()
    assert set(response.get_json()["errors"]) == {"version"}


def test_an_area_form_parent_in_superscript_digits_is_refused_naming_it(coordinator, ids):
    token = sweep.csrf_token(coordinator)
    response = coordinator.post("/areas/new", data={"csrf_token": token, "parent_id": "²", "name": "新点位",
                                                    "level": "site"})
    assert response.status_code == 422
    assert 'id="parent_id-error"' in response.get_data(as_text=True)


def test_a_compressed_json_body_is_a_415_naming_the_encoding(coordinator, ids, session):
    # A gzip body was read as text: "body: must be a JSON object" sent the client checking its JSON.
    import gzip

    before = _reports(session)
    body = json.dumps({"kind": "activity", "area_id": ids.area_id, "observed_at": "2021-07-22 10:00",
                       "title": "巡查"}).encode()
    token = sweep.csrf_token(coordinator)
    response = coordinator.post(f"/api/v1/events/{ids.event_id}/reports", data=gzip.compress(body),
                                content_type="application/json",
                                headers={"X-CSRFToken": token, "Content-Encoding": "gzip"})
    assert response.status_code == 415, response.get_json()
    assert set(response.get_json()["errors"]) == {"Content-Encoding"}
    assert response.headers.get("Accept-Encoding") == "identity"
    assert _reports(session) == before


@pytest.mark.parametrize("control", ["\u202e", "\u202b", "\u2067"])
def test_a_note_with_a_direction_override_is_refused_naming_it(coordinator, ids, session, control):
    # U+202E shows what follows reversed: "停电 30户" could read otherwise on a page and in the brief.
    before = _reports(session)
    response = _api(coordinator, ids.event_id, json.dumps({
        "kind": "activity", "area_id": ids.area_id, "observed_at": "2021-07-22 10:00", "title": "巡查",
        "note": f"已恢复{control}户 003", "source": "电话"}))
    assert response.status_code == 422, response.get_json()
    assert set(response.get_json()["errors"]) == {"note"}
    assert _reports(session) == before


@pytest.mark.parametrize("query", ["fmt=csv", "event_id=2", "_method=POST", "_anchor=x", "_external=1"])
def test_a_report_list_parameter_named_like_a_link_argument_is_no_500(coordinator, ids, query):
    # The page's links were built with every parameter it was given: ?fmt= clashed with the download's own.
    response = coordinator.get(f"/events/{ids.event_id}/reports?kind=outage&{query}")
    assert response.status_code == 200, response.status_code
    html = response.get_data(as_text=True)
    assert f'href="/events/{ids.event_id}/reports/export.csv?kind=outage"' in html


@pytest.mark.parametrize("blank", ["\u200b", "\u200b\u200c \u2060", "\ufeff\n\u200d"])
def test_a_note_of_invisible_characters_alone_is_refused_naming_it(coordinator, ids, session, blank):
    # Stored, it showed as nothing on every page and in the brief: a note that looks empty but is not.
    before = _reports(session)
    response = _api(coordinator, ids.event_id, json.dumps({
        "kind": "activity", "area_id": ids.area_id, "observed_at": "2021-07-22 10:00", "title": "巡查",
        "note": blank, "source": "电话"}))
    assert response.status_code == 422, response.get_json()
    assert set(response.get_json()["errors"]) == {"note"}
    assert _reports(session) == before



def test_a_refused_filter_offers_the_page_without_it(client, auth, make_user, seeded):
    """400 日期：须为日期 offered only 返回事件列表: the way back to the list the reader was filtering is one tap."""
    import re

    make_user("v1", "viewer")
    auth.login("v1")
    event_id = int(re.search(r'href="/events/(\d+)"', client.get("/").get_data(as_text=True)).group(1))
    response = client.get(f"/events/{event_id}/reports?day=2021-13-01")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "日期：" in page
    assert f'href="/events/{event_id}/reports"' in page and "不带筛选条件打开本页" in page
