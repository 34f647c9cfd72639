"""A POST without a CSRF token is refused and writes nothing: every write route, and the login."""

from __future__ import annotations

import sqlalchemy as sa

from incidents.auth.permissions import ADMIN
from incidents.models import User
from tests.security import sweep


def test_every_write_route_refuses_a_post_without_token(app, database, ids, login_as):
    coordinator, admin = login_as("coordinator"), login_as("admin")
    before = sweep.fingerprint(database.engine)
    checked = []
    for rule in sweep.rules(app):
        writes = set(sweep.methods(rule)) & sweep.WRITE_METHODS
        if not writes or rule.endpoint == "auth.login":
            continue
        client = admin if sweep.permission(app, rule) == ADMIN else coordinator
        url = sweep.url_for_rule(rule, ids)
        page = client.get(url) if "GET" in rule.methods else None
        fields = sweep.form_fields(page.get_data(as_text=True)) if page is not None and page.status_code == 200 \
            else {}
        fields.pop("csrf_token", None)
        for method in writes:
            # Everything a real submission carries except the token: only CSRF can refuse it.
            response = client.open(url, method=method, data={**sweep.ATTEMPT, **fields})
            assert response.status_code == 400, (method, url, response.status_code)
            json_response = client.open(url, method=method, json={"note": "x"})
            assert json_response.status_code == 400, (method, url, "json", json_response.status_code)
            for answer in (response, json_response):  # said, not a bare 400: the page expired, nothing saved
                assert _says_why(answer), (method, url, answer.get_data(as_text=True)[:300])
            checked.append(url)
    assert len(checked) >= 8
    assert sweep.fingerprint(database.engine) == before
    # Both sessions are intact: the refusals did not log anyone out.
    assert coordinator.get("/").status_code == 200 and admin.get("/admin/users").status_code == 200


def _says_why(response) -> bool:  # noqa: ANN001
    """A page's "this page has expired … nothing was saved", or the API's problem naming csrf_token."""
    if response.is_json:
        return "csrf_token" in (response.get_json().get("errors") or {})
    return "页面已过期" in response.get_data(as_text=True) and "未保存" in response.get_data(as_text=True)


def test_a_token_from_another_session_is_refused(app, database, login_as, session):
    admin = login_as("admin")
    stranger = app.test_client()
    foreign = sweep.csrf_token(stranger)
    response = admin.post("/admin/users/new", data={
        "username": "mallory", "display_name": "M", "role": "admin", "scope_area_id": "",
        "password": "long enough password", "csrf_token": foreign})
    assert response.status_code == 400
    assert session.scalar(sa.select(User).where(User.username == "mallory")) is None


def test_login_without_token_is_refused(client, make_user):
    make_user("viewer1", "viewer")
    response = client.post("/login", data={"username": "viewer1", "password": "correct horse battery"})
    assert response.status_code == 400
    assert client.get("/").status_code == 302  # still anonymous
