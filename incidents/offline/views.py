"""The installable, offline-first app: the service worker and the icon at the site root, the offline page, the
outbox page, and the JSON a phone caches (who is logged in, which forms to keep, the user's places)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from incidents.auth.decorators import public, requires
from incidents.auth.permissions import READ, REPORT, allows
from incidents.db import now_utc
from incidents.formatting import reader_lang, time_words
from incidents.offline import services
from incidents.reports.models import ReportKind
from incidents.request_db import request_session

bp = Blueprint("offline", __name__)


@cache
def _worker(static: str, templates: str, network_wait_ms: int) -> tuple[str, str]:
    """The service worker's text with its version: a hash of the static files and templates it caches."""
    version = services.files_version([Path(static), Path(templates)])
    text = (Path(static) / "sw.js").read_text(encoding="utf-8")
    return text.replace("__VERSION__", version).replace("__NETWORK_WAIT_MS__", str(network_wait_ms)), version


def _this_worker() -> tuple[str, str]:
    """This app's service worker and version."""
    return _worker(str(current_app.static_folder), str(Path(current_app.root_path).parent / "templates"),
                   int(current_app.config["OFFLINE_NETWORK_WAIT_MS"]))


def version() -> str:
    """The app shell's version (changes whenever a static file or template does)."""
    return _this_worker()[1]


@bp.route("/sw.js")
@public
def service_worker() -> ResponseReturnValue:
    """static/sw.js from the site root, so its scope is the whole site; never cached by the browser itself."""
    text = _this_worker()[0]
    return Response(text, mimetype="text/javascript",
                    headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"})


@bp.route("/favicon.ico")
@public
def favicon() -> ResponseReturnValue:
    """The app's icon where browsers look for it without a page's <link rel=icon> (a PDF, a JSON answer)."""
    return current_app.send_static_file("icons/icon-192.png")


@bp.route("/offline")
@public
def offline_page() -> ResponseReturnValue:
    """What a page that needs the server shows without a network (in Chinese and English; cached)."""
    may_report = current_user.is_authenticated and allows(current_user.role, REPORT)
    return render_template("offline/offline.html", may_report=may_report)


@bp.route("/outbox")
@requires(READ)
def outbox() -> ResponseReturnValue:
    """The reports waiting on this device (static/outbox.js fills it from IndexedDB; cached)."""
    return render_template("offline/outbox.html")


@bp.route("/offline/me")
@requires(READ)
def me() -> ResponseReturnValue:
    """Who is logged in, a fresh CSRF token for sending the outbox, the forms to keep and the places to search."""
    forms: list[str] = []
    if allows(current_user.role, REPORT):
        for event_id in services.form_events(request_session(), current_user, now_utc()):
            forms.append(url_for("reports.choose_kind", event_id=event_id))
            forms += [url_for("reports.create", event_id=event_id, kind=k.value) for k in ReportKind]
    return {"user_id": current_user.id, "name": current_user.display_name, "csrf_token": generate_csrf(),
            "version": version(), "forms": forms, "areas": url_for("offline.areas"),
            "outbox": url_for("offline.outbox")}


@bp.route("/offline/areas")
@requires(READ)
def areas() -> ResponseReturnValue:
    """The places the user may report for, with pinyin initials, for the place picker without a network."""
    english = reader_lang() == "en"
    return {"areas": services.user_areas(request_session(), current_user, english)}


def _strings() -> dict[str, object]:
    """The outbox's words in the page's language (static/outbox.js reads them from the bar)."""
    from flask_babel import gettext as _

    return {
        "waiting": _("%(n)s waiting to be sent", n="{n}"), "refused_n": _("%(n)s refused", n="{n}"),
        "state_waiting": _("Waiting"), "state_sending": _("Sending"), "state_sent": _("Sent"),
        "state_refused": _("Refused"), "open": _("Open the outbox"), "offline": _("Offline"),
        "login": _("Log in again to send them"), "login_link": _("Log in"),
        "other": _("Saved by %(name)s: kept here until %(name)s logs in on this phone", name="{name}"),
        "observed": _("Observed"), "saved": _("Saved on this phone"), "received": _("Received by the server"),
        "report": _("Report #%(id)s", id="{id}"), "fix": _("Fix and send again"), "discard": _("Discard"),
        "discard_confirm": _("Discard this report? It has not been saved on the server."),
        "send_now": _("Send now"), "clear_sent": _("Clear the sent ones"), "empty": _("Nothing is waiting."),
        "stored_offline": _("No network: the report is kept on this phone and will be sent when the network "
                            "returns."),
        "stored_server_trouble": _("The server cannot save reports right now: this one is kept on this phone and "
                                   "will be sent by itself when the server is back."),
        "refused_intro": _("The server refused it: fix the fields below and send it again."),
        "duplicate": _("Yes, this is another report: save it as well"),
        "check": _("Nothing was saved: please check the fields marked below."),
        "to_check": _("To check:"),  # the marked fields named after it (templates/_errors.html to_check)
        "colon": _(": "),  # between a field's name and its message: "时间：…" in Chinese
        # A card's times as every page shows them (formatting.fmt_time): 12月3日 21:43, 3 Dec 21:43.
        "time": time_words(reader_lang()),
    }


@bp.app_context_processor
def _outbox_strings() -> dict[str, object]:
    return {"outbox_strings": _strings, "offline_version": version, "offline_kept": _kept}


def _kept() -> str:
    """The bar's data-kept for the logged-in user (services.kept_mark); empty for no one."""
    if not current_user.is_authenticated:
        return ""
    return services.kept_mark(request_session(), current_user)
