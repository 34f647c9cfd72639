"""Web wiring: extensions, locale, login enforcement, security headers, template helpers."""

from __future__ import annotations

import importlib
import mimetypes
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from flask import (
    Flask,
    Response,
    abort,
    g,
    get_flashed_messages,
    has_request_context,
    redirect,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import Babel
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import Conflict, HTTPException

from incidents import compression, inputs, request_bodies
from incidents.api import declared, problems
from incidents.auth import held, signins
from incidents.auth.views import SIGN_IN, SIGNED_IN_AT
from incidents.db import LoginChanged
from incidents.downloads import asked_lang, keep_asked_lang
from incidents.fetched import in_background
from incidents.forms import day_shown
from incidents.labels import error_heading
from incidents.reports import answers
from incidents.reports.display import refusal_said, translate
from incidents.request_db import hold_login, load_identity, release_login

if TYPE_CHECKING:
    from incidents.events.models import Event

csrf = CSRFProtect()
babel = Babel()
login_manager = LoginManager()

# Each domain's views module exposes `bp`; registered in this order.
BLUEPRINTS = [
    "incidents.auth.views",
    "incidents.events.views",
    "incidents.areas.views",
    "incidents.reports.views",
    "incidents.reports.list_views",
    "incidents.reports.zero_views",
    "incidents.timelines.views",
    "incidents.timelines.group_views",
    "incidents.maps.views",
    "incidents.briefs.views",
    "incidents.distribution.views",
    "incidents.audit.views",
    "incidents.imports.views",
    "incidents.ops.views",
    "incidents.auth.token_views",
    "incidents.auth.signin_views",
    "incidents.offline.views",
    # The JSON API (wiring over the domains): its pages, then each domain's routes.
    "incidents.api.views",
    "incidents.api.events",
    "incidents.api.areas",
    "incidents.api.reports",
    "incidents.api.report_reads",
    "incidents.api.report_edits",
    "incidents.api.timelines",
    "incidents.api.maps",
    "incidents.api.briefs",
]

# Content-Security-Policy: no inline script, nothing from other sites, never framed.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def _head_as_its_get() -> None:
    """Answer a HEAD as its GET, without the body (RFC 9110 §9.3.2): the same status, nothing written."""
    # The views branch on GET, so a HEAD fell into their POST branch: every form page answered 400, and HEAD
    # /lang/en switched the language with no CSRF check (CSRFProtect checks no HEAD; tests/security/
    # test_head_is_its_get.py). Werkzeug leaves the body out by the environ's method, which stays HEAD (so does
    # the request log's line).
    if request.method == "HEAD":
        request.method = "GET"


def content_security_policy(tile_url: str | None) -> str:
    """The CSP: images from the tile server's origin too, only when a tile URL is set."""
    if not tile_url:
        return CSP
    from incidents.config import tile_origin

    return CSP.replace("img-src 'self' data:;", f"img-src 'self' data: {tile_origin(tile_url)};")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}

# Sent only when SESSION_COOKIE_SECURE says the site is served over HTTPS.
HSTS = "max-age=31536000"

# Pages under /api/ that people read in the browser, in the interface's language (not Accept-Language).
PAGES_FOR_PEOPLE = frozenset({"/api/docs"})


def _outlived(signed_in_at: Any, hours: int) -> bool:
    """Whether a login made at `signed_in_at` (epoch seconds; absent in a session from before) is over `hours` old."""
    return not isinstance(signed_in_at, int) or time.time() - signed_in_at > hours * 3600


def _script_with_a_token() -> bool:
    """A token sent where it opens nothing, by a script (no page asked for): a 401, not the login page."""
    from incidents.api.auth import bearer_token

    return bearer_token() is not None and "text/html" not in request.accept_mimetypes.values()


def _coming_back() -> str:
    """The address the login sends the person back to: this one, less any parameter that may hold a credential.

    A token put in a download's query string (?access_token=il_…) opens nothing, but copied into next= it went
    into the Location header, the login page's form and every log and history those pass through.
    """
    from incidents.auth.tokens import drop_credentials

    sent = request.query_string.decode("utf-8", "replace")
    kept = drop_credentials(sent)
    if kept == sent:
        return request.full_path.rstrip("?")
    return request.path + (f"?{kept}" if kept else "")


