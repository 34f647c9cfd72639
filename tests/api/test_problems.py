"""Every error under /api/ is one shape, RFC 9457 problem details, in the language asked for."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.events.models import Event
from tests.api.conftest import TokenClient

PROBLEM_KEYS = {"type", "title", "status", "detail", "errors"}


def _is_problem(response, status: int) -> dict:  # noqa: ANN001
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.json
    assert set(body) >= PROBLEM_KEYS and body["status"] == status and isinstance(body["errors"], dict)
    return body


def _event_id(session) -> int:  # noqa: ANN001
    return session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))


@pytest.mark.parametrize(("lang", "expected"), [("en", "must not be negative"), ("zh", "不能为负数"),
                                                (None, "不能为负数"), ("en-US,en;q=0.9", "must not be negative")])
def test_field_errors_in_the_language_asked(seeded, session, reporter_api: TokenClient, lang, expected):
    headers = {"Accept-Language": lang} if lang else {}
    from incidents.areas.models import Area

    area = session.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
    body = {"kind": "pumping", "team": "T", "area_id": area, "observed_at": "2021-07-22 14:00", "people": -3}
    response = reporter_api.post(f"/api/v1/events/{_event_id(session)}/reports", json=body, headers=headers)
    problem = _is_problem(response, 422)
    assert problem["errors"]["people"] == expected
    assert "people" in problem["detail"] and problem["type"].endswith("#problem-422")


def test_titles_differ_by_language(reporter_api: TokenClient):
    zh = _is_problem(reporter_api.get("/api/v1/nowhere"), 404)
    en = _is_problem(reporter_api.get("/api/v1/nowhere", headers={"Accept-Language": "en"}), 404)
    assert en["title"] == "Nothing here." and zh["title"] == "页面不存在。"


def test_unauthenticated_method_and_permission_errors_are_problems(seeded, session, client,
                                                                   viewer_api: TokenClient):
    assert "WWW-Authenticate" in client.get("/api/v1/areas").headers
    _is_problem(client.get("/api/v1/areas"), 401)
    response = viewer_api.open("/api/v1/areas", "DELETE")
    _is_problem(response, 405)
    assert "GET" in response.headers["Allow"]
    _is_problem(viewer_api.post(f"/api/v1/events/{_event_id(session)}/reports", json={"kind": "activity"}), 403)
    _is_problem(viewer_api.get("/api/v1/areas?q=%00"), 400)


def test_bad_json_and_missing_kind_are_problems(seeded, session, reporter_api: TokenClient):
    url = f"/api/v1/events/{_event_id(session)}/reports"
    # Not an object: the body is named (as by every write), not a `kind` it could never have.
    assert _is_problem(reporter_api.post(url, data="[1, 2]", content_type="application/json"),
                       422)["errors"].keys() == {"body"}
    assert "kind" in _is_problem(reporter_api.post(url, json={"title": "x"}), 422)["errors"]
    deep = '{"title": ' + "[" * 100 + "]" * 100 + "}"
    assert "title" in _is_problem(reporter_api.post(url, data=deep, content_type="application/json"), 400)["errors"]


def test_html_pages_keep_their_error_pages(client, auth, make_user):
    make_user("page-reader", "viewer")
    auth.login("page-reader")
    response = client.get("/areas/999999")
    assert response.status_code == 404 and response.mimetype == "text/html"


def test_server_error_under_api_is_a_problem(app, reporter_api: TokenClient):
    @app.route("/api/v1/test-broken")
    def broken():  # noqa: ANN202
        raise RuntimeError("boom")

    app.testing = False  # let the 500 handler answer instead of raising into the test
    body = _is_problem(reporter_api.get("/api/v1/test-broken"), 500)
    assert "boom" not in str(body)
