"""reports/validation.py split by concept (fields.py, values.py, event_window.py): every name callers took from
validation.py is still importable from it, and is the very object its new home holds (one rule, not a copy)."""

from __future__ import annotations

import importlib

from incidents.reports import validation

HOMES = {
    "incidents.reports.fields": ("COMMON", "COUNT", "COUNT_UNITS", "DAY", "FIELDS", "FLAG", "LB_FIELDS",
                                 "MAX_MASS_KG", "ONE_LINE", "PRECISION_FIELDS", "REF", "REQUIRED", "TEXT",
                                 "TEXT_LIMITS", "TIME", "required_fields"),
    "incidents.reports.values": ("CONTROL_CHARS", "_l", "check_reason", "check_text", "text_problem",
                                 "_check_time_once"),
    "incidents.reports.event_window": ("EventFrame", "LEAD_TIME", "check_reported_at", "reported_at_problem"),
}


def test_every_name_callers_import_from_validation_is_still_there():
    for module, names in HOMES.items():
        home = importlib.import_module(module)
        for name in names:
            assert getattr(validation, name) is getattr(home, name), (module, name)
    for name in ("validate_report", "lookup", "LOANED", "_within_event", "OUTSIDE_EVENT"):
        assert hasattr(validation, name), name
