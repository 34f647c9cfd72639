"""Token login for the API: `Authorization: Bearer <token>` authenticates alone, cookies ignored.

A token opens the API (TOKEN_PATHS) and a GET of the downloads marked `downloads.token_reads` (a script's data),
nothing else: a page, a form, the API's reference page or the phone's own JSON (/offline/me hands out a CSRF
token for a browser's session) asked with a token alone is not logged in.

A bearer request needs no CSRF token: CSRF is a browser sending cookies on another site's
behalf, and no browser attaches an Authorization header to a cross-site request by itself.
Browser sessions keep needing CSRF on every write, under /api/ as everywhere.
"""

from __future__ import annotations

import copy
from typing import Any

from flask import Flask, Request, Response, abort, current_app, g, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFError, CSRFProtect
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy.orm import Session

from incidents.auth import held, tokens
from incidents.auth.models import User
from incidents.db import now_utc
from incidents.downloads import TOKEN_READS
from incidents.fetched import in_background
from incidents.request_db import hold_login, load_identity

# What a personal token opens: the API, not the pages (a token is a script's, a page is a person's).
TOKEN_PATHS = "/api/v1/"


def bearer_token(req: Request | None = None) -> str | None:
    """The token of an `Authorization: Bearer ...` header (possibly empty), or None if there is none."""
    header = (req or request).headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def token_route(req: Request | None = None) -> bool:
    """Whether the request is one a token opens: the API, or a GET of a download marked for scripts."""
    req = req or request
    if req.path.startswith(TOKEN_PATHS):
        return True
    if req.method not in ("GET", "HEAD") or req.url_rule is None or req.url_rule.endpoint is None:
        return False
    return bool(getattr(current_app.view_functions.get(req.url_rule.endpoint), TOKEN_READS, False))


class _CookieSession(SecureCookieSession):
    """Flask's cookie session, with what its cookie held when the request came (save_session compares)."""

    arrived: dict[str, Any] | None = None


class TokenAwareSessionInterface(SecureCookieSessionInterface):
    """Flask's cookie sessions, except that a bearer request neither reads nor sets the cookie."""

    session_class = _CookieSession
    # SIGNER_ONCE: the keys last signed with, and their serializer.
    _signer: tuple[tuple[Any, ...], URLSafeTimedSerializer | None] | None = None

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """SIGNER_ONCE: Flask's serializer for the app's keys, built once per set of keys rather than twice a request.

        Building one dumps an empty dict to learn its kind (itsdangerous' is_text_serializer): 12 µs each, opened
        and saved, ~1% of a form's POST (benches/ingest_profile.py --via form, 7 December, night). The keys are
        read every time, so a rotated SECRET_KEY (or its fallbacks) gets a serializer of its own.
        """
        keys = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        kept = self._signer
        if kept is None or kept[0] != keys:
            kept = self._signer = (keys, super().get_signing_serializer(app))
        return kept[1]

    def open_session(self, app: Flask, req: Request) -> Any:
        """An empty session for a bearer request: the token alone says who is asking."""
        if bearer_token(req) is not None:
            return self.session_class()
        opened = super().open_session(app, req)
        if isinstance(opened, _CookieSession):
            # What the cookie held, for save_session's "written back as it came?" (a copy: ~3 µs). Read again from the
            # cookie there, it was ~5% of a form's POST (unsigned and parsed twice; 7 December, late, --via form).
            opened.arrived = copy.deepcopy(dict(opened))
        return opened

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        """No Set-Cookie on a bearer request (a token client is never handed a session) nor a fetch without a login."""
        if bearer_token() is not None:
            # Nor any other cookie a hook may have set: this runs after every hook.
            response.headers.remove("Set-Cookie")
            return
        if in_background() and not getattr(g.get("_login_user"), "is_authenticated", False):
            # The service worker keeps the report forms fresh: a fetch in flight as the person logged out and in
            # again in another tab was sent on to the login page, whose new anonymous cookie (or a flash read and
            # the cookie cleared), landing after the login's, logged them out again; so did one whose login had
            # ended, marked not fresh from a new network. Nothing fetched in the background without a live login
            # (none, an ended one, or none looked up: nothing of the login's was written) needs a cookie.
            return
        if session.modified and session == getattr(session, "arrived", None):  # the cookie as it came
            # A session written back as it was (Flask-Login's session protection did so to every anonymous one until
            # it was turned off, web.py): the login page's cookie went out again, unchanged, on each answer, and a
            # page asked while logged out and answered after a login in another tab (a slow network: the service
            # worker had shown its kept copy) put it back over the login's. An answer sets the cookie only when what
            # it holds has changed.
            return
        super().save_session(app, session, response)