def select_locale() -> str:
    """A download's ?lang=, the user's choice (session, then Accept-Language under /api/, then account), else zh."""
    # A script's ?lang=en got its file in English and its refusals (a bad parameter, a format, a 404) in Chinese.
    asked = asked_lang() if has_request_context() else None
    if asked:
        return asked
    chosen = session.get("lang")
    if chosen in ("zh", "en"):
        return chosen
    if (has_request_context() and problems.is_api_request() and request.path not in PAGES_FOR_PEOPLE
            and request.accept_languages):
        # An API client states its language per request; a browser's explicit switch (above) wins.
        # The API's reference page is a page of the site: it reads like the pages around it.
        asked = request.accept_languages.best_match(["zh", "en"])
        if asked:
            return asked
    if g.get("_db_failed"):
        return "zh"  # an error page after a failed database session must not load the user
    if current_user and current_user.is_authenticated and current_user.locale in ("zh", "en"):
        return current_user.locale
    return "zh"


def select_timezone() -> str:
    """Times are shown in the event's zone when a page is about one, else Asia/Shanghai."""
    return g.get("display_tz", "Asia/Shanghai")


def _translation_dirs() -> str:
    root = Path(__file__).parent
    dirs = [root / "translations", *sorted(root.glob("*/translations"))]
    return ";".join(str(p) for p in dirs if p.is_dir())


