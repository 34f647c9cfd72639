"""Werkzeug's redirect of a doubled slash stays a path on this site, whatever Host was sent (probed 6 December, late
morning).

`GET /events//1` is redirected to `/events/1` (308, routing's merged slashes), and Werkzeug wrote that Location as an
absolute URL built from the request's `Host` (or `X-Forwarded-Host` behind a proxy): `Host: evil.com` was sent to
`http://evil.com/events/1` — a permanent redirect a shared cache may keep for everyone, and for a POST to the API
(`/api/v1//events/1/reports`) the body with it. Every other Location the product writes is a path.
"""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("path", ["/events//1", "/api/v1//events?kind=x", "/events/1//reports/new/activity"])
def test_a_doubled_slash_is_redirected_to_a_path_not_the_host_sent(app, path):
    client = app.test_client()
    answer = client.get(path, headers={"Host": "evil.com", "X-Forwarded-Host": "evil.org"})
    assert answer.status_code == 308, answer.status_code
    location = answer.headers["Location"]
    assert location.startswith("/") and not location.startswith("//"), location
    assert "evil" not in location and "//" not in location, location
    assert location == path.replace("//", "/"), location


def test_a_post_is_redirected_to_a_path_too(app):
    answer = app.test_client().post("/api/v1//events", json={}, headers={"Host": "evil.com"})
    assert answer.status_code == 308
    assert answer.headers["Location"] == "/api/v1/events"
