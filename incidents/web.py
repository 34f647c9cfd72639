"""Web wiring: extensions, locale, login enforcement, security headers, template helpers."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from flask import Flask, Response, abort, g, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import Babel
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFProtect

from incidents import inputs
from incidents.db import request_session

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
    "incidents.reports.api",
    "incidents.timelines.views",
    "incidents.briefs.views",
    "incidents.audit.views",
]

# Content-Security-Policy: no inline script, nothing from other sites, never framed.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def select_locale() -> str:
    """The user's choice (session, then account), else zh-CN: Chinese readers first."""
    chosen = session.get("lang")
    if chosen in ("zh", "en"):
        return chosen
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
    app.config["BABEL_DEFAULT_LOCALE"] = "zh"
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    # Before any blueprint: every <int:...> in a URL is an id within the column's range, else 404.
    app.url_map.converters["int"] = inputs.IdConverter
    app.json = inputs.GuardedJSONProvider(app)

    @login_manager.user_loader
    def _load_user(session_id: str) -> User | None:
        # "id:session_version": a cookie issued before the version was raised no longer loads.
        user_id, _, version = session_id.partition(":")
        if not (user_id.isdigit() and version.isdigit()):
            return None
        user = request_session().get(User, int(user_id))
        if user is None or not user.active or user.session_version != int(version):
            return None
        return user

    for name in BLUEPRINTS:
        module = importlib.import_module(name)
        app.register_blueprint(module.bp)

    @app.before_request
    def _refuse_nul() -> None:
        if request.endpoint != "static":
            inputs.refuse_nul(request.args, request.form)

    @app.before_request
    def _require_login() -> ResponseReturnValue | None:
        # Every route is protected unless marked public: new routes are born safe.
        if request.endpoint is None or request.endpoint == "static":
            return None
        view = app.view_functions.get(request.endpoint)
        if getattr(view, "is_public", False) or current_user.is_authenticated:
            return None
        if request.path.startswith("/api/"):
            abort(401)
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))

    @app.after_request
    def _security_headers(response: Response) -> Response:
        for header, value in SECURITY_HEADERS.items():
            response.headers.setdefault(header, value)
        if request.endpoint != "static":
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    formatting.init_app(app)
    _register_errors(app)

    @app.context_processor
    def _event_links() -> dict[str, Callable[[Event], list[dict[str, str]]]]:
        def event_links(event: Event) -> list[dict[str, str]]:
            from flask_babel import gettext as _

            labels = {"reports.event_list": _("Reports"), "timelines.show": _("Restoration timeline"),
                      "briefs.index": _("Daily briefs")}
            return [{"url": url_for(endpoint, event_id=event.id), "label": label}
                    for endpoint, label in labels.items() if endpoint in app.view_functions]
        return {"event_links": event_links}


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


def _register_errors(app: Flask) -> None:
    """Every HTTP error gets the same page (and the same security headers)."""
    from flask import render_template
    from flask_babel import gettext as _
    from markupsafe import escape
    from werkzeug.exceptions import HTTPException

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> ResponseReturnValue:
        code = exc.code or 500
        _recover_session(code >= 500)
        try:
            messages = {
                400: _("The request could not be understood."),
                401: _("Please log in."),
                403: _("You are not allowed to do this."),
                404: _("Nothing here."),
                409: _("Someone else changed this first."),
                413: _("What you sent is too large."),
                500: _("Something went wrong on our side; what you sent was not saved. Please try again."),
            }
            message = messages.get(code, exc.description)
            errors = None
            if isinstance(exc, inputs.BadField):
                errors = {exc.field: str(exc.message)}
                message = f"{exc.field}: {exc.message}"
            if request.path.startswith("/api/"):
                return {"error": exc.name, "message": message, **({"errors": errors} if errors else {})}, code
            return render_template("errors/error.html", code=code, title=exc.name, message=message), code
        except Exception:  # noqa: BLE001 - the error page itself failed: a plain page, never a bare 500
            app.logger.exception("the error page failed")
            body = (f"<!doctype html><meta charset=utf-8><title>{code} {escape(exc.name)}</title>"
                    f"<h1>{code} {escape(exc.name)}</h1>")
            response = app.response_class(body, status=code, mimetype="text/html")
            response.headers.update(SECURITY_HEADERS)
            return response