def init_app(app: Flask) -> None:
    """Attach extensions, blueprints, hooks and template helpers to the app."""
    from incidents import formatting
    from incidents.auth.models import User

    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", _translation_dirs())
    mimetypes.add_type("application/manifest+json", ".webmanifest")
    app.config["BABEL_DEFAULT_LOCALE"] = "zh"
    compression.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.url_defaults(keep_asked_lang)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    # None: a login is a permanent session marked not fresh from its start (auth/views._log_in), where Flask-Login's
    # protection only marks it not fresh again; its one other effect, on the anonymous session, was to clear a
    # remember cookie the product never issues (a stray Set-Cookie on every answer to someone logged out).
    login_manager.session_protection = None
    # Bearer tokens, and CSRF for every write but theirs: before every other request hook.
    from incidents.api import auth as api_auth

    api_auth.init_app(app, csrf, login_manager)
    # Before any blueprint: every <int:...> in a URL is an id within the column's range, else 404.
    app.url_map.converters["int"] = inputs.IdConverter
    app.json = inputs.GuardedJSONProvider(app)

    @login_manager.user_loader
    def _load_user(session_id: str) -> User | None:
        # "id:session_version": a cookie issued before the version was raised no longer loads, nor
        # one whose sign-in (this device's login) has ended.
        user_id, _, version = session_id.partition(":")
        key = session.get(SIGN_IN)
        if not (user_id.isdigit() and version.isdigit()):
            return None
        user = (load_identity(lambda db: signins.signed_in_user(db, int(user_id), key))
                if isinstance(key, str) else None)
        if user is None or not user.active or user.session_version != int(version):
            g.session_ended = True  # the login page then says why, rather than only "log in"
            return None
        if _outlived(session.get(SIGNED_IN_AT), app.config["SESSION_LIFETIME_HOURS"]):
            # A copied cookie must not work for ever: a session ends a while after its login.
            g.session_expired = True
            return None
        hold_login(signins.held(user, str(key)))
        return user

    for name in BLUEPRINTS:
        module = importlib.import_module(name)
        app.register_blueprint(module.bp)

    # Its form parser says why a multipart body was read as no form (request_bodies.FormParser).
    app.request_class = request_bodies.FormRequest
    # First of all: CSRF's check reads request.form, which consumes the raw body this guard reads.
    app.before_request_funcs.setdefault(None, []).insert(0, request_bodies.refuse_bad_text)
    app.before_request_funcs[None].insert(0, _head_as_its_get)

    @app.before_request
    def _require_login() -> ResponseReturnValue | None:
        # Every route is protected unless marked public: new routes are born safe.
        if request.endpoint is None or request.endpoint == "static":
            return None
        view = app.view_functions.get(request.endpoint)
        if getattr(view, "is_public", False) or current_user.is_authenticated:
            return None
        if problems.is_api_request() or request.headers.get("X-Outbox") or _script_with_a_token():
            abort(401)  # a script (the API, the outbox sending) is told, not sent to the login page
        # Why, said in the address and not flashed: a flash writes the session cookie, and a request
        # still in flight with the old cookie (a phone's background fetch) would put it back over the
        # one a password change had just set, logging the person out.
        why = "ended" if g.get("session_ended") else "expired" if g.get("session_expired") else None
        # A report typed without JavaScript (no outbox) met the end of its sign-in: kept (a row, its handle in the
        # cookie), past CSRF already, for its author's login; never in the address (next= is a log line), never
        # replayed. One that could not be kept is said in the address, as why is: nothing of the form in it.
        kept = not (request.method == "POST" and getattr(view, "reshows_when_expired", False)) or held.hold()
        return redirect(url_for("auth.login", next=_coming_back(), why=why, kept=None if kept else "no"))

    app.before_request(request_bodies.page_takes_a_form)

    @app.before_request
    def _api_request_declared() -> None:
        # Query parameters and preconditions the operation does not read are refused, never ignored; after the
        # login check, so a script without a token is told 401 first.
        view = app.view_functions.get(request.endpoint or "")
        declared.refuse_parameters_not_declared(view)
        declared.refuse_preconditions_not_read(view)

    headers = {**SECURITY_HEADERS, "Content-Security-Policy": content_security_policy(app.config.get("MAP_TILE_URL"))}
    if app.config.get("SESSION_COOKIE_SECURE"):
        # Served over HTTPS: browsers come back over it for a year, never first over plain HTTP, where a
        # stripping proxy on a field worker's Wi-Fi could serve its own login page. No includeSubDomains:
        # the office's other hosts are not ours to pin.
        headers["Strict-Transport-Security"] = HSTS

    wanted = [(header.lower(), header, value) for header, value in headers.items()]

    @app.after_request
    def _security_headers(response: Response) -> Response:
        # HEADERS_AT_ONCE: the names the response has read in one pass, then the missing ones added in order, as
        # a setdefault each did, scanning every header each time: 47–52 → 20–22 µs CPU an API create, with
        # Flask-Compress's hook after it 64–71 → 45–48 (benches/request_hooks.py, as FORM_ONLY's figures).
        present = {header.lower() for header, _value in response.headers}
        missing = [(header, value) for lower, header, value in wanted if lower not in present]
        if "cache-control" not in present and request.endpoint != "static":
            missing.append(("Cache-Control", "no-store"))
        response.headers.extend(missing)
        if "location" in present:
            _location_a_path(response)
        return response

    formatting.init_app(app)
    _register_errors(app)

    def messages_for_a_page(with_categories: bool = False, category_filter: Any = ()) -> Any:
        """The flashed messages, for a page a person opens; a fetched one leaves them where they are."""
        # "报告已保存" waits for the report's page: the forms the service worker keeps, fetched between the save and
        # that page, took it (a cookie set), the kept copy saying it offline later and the page saying nothing.
        if in_background():
            return []
        return get_flashed_messages(with_categories, category_filter)

    app.jinja_env.globals["get_flashed_messages"] = messages_for_a_page
    app.jinja_env.globals["day_shown"] = day_shown
    held.init_app(app)  # every page names a form held for its login on this browser, not yet saved

    @app.context_processor
    def _event_links() -> dict[str, Callable[[Event], list[dict[str, str]]]]:
        def event_links(event: Event) -> list[dict[str, str]]:
            from flask_babel import gettext as _

            labels = {"report_list.event_list": _("Reports"), "timelines.show": _("Restoration timeline"),
                      "maps.show": _("Map"),
                      "briefs.index": _("Daily briefs"), "imports.reports": _("Import")}
            from flask_login import current_user

            from incidents.auth.permissions import REPORT, allows

            # The import page is for those who may report; the others would only meet a 403.
            may_import = current_user.is_authenticated and allows(current_user.role, REPORT)
            return [{"url": url_for(endpoint, event_id=event.id), "label": label}
                    for endpoint, label in labels.items() if endpoint in app.view_functions
                    and (endpoint != "imports.reports" or may_import)]
        return {"event_links": event_links}


