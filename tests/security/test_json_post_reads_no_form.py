"""The text guard (request_bodies.refuse_bad_text) parses a form only where one can be (FORM_ONLY), its refusals kept.

It read `request.form` and `request.files` on every request: on a JSON POST Werkzeug built a form parser for a
body it never parses (only a urlencoded or multipart body has fields), ~40 µs of an API create's CPU. That read
also said a body over the size limit was too large (413) before any other hook: it still does.
"""

from __future__ import annotations

import json

from flask import request

PATH = "/api/v1/events/1/reports"
BODY = {"kind": "activity", "area_id": 1, "observed_at": "2021-07-24 10:00", "title": "巡查"}


def _guard(app):  # noqa: ANN001, ANN202
    return next(f for f in app.before_request_funcs[None] if f.__name__ == "refuse_bad_text")


def test_a_json_post_passes_the_guard_without_its_body_parsed_as_a_form(app):
    guard = _guard(app)
    with app.test_request_context(PATH, method="POST", json=BODY):
        guard()
        assert "form" not in request.__dict__ and "files" not in request.__dict__
        assert request.get_json() == BODY  # the body still there for the view
    with app.test_request_context(PATH, method="POST", data={"title": "巡查"}):
        guard()
        assert "form" in request.__dict__  # a form's fields are checked, as before


def test_a_body_over_the_limit_is_a_413_before_its_token_is_looked_at(app):
    client = app.test_client(use_cookies=False)
    body = json.dumps({**BODY, "note": "x" * app.config["MAX_CONTENT_LENGTH"]})
    for content_type in ("application/json", "text/plain", ""):
        refused = client.post(PATH, data=body, content_type=content_type or None,
                              headers={"Authorization": "Bearer il_no-such-token"})
        assert refused.status_code == 413, (content_type, refused.status_code)
        # Under it, the dead token is what is refused.
        dead = client.post(PATH, json=BODY, headers={"Authorization": "Bearer il_no-such-token"})
        assert dead.status_code == 401, dead.status_code
