"""A report as JSON sends it: the field dict validate_report takes (the routes are in incidents/api/reports.py).

The parser itself is `reports.payloads.json_data` (shared with edits over the API); this keeps the
create route's import working. A key the kind does not take is refused by name, as an edit refuses it
(`payloads.creatable_fields`: the edit's writable fields, the kind and `reported_at`); a member GET gives
(`payloads.READ_ONLY`) as read from a stored report (`payloads.not_creatable`).
"""

from __future__ import annotations

from typing import Any

from incidents.events.models import Event
from incidents.reports import payloads
from incidents.reports.models import ReportKind

JSON_TIMES = payloads.JSON_TIMES


def json_data(payload: dict[str, Any], event: Event) -> tuple[dict[str, Any], dict[str, Any]]:
    """A create body (its `kind` says which fields) as the field dict validate_report takes, and the
    typing errors, each key the kind does not take among them (kept out of the dict: no rule reads it)."""
    kind = ReportKind(payload["kind"])
    allowed = payloads.creatable_fields(kind)
    body = {name: value for name, value in payload.items() if name in allowed}
    data, found = payloads.json_data(body, event, kind)
    return data, {**found, **payloads.not_creatable(payload, allowed)}