def _location_a_path(response: Response) -> None:
    """A Location built from the request's own Host (Werkzeug's redirect of /events//1) made the path it names.

    `Host: evil.com` (or X-Forwarded-Host behind a proxy) was sent to http://evil.com/events/1: a permanent redirect
    a shared cache may keep for everyone. Every Location the product writes itself is a path already.
    """
    parts = urlsplit(response.headers["Location"])
    if parts.netloc and parts.netloc == request.host:
        path = "/" + parts.path.lstrip("/")  # never //…, which a browser reads as another host
        response.headers["Location"] = urlunsplit(("", "", path, parts.query, parts.fragment))


def _recover_session(server_error: bool) -> None:
    """Make the error page independent of the request's database session.

    The session is rolled back (a failed flush leaves it unusable). After a server error the
    page does not load the user at all: the database may be what failed.
    """
    db = g.get("_db_session")
    failed = server_error
    if db is not None:
        try:
            db.rollback()
        except Exception:  # noqa: BLE001 - a broken connection: drop the session, render without it
            g.pop("_db_session", None)
            failed = True
    if failed:
        g._db_failed = True
        g._login_user = login_manager.anonymous_user()


class InsufficientStorage(HTTPException):
    """507: the database could not write for lack of disk space (werkzeug has no class for it)."""

    code = 507


class AccountChanged(Conflict):
    """409: the account's role, areas or sign-in changed while the request waited to write (db.LoginChanged)."""


def database_trouble(exc: Exception) -> int | None:
    """503 when the database cannot be reached (or dropped the connection), 507 when its disk is full, else None.

    Any other database error (a constraint, a bug in a query) stays a 500: it will not go away by retrying.
    """
    import sqlalchemy as sa

    if not isinstance(exc, sa.exc.DBAPIError):
        return None
    text = str(exc.orig).lower()
    # SQLite says "database or disk is full" (SQLITE_FULL); PostgreSQL's disk_full is SQLSTATE 53100.
    if "disk is full" in text or "no space left" in text or getattr(exc.orig, "sqlstate", None) == "53100":
        return 507
    if isinstance(exc, sa.exc.OperationalError) or exc.connection_invalidated:
        return 503
    return None


def _some_rule_matches(app: Flask, exc: Any) -> bool:
    """Whether a 405 is real: some rule serves this path with another method.

    With GET and PATCH on one path as two rules, an id out of range fails one rule's converter
    and the other's method, and werkzeug says 405 where no record could ever be: that is a 404.
    """
    adapter = app.create_url_adapter(request)
    for method in exc.valid_methods or ():
        try:
            adapter.match(method=method)  # type: ignore[union-attr]
        except HTTPException:
            continue
        return True
    return False


