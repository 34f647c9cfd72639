"""Security headers on pages and error pages, cookie flags, debug off."""

from __future__ import annotations

import os

import pytest

from incidents import create_app
from tests.conftest import Auth


def assert_security_headers(response) -> None:  # noqa: ANN001
    csp = response.headers["Content-Security-Policy"]
    directives = {d.strip().split(" ", 1)[0]: d.strip() for d in csp.split(";")}
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"
    assert directives["script-src"] == "script-src 'self'"  # no inline script, no eval
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert directives["object-src"] == "object-src 'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in ("same-origin", "strict-origin-when-cross-origin", "no-referrer")
    assert response.headers["X-Frame-Options"] == "DENY"


def test_headers_on_a_page_and_on_error_pages(client, auth, make_user):
    make_user("viewer1", "viewer")
    assert_security_headers(client.get("/login"))
    auth.login("viewer1")
    page = client.get("/")
    assert page.status_code == 200
    assert_security_headers(page)
    assert "no-store" in page.headers["Cache-Control"]
    missing = client.get("/events/424242")
    assert missing.status_code == 404 and "404" in missing.get_data(as_text=True)
    assert_security_headers(missing)
    forbidden = client.get("/admin/users")
    assert forbidden.status_code == 403
    assert_security_headers(forbidden)
    bad = client.post("/account", data={})  # no CSRF token
    assert bad.status_code == 400
    assert_security_headers(bad)


def test_headers_on_the_throttled_login(client, make_user):
    from tests.security.sweep import csrf_token

    make_user("viewer1", "viewer")
    token = csrf_token(client)
    for _ in range(6):
        response = client.post("/login", data={"username": "viewer1", "password": "wrong password!",
                                                "csrf_token": token})
    assert response.status_code == 429
    assert_security_headers(response)


def _set_cookie(response, name: str) -> str:  # noqa: ANN001
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(f"{name}=")]
    assert cookies, f"no {name} cookie set"
    return cookies[-1]


def test_session_cookie_is_httponly_and_lax_and_not_secure_over_http(client, auth, make_user):
    make_user("viewer1", "viewer")
    response = auth.login("viewer1")
    cookie = _set_cookie(response, "session")
    flags = {part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")}
    assert "httponly" in flags
    assert flags["samesite"].lower() == "samesite=lax"
    assert "secure" not in flags
    assert not any(c.startswith("remember_token=") for c in response.headers.getlist("Set-Cookie"))


@pytest.mark.parametrize("source", ["override", "environment"])
def test_session_cookie_is_secure_when_configured(db_url, tmp_path, monkeypatch, make_user, source):
    overrides = {"DATABASE_URL": db_url, "INSTANCE_PATH": str(tmp_path / "i"), "SECRET_KEY": os.urandom(8).hex()}
    if source == "override":
        overrides["SESSION_COOKIE_SECURE"] = True
    else:
        monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    app = create_app(overrides)
    try:
        make_user("viewer1", "viewer")
        client = app.test_client()
        response = Auth(client).login("viewer1")
        assert response.status_code == 302
        cookie = _set_cookie(response, "__Host-session")
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
        # __Host-: a browser keeps it only Secure, for this host alone (no Domain), on every path.
        assert "Path=/;" in cookie + ";" and "Domain=" not in cookie
        assert client.get("/account").status_code == 200
    finally:
        app.extensions["incidents.db"].engine.dispose()


def test_a_session_cookie_planted_by_another_host_of_the_domain_is_not_read_over_https(db_url, tmp_path, make_user):
    # Found (sessions probe, 5 December): another host of the office's domain, not ours, may set a cookie named
    # `session` for the whole domain. Read as ours, it signs a person in to the planter's account (whose reports
    # they then file under it) or out of their own. Over HTTPS the cookie is __Host-session, which no other
    # host can set; a `session` cookie is then not read at all.
    app = create_app({"DATABASE_URL": db_url, "INSTANCE_PATH": str(tmp_path / "i"), "SECRET_KEY": "k" * 16,
                      "SESSION_COOKIE_SECURE": True})
    try:
        make_user("planter", "reporter")
        planter = app.test_client()
        assert Auth(planter).login("planter").status_code == 302
        planted = planter.get_cookie(app.config["SESSION_COOKIE_NAME"])
        assert planted is not None
        victim = app.test_client()
        victim.set_cookie("session", planted.value, domain="localhost")
        assert victim.get("/account").status_code == 302  # sent to the login page: not signed in as the planter
    finally:
        app.extensions["incidents.db"].engine.dispose()


@pytest.mark.parametrize("value", ["true", "yes", "on", "True"])
def test_a_secure_cookie_switch_it_cannot_read_is_refused_by_name(db_url, tmp_path, monkeypatch, value):
    # SESSION_COOKIE_SECURE=true left the cookie without Secure, unsaid: the session then travelled in clear.
    from incidents.config import ConfigError

    monkeypatch.setenv("SESSION_COOKIE_SECURE", value)
    with pytest.raises(ConfigError, match="SESSION_COOKIE_SECURE"):
        create_app({"DATABASE_URL": db_url, "INSTANCE_PATH": str(tmp_path / "i")})


def test_debug_is_off_unless_asked_for(app, monkeypatch, tmp_path, db_url):
    assert app.debug is False
    monkeypatch.setenv("INCIDENTS_DEBUG", "1")
    debug_app = create_app({"DATABASE_URL": db_url, "INSTANCE_PATH": str(tmp_path / "d")})
    assert debug_app.debug is True
    debug_app.extensions["incidents.db"].engine.dispose()


def test_large_bodies_are_refused(client, auth, make_user):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    response = client.post("/account", data={"x": "a" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert_security_headers(response)


def test_https_is_pinned_when_served_over_it_and_only_then(db_url, tmp_path, client, make_user):
    # Found (sessions audit, 4 December): with SESSION_COOKIE_SECURE=1 the site said nothing of HTTPS, so
    # a phone that typed the address on a café's Wi-Fi asked over plain HTTP first, where a stripping
    # proxy could keep it (and read the password typed into the login page it served).
    assert "Strict-Transport-Security" not in client.get("/login").headers  # plain HTTP: nothing to pin
    app = create_app({"DATABASE_URL": db_url, "INSTANCE_PATH": str(tmp_path / "i"), "SESSION_COOKIE_SECURE": True,
                      "SECRET_KEY": os.urandom(8).hex()})
    try:
        make_user("viewer1", "viewer")
        secure = app.test_client()
        for response in (secure.get("/login", base_url="https://localhost"),
                         secure.get("/static/app.css", base_url="https://localhost"),
                         secure.get("/nowhere", base_url="https://localhost")):
            assert response.headers["Strict-Transport-Security"] == "max-age=31536000", response.status
    finally:
        app.extensions["incidents.db"].engine.dispose()


def test_each_header_is_sent_once_and_a_views_own_is_kept(client):
    # The headers are added only where the response has none of the name (HEADERS_AT_ONCE): a view's own
    # Cache-Control (the service worker's no-cache) stays, and none is sent twice. A static file is cacheable.
    names = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options",
             "Cross-Origin-Opener-Policy", "Cache-Control")
    worker, page, static = client.get("/sw.js"), client.get("/login"), client.get("/static/app.css")
    for response in (worker, page):
        assert_security_headers(response)
        assert all(len(response.headers.getlist(name)) == 1 for name in names), list(response.headers)
    assert worker.headers["Cache-Control"] == "no-cache" and page.headers["Cache-Control"] == "no-store"
    assert_security_headers(static)
    assert "no-store" not in static.headers.get("Cache-Control", "")
