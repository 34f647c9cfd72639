"""A report form sent by the device's outbox (static/outbox-core.js, header X-Outbox) is answered in JSON, not a page.

The form's path is the same (CSRF, scope, every rule, the one-time token); only the answer differs: the stored
report (201 the first time, 200 for a replay of the same token) or each field's message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import request, url_for
from flask.typing import ResponseReturnValue

from incidents.errors import Message
from incidents.labels import field_label, form_labels
from incidents.limits import MAX_COUNT
from incidents.reports.forms import LABELS, ReportForm
from incidents.reports.messages import (
    A_RANGE,
    AT_MOST,
    CLOCK_NEEDED,
    ESTIMATE,
    FORM_CHANGED,
    NOT_A_CLOCK,
    NOT_A_DAY,
    NOT_A_NUMBER,
    NOT_A_WHOLE_NUMBER,
    OTHER_UNIT,
    REQUIRED_MSG,
    RUNNING_TOTAL,
)
from incidents.reports.models import Report
from incidents.reports.speedups import Added

# What the phone checks before a report goes into its outbox (static/report-outbox.js), in the rules' own words.
# The server stays the authority: these only spare a round trip, and the refusals come back field by field.
CHECKS: dict[str, Message] = {
    "required": REQUIRED_MSG, "whole": NOT_A_WHOLE_NUMBER, "number": NOT_A_NUMBER, "day": NOT_A_DAY,
    "clock": NOT_A_CLOCK, "clock_needed": CLOCK_NEEDED, "negative": Message("must not be negative"),
    "large": Message("is implausibly large (over %(n)s)", n=MAX_COUNT),
    # Its units (%(unit_zh)s or %(unit_en)s) and %(typed)s are filled in on the phone (the input's data-units).
    "unit": OTHER_UNIT,
    "total": RUNNING_TOTAL,  # %(typed)s filled in on the phone
    "estimate": ESTIMATE,  # %(typed)s filled in on the phone
    "at_most": AT_MOST, "range": A_RANGE,  # the same
    # Back to a form kept on the phone and saved again with other values: said as the server says it online.
    "reused": FORM_CHANGED,
}


def wanted() -> bool:
    """Whether the outbox sent this form (it asks for JSON)."""
    return bool(request.headers.get("X-Outbox"))


def quiet() -> bool:
    """Sent from the queue in the background: no flash message waits for a page the user never opened."""
    return request.headers.get("X-Outbox") == "queue"


def saved(report: Report | Added, created: bool) -> ResponseReturnValue:
    """The stored report: where to read it and when the server received it (reported_at)."""
    return {"id": report.id, "created": created, "url": url_for("reports.show", report_id=report.id),
            "reported_at": report.reported_at.isoformat()}, 201 if created else 200


def refused(form: ReportForm, status: int, translate: Callable[[Any], str]) -> ResponseReturnValue:
    """Each field's message (with its label), what has no field, and the report a reused token made."""
    errors = []
    for field in form:
        if field.name in ("token", "version"):
            continue
        for message in field.errors or []:
            errors.append({"field": field.name, "label": str(field.label.text),
                           "message": translate(message)})
    errors += [{"field": "counts", "label": str(LABELS["counts"]), "message": translate(m)} for m in form.count_errors]
    # The token reused with other values is named as the token's error: the client knows which key it sent.
    errors += [{"field": "token" if form.key_reused else key,
                "label": "" if key in form.UNNAMED else field_label(key, {**LABELS, **form_labels(form)}),
                "message": translate(m)} for key, m in form.general_errors]
    reused = form.reused
    return {"errors": errors, "duplicate": form.ask_duplicate, "key_reused": form.key_reused,
            "report": {"id": reused.id, "url": url_for("reports.show", report_id=reused.id)} if reused else None,
            }, 409 if form.key_reused else status


def unsavable(field: str, message: Any, status: int, translate: Callable[[Any], str]) -> ResponseReturnValue:
    """A form no retry can save (a NUL character in a field: 400; a body over the limit: 413), refused as any
    refused form is: the outbox keeps it, shown with the reason, rather than sending it again for ever."""
    return {"errors": [{"field": field, "label": field_label(field, LABELS), "message": translate(message)}],
            "duplicate": False, "key_reused": False, "report": None}, status
