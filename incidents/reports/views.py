"""Report pages: log a report of any kind (create_views), read one with its history (show_views), edit it
(optimistic lock) and verify / send back / retract / restore it (edit_views), on one blueprint (blueprint.py);
what the form pages share is form_pages.py. Here: the blueprint registered by the app, and what every page's
templates read (the new-report link, reports sent back, units). What the pages show beside the forms is display.py;
the list, its downloads and bulk actions list_views.py; the questions a form asks before saving doubts.py.
"""

from __future__ import annotations

from typing import Any

from flask import g, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from incidents.auth.permissions import REPORT, allows
from incidents.events.models import Event
from incidents.reports import create_views, edit_views, services, show_views
from incidents.reports.blueprint import bp as bp
from incidents.reports.display import translate
from incidents.reports.form_pages import all_errors as all_errors  # read by the API's report routes
from incidents.reports.form_pages import event_or_404 as event_or_404  # read by the list and zero-report pages
from incidents.reports.form_pages import scope_problems as scope_problems
from incidents.reports.forms import UNITS
from incidents.request_db import request_session

# The page modules add their routes to bp as they are imported (above).
PAGES = (create_views, show_views, edit_views)


@bp.app_context_processor
def _report_helpers() -> dict[str, Any]:
    def user_can(permission: str) -> bool:
        return bool(current_user and current_user.is_authenticated and allows(current_user.role, permission))

    link = None
    if user_can(REPORT) and request.endpoint not in ("reports.start", "reports.choose_kind", "reports.create"):
        link = {"url": url_for("reports.start"), "label": "＋ " + _("New report")}
    return {"user_can": user_can, "report_link": link}


@bp.app_context_processor
def _returned() -> dict[str, Any]:
    def returned_reports(event: Event) -> dict[str, Any] | None:
        """The user's reports of this event sent back to them: how many, and the list of them."""
        if not (current_user and current_user.is_authenticated and allows(current_user.role, REPORT)):
            return None
        if "returned_counts" not in g:
            g.returned_counts = services.returned_counts(request_session(), current_user.id)
        count = g.returned_counts.get(event.id)
        if not count:
            return None
        # To the list itself: on a phone the open filters above it fill the first screen.
        return {"count": count, "url": url_for("report_list.event_list", event_id=event.id, status="returned",
                                               reporter=current_user.id, _anchor="reports")}

    return {"returned_reports": returned_reports}


@bp.app_context_processor
def _units() -> dict[str, Any]:
    return {"report_units": UNITS}


@bp.app_template_filter("message")
def _message_filter(message: Any) -> str:
    return translate(message)

