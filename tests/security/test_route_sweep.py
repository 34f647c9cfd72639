"""A sweep over app.url_map: who may reach which route. New routes are covered as they are added."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from incidents.audit.models import AuditEntry
from incidents.auth.models import User
from incidents.auth.permissions import ADMIN, COORDINATE, MANAGE, READ, REPORT
from incidents.imports import progress
from tests.security import sweep

EVIL = ["//evil.example", "/\\evil.example", "https://evil.example", "/\\/evil.example",
        "\\\\evil.example", "///evil.example", "http:evil.example", "/\t/evil.example"]
# The sweep of every route tries the shapes that differ most (the login tests try them all).
SWEEP_EVIL = ["//evil.example", "/\\evil.example", "https://evil.example", "/\t/evil.example"]


def test_every_route_declares_what_it_needs(app):
    undeclared = []
    for rule in sweep.rules(app):
        view = app.view_functions[rule.endpoint]
        if getattr(view, "is_public", False):
            assert rule.endpoint in sweep.PUBLIC, f"{rule.rule} is public; only login and language may be"
        elif getattr(view, "required_permission", None) not in (READ, REPORT, COORDINATE, MANAGE, ADMIN):
            undeclared.append(rule.rule)
    assert not undeclared, f"routes without @requires(...): {undeclared}"


def test_anonymous_users_see_only_the_login_page(app, client, ids):
    token = sweep.csrf_token(client)  # an anonymous session's token: refusals must not be CSRF's
    checked = 0
    for rule in sweep.rules(app):
        if rule.endpoint in sweep.PUBLIC:
            continue
        url = sweep.url_for_rule(rule, ids)
        for method in sweep.methods(rule):
            data = {"csrf_token": token, **sweep.ATTEMPT} if method in sweep.WRITE_METHODS else None
            response = client.open(url, method=method, data=data)
            checked += 1
            if urlsplit(url).path.startswith("/api/"):
                assert response.status_code == 401, (method, url, response.status_code)
            else:
                assert response.status_code == 302, (method, url, response.status_code)
                location = urlsplit(response.headers["Location"])
                assert location.path == "/login", (method, url, response.headers["Location"])
    assert checked > 20
    # The public pages answer.
    assert client.get("/login").status_code == 200


def test_a_viewer_cannot_write_anything(app, database, ids, login_as):
    client = login_as("viewer")
    token = sweep.csrf_token(client)
    before = sweep.fingerprint(database.engine)
    writes = 0
    for rule in sweep.rules(app):
        if rule.endpoint in sweep.PUBLIC | sweep.SELF_SERVICE:
            continue
        url = sweep.url_for_rule(rule, ids)
        for method in set(sweep.methods(rule)) & sweep.WRITE_METHODS:
            response = client.open(url, method=method, data={"csrf_token": token, **sweep.ATTEMPT},
                                   headers={"X-CSRFToken": token})
            writes += 1
            assert response.status_code == 403, (method, url, response.status_code)
    assert writes >= 5
    assert sweep.fingerprint(database.engine) == before
    # Reading is what a viewer is for.
    assert client.get("/").status_code == 200


def _report_routes(app):
    """(rule, method) pairs that act on one report and need more than READ."""
    found = []
    for rule in sweep.rules(app):
        if sweep.is_report_route(rule) and sweep.permission(app, rule) in (REPORT, COORDINATE):
            found.extend((rule, m) for m in sweep.methods(rule))
    return found


@pytest.mark.parametrize("who", ["other reporter", "reporter outside scope"])
def test_a_reporter_cannot_touch_another_reporters_report(app, database, session, ids, login_as, who):
    routes = _report_routes(app)
    if not routes:
        pytest.skip("no routes act on a single report yet")
    if who == "other reporter":
        client, report_id = login_as("reporter"), ids.report_in_scope
    else:
        client, report_id = login_as("reporter", scope="文峰区/北大街街道"), ids.report_out_of_scope
    coordinator = login_as("coordinator")
    token = sweep.csrf_token(client)
    before = sweep.fingerprint(database.engine)
    trail = sa.select(sa.func.count()).select_from(AuditEntry).where(
        AuditEntry.entity == "reports", AuditEntry.entity_id == report_id)
    trail_before = session.scalar(trail)
    for rule, method in routes:
        url = sweep.url_for_rule(rule, ids, report_id=report_id)
        if method == "GET":
            response = client.get(url)
        else:
            # What the form would send (as a coordinator sees it), so only the permission can refuse.
            form_page = coordinator.get(url) if "GET" in rule.methods else None
            fields = sweep.form_fields(form_page.get_data(as_text=True)) if form_page is not None \
                and form_page.status_code == 200 else {}
            data = {**sweep.ATTEMPT, **fields, "csrf_token": token}
            response = client.open(url, method=method, data=data, headers={"X-CSRFToken": token})
        assert response.status_code in (403, 404), (who, method, url, response.status_code)
    assert sweep.fingerprint(database.engine) == before
    session.expire_all()
    assert session.scalar(trail) == trail_before  # nothing the attempts did reached the trail


def test_the_sweep_reaches_real_records(app, ids, login_as, session):
    """Control: with the right role every GET route answers 200, so refusals above mean refusals."""
    coordinator, admin = login_as("coordinator"), login_as("admin")
    # An import's progress is read only for an upload of one's own that has written some (404 before: h4's bound on
    # progress files): one such, under a token of the shape the product makes.
    upload = progress.new_token()
    session.rollback()  # a fresh snapshot: the login made the account in another transaction
    progress.Reporter(app.instance_path, upload, session.scalar(
        sa.select(User.id).where(User.username == coordinator.username))).finish("done")
    for rule in sweep.rules(app):
        if "GET" not in rule.methods or rule.endpoint in sweep.PUBLIC:
            continue
        client = admin if sweep.permission(app, rule) == ADMIN else coordinator
        url = sweep.url_for_rule(rule, ids)
        if rule.endpoint == "imports.status":
            url = url.replace(sweep.STRINGS["token"], upload)
        response = client.get(url)
        if "brief" in rule.endpoint and response.status_code == 404:
            continue  # the demo has no compiled brief to point at
        if rule.endpoint in sweep.REDIRECTS:
            assert response.status_code == 302, (url, response.status_code)
            response = client.get(response.headers["Location"])
        assert response.status_code == 200, (url, response.status_code)


@pytest.mark.parametrize("target", EVIL)
def test_login_next_only_goes_home_when_off_site(client, make_user, target):
    from tests.conftest import Auth

    make_user("viewer1", "viewer")
    token = sweep.csrf_token(client)
    response = client.post("/login", query_string={"next": target},
                           data={"username": "viewer1", "password": "correct horse battery", "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/", target
    switched = client.post("/lang/en", data={"next": target, "csrf_token": sweep.csrf_token(client)})
    assert switched.headers["Location"] == "/"
    assert Auth(client).client.get("/").status_code == 200


def test_login_next_keeps_a_same_site_path(client, make_user):
    make_user("viewer1", "viewer")
    token = sweep.csrf_token(client)
    response = client.post("/login?next=/events/1%3Fx%3D1", data={
        "username": "viewer1", "password": "correct horse battery", "csrf_token": token})
    assert response.headers["Location"] == "/events/1?x=1"


def test_no_route_redirects_off_site(app, ids, login_as):
    """Whatever `next` a link or form carries, no route sends the browser to another site."""
    client = login_as("coordinator")
    admin = login_as("admin")
    for rule in sweep.rules(app):
        if rule.endpoint == "auth.logout":
            continue
        user = admin if sweep.permission(app, rule) == ADMIN else client
        token = sweep.csrf_token(user)
        url = sweep.url_for_rule(rule, ids)
        for method in sweep.methods(rule):
            for target in SWEEP_EVIL:
                data = {**sweep.ATTEMPT, "csrf_token": token, "next": target} \
                    if method in sweep.WRITE_METHODS else None
                response = user.open(url, method=method, query_string={"next": target}, data=data)
                if response.status_code in (301, 302, 303, 307, 308):
                    location = response.headers["Location"]
                    parts = urlsplit(location)
                    assert not parts.scheme and not parts.netloc and location.startswith("/") \
                        and not location.startswith(("//", "/\\")) and "\\" not in location, \
                        (method, url, target, location)
