"""A report's page: every field as honestly as it was reported, its history, its outage's nearest teams."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import current_app, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from incidents.auth.decorators import requires
from incidents.auth.permissions import COORDINATE, READ, REPORT, allows
from incidents.auth.policy import (
    can_attach_to,
    can_edit_report,
)
from incidents.reports.blueprint import bp
from incidents.reports.display import (
    categories,
    field_types,
    history_rows,
    kind_labels,
)
from incidents.reports.form_pages import report_or_404
from incidents.reports.forms import (
    ACTIONS,
    StatusForm,
)
from incidents.reports.models import (
    PowerOutage,
    Report,
    ReportStatus,
)
from incidents.request_db import request_session


def _history_link(report: Report) -> str | None:
    """The generic history page of the audit domain, when it exists."""
    for endpoint in ("audit.history", "audit.entity_history", "audit.show"):
        if endpoint in current_app.view_functions:
            try:
                return url_for(endpoint, entity="reports", entity_id=report.id)
            except Exception:  # noqa: BLE001 - a differently shaped route: show the rows here instead
                return None
    return None


@bp.route("/reports/<int:report_id>")
@requires(READ)
def show(report_id: int) -> ResponseReturnValue:
    """One report, every field as honestly as it was reported, with its history."""
    db = request_session()
    return show_page(db, report_or_404(db, report_id))


def show_page(db: sa.orm.Session, report: Report, status: int = 200) -> ResponseReturnValue:
    """The report's page (a status change refused comes back to it, with its reason, as a 422)."""
    children: list[Report] = list(getattr(report, "updates", []) or getattr(report, "volumes", []) or [])
    return render_template(
        "reports/show.html", report=report, event=report.event, labels=kind_labels(report.kind), children=children,
        actions=ACTIONS,
        types=field_types(report.kind),
        history=history_rows(db, report), history_link=_history_link(report),
        can_edit=can_edit_report(db, current_user, report) and report.status is not ReportStatus.RETRACTED,
        can_retract=can_edit_report(db, current_user, report),
        can_coordinate=allows(current_user.role, COORDINATE) and can_edit_report(db, current_user, report),
        can_report=allows(current_user.role, REPORT), status_form=StatusForm(),
        # An update or a volume for this outage or operation: only where the user may write one.
        can_attach=allows(current_user.role, REPORT) and can_attach_to(db, current_user, report),
        categories={c.code: c for c in categories(db)},
        **_nearest_teams(db, report),
    ), status


def _nearest_teams(db: sa.orm.Session, report: Report) -> dict[str, Any]:
    """An outage's nearest pumping teams under way (now, or at its event's end), by geodesic distance."""
    if not isinstance(report, PowerOutage):
        return {}
    from incidents.maps.services import nearest_teams
    from incidents.timelines.moments import resolved

    at, known = resolved(report.event, None, None)
    return {"teams": nearest_teams(db, report, at, known), "teams_at": at}
