"""A report as JSON sends it: the field dict validate_report takes (the routes are in incidents/api/reports.py).

The parser itself is `reports.payloads.json_data` (shared with edits over the API); this keeps the
create route's import working.
"""

from __future__ import annotations

from typing import Any

from incidents.events.models import Event
from incidents.reports import payloads
from incidents.reports.models import ReportKind

JSON_TIMES = payloads.JSON_TIMES


def json_data(payload: dict[str, Any], event: Event) -> tuple[dict[str, Any], dict[str, Any]]:
    """A create body (its `kind` says which fields) as the field dict validate_report takes, and typing errors."""
    return payloads.json_data(payload, event, ReportKind(payload["kind"]))