def load_token_user(req: Request) -> User | None:
    """Flask-Login's request loader: the active owner of a valid bearer token, else None."""
    plaintext = bearer_token(req)
    if not plaintext or not token_route(req):
        return None  # a page asked with a token alone: not logged in (and the token not even looked up)
    now = now_utc()
    found: dict[str, Any] = {}

    def load(session: Session) -> User | None:
        # Token and owner in one SELECT, where the login loads a user (request_db.load_identity): on SQLite a
        # POST's write lock still waits for its view, and a GET with a token stays a read.
        login = tokens.authenticate_token(session, plaintext, now)
        if login is None:
            return None
        found["id"] = login.token_id
        found["stale"] = login.last_used_at is None or login.last_used_at < now - tokens.LAST_USED_EVERY
        return login.user

    user = load_identity(load)
    if user is None or not user.active:
        return None
    hold_login(tokens.held(user, found["id"]))
    if found["stale"]:
        with current_app.extensions["incidents.db"].transaction() as write:
            tokens.touch(write, found["id"], now)
    g.api_token_id = found["id"]
    return user


def _form_judges_its_token() -> bool:
    """Whether a stale CSRF token is left to the view's own form: shown again with the values sent, or held."""
    # A report typed in the field, sent after a login in another tab made its page's token stale, was lost to a
    # page saying "reload", which cleared it. Logged in: only a plain form post (a cross-site post carries no cookie,
    # SameSite=Lax: refused here as before; the outbox takes a fresh token itself). Logged out in this browser since
    # its page was made: the form goes on to the login, to be held there for that account (auth/held.py).
    if not getattr(current_app.view_functions.get(request.endpoint or ""), "reshows_when_expired", False):
        return False
    if not current_user.is_authenticated:
        return held.sent_before_logout()
    return request.mimetype in held.FORMS and not request.headers.get("X-Outbox")


def init_app(app: Flask, csrf: CSRFProtect, login_manager: LoginManager) -> None:
    """Install token login, the per-request CSRF rule and the cookie-less session for bearer requests.

    Call before any other before_request hook: the CSRF check must run first, as Flask-WTF's does.
    """
    app.session_interface = TokenAwareSessionInterface()
    login_manager.request_loader(load_token_user)
    # Flask-WTF checks every write by default; we check here instead, skipping bearer requests only.
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False

    @app.before_request
    def _csrf_unless_bearer() -> None:
        if not app.config.get("WTF_CSRF_ENABLED", True) or (bearer_token() is not None and token_route()):
            return
        if request.path.startswith("/api/") and not current_user.is_authenticated:
            return  # no session to forge: the login check answers 401, the API's word for "who are you?"
        try:
            csrf.protect(apply_exemptions=True)
        except CSRFError:
            if not _form_judges_its_token():
                raise

    @app.before_request
    def _token_login() -> None:
        if bearer_token() is None or not token_route():
            return
        user = load_token_user(request)
        if user is None:
            # An unknown, revoked or expired token is refused at once, even on a public route:
            # a client must learn its token is dead, not be served as anonymous.
            abort(401)
        # TOKEN_LOGIN_DIRECT: the owner goes where Flask-Login keeps the request's user (what its request loader
        # leads to), without its walk to the loader (the cookie's id, the remember cookie, two signals): the same
        # user, the same one SELECT. ~35 µs of CPU an API request (docs/performance.md, "7 December, evening").
        g._login_user = user