def _register_errors(app: Flask) -> None:
    """Every HTTP error gets the same page (and the same security headers); under /api/ a problem (RFC 9457)."""
    import sqlalchemy as sa
    from flask import render_template
    from flask_babel import gettext as _
    from flask_wtf.csrf import CSRFError
    from markupsafe import escape
    from werkzeug.exceptions import MethodNotAllowed, NotFound, ServiceUnavailable

    @app.errorhandler(sa.exc.DBAPIError)
    def _database_error(exc: sa.exc.DBAPIError) -> ResponseReturnValue:
        # A database restart or a full disk is the operator's to fix, and nothing was saved: say so
        # (503/507 with a message, the page or JSON as for any error), never a bare 500.
        code = database_trouble(exc)
        if code is None:
            raise exc  # as if unhandled: logged with its traceback, the 500 page
        app.logger.warning("database unavailable (%s): %s", code, (str(exc.orig).strip().splitlines() or [""])[0])
        # First, before any gettext: choosing the locale must not load the user from the lost database.
        _recover_session(True)
        if code == 507:
            return _http_error(InsufficientStorage(_("The server's disk is full: what you sent was not saved. "
                                                     "Please tell the administrator.")))
        response = app.make_response(_http_error(ServiceUnavailable(_(
            "The database cannot be reached right now: what you sent was not saved. "
            "Please try again in a moment."))))
        response.headers["Retry-After"] = "5"
        return response

    @app.errorhandler(LoginChanged)
    def _login_changed(_exc: LoginChanged) -> ResponseReturnValue:
        release_login()
        # Judged by the account as it now stands the request might be refused, or not: nothing was written, and
        # sent again it is judged afresh (the outbox sends again a 409 that is a page, not a refused form).
        return _http_error(AccountChanged(_(
            "Your account was changed while this was being saved (its role, its areas or its sign-in): "
            "nothing was saved. Send it again.")))

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> ResponseReturnValue:
        if isinstance(exc, MethodNotAllowed) and not _some_rule_matches(app, exc):
            exc = NotFound()
        code = exc.code or 500
        _recover_session(code >= 500)
        try:
            if problems.is_api_request():
                return problems.from_http_exception(exc)
            messages = {
                400: _("The request could not be understood."),
                401: _("Please log in."),
                403: _("You are not allowed to do this."),
                404: _("Nothing here."),
                409: _("Someone else changed this first."),
                413: _("What you sent is too large."),
                500: _("Something went wrong on our side; what you sent was not saved. Please try again."),
            }
            message = exc.description if isinstance(exc, AccountChanged) else messages.get(code, exc.description)
            limit = request.max_content_length if code == 413 else None
            if limit:  # which size would pass: 64 MB for an import's file, 2 MB for any other form
                megabytes = format(limit / 2**20, "g")
                message = _("What you sent is too large: at most %(mb)s MB. Nothing was saved.", mb=megabytes)
            if isinstance(exc, CSRFError):  # a form sent after its login ended, or from a page kept open for hours
                message = (_("Your login has ended: log in again and do it once more (nothing was saved).")
                           if not current_user.is_authenticated else
                           _("This page has expired: reload it and do it once more (nothing was saved)."))
            elif isinstance(exc, MethodNotAllowed):  # a form's address opened as a page (a bookmark, the history)
                message = _("This address cannot be opened directly: go back to the page and use its button.")
            if answers.wanted() and request.method == "POST" and (isinstance(exc, inputs.BadField) or code == 413):
                # The outbox's form (X-Outbox): answered as a refused form, never a page it would retry for ever.
                field = exc.field if isinstance(exc, inputs.BadField) else "body"
                return answers.unsavable(field, exc.message if isinstance(exc, inputs.BadField) else message, code,
                                         translate)
            if isinstance(exc, inputs.NAMED):  # the API's problem keeps the key
                message = refusal_said(exc.field, exc.message)
            # When to come back (503) and what is allowed (405) hold for a person's page as for the API.
            kept = {k: v for k, v in exc.get_headers() if k in ("Retry-After", "Allow")}
            # A page's filter refused (400 日期：…): the same page without its query is the way back.
            retry = request.path if code == 400 and request.method == "GET" and request.query_string else None
            return (render_template("errors/error.html", heading=error_heading(code, exc.name), message=message,
                                    retry=retry),
                    code, kept)
        except Exception:  # noqa: BLE001 - the error page itself failed: a plain page, never a bare 500
            app.logger.exception("the error page failed")
            body = (f"<!doctype html><meta charset=utf-8><title>{code} {escape(exc.name)}</title>"
                    f"<h1>{code} {escape(exc.name)}</h1>")
            response = app.response_class(body, status=code, mimetype="text/html")
            response.headers.update(SECURITY_HEADERS)
            return response
