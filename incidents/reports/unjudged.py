"""A report some of whose fields failed their own check: the rules between fields judge what the others allow.

validate_report (validation.py) runs the rules of kind_rules.py and event_window.py once more on a report whose
fields did not all pass, so one answer names every error that can be known (a form sent from a phone in the
rain, an API client, an import's row). A rule reading a field that failed cannot be judged: reading it from
`Parsed` raises `Unjudged`, and the caller skips that rule. A valid report's clean values are a plain dict:
nothing here is on its path.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from incidents.reports.fields import LB_FIELDS, PRECISION_FIELDS


class Unjudged(Exception):
    """A rule read a field that failed its own check: it cannot be judged, and is skipped."""


class Parsed(dict[str, Any]):
    """The clean values of the fields that passed; reading one that failed raises Unjudged."""

    def __init__(self, clean: dict[str, Any], failed: Collection[str]) -> None:
        super().__init__(clean)
        self.failed = failed_with_companions(failed)

    def __getitem__(self, key: str) -> Any:
        if key in self.failed:
            raise Unjudged(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        if key in self.failed:
            raise Unjudged(key)
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        if key in self.failed:
            raise Unjudged(key)
        return super().__contains__(key)


def failed_with_companions(failed: Collection[str]) -> frozenset[str]:
    """The failed fields and what goes with each: a time's precision, a count's "more than" flag and the count
    beside a failed flag (the pair is read as one)."""
    names = set(failed)
    for name in failed:
        if name in PRECISION_FIELDS:
            names.add(PRECISION_FIELDS[name])
        if name in LB_FIELDS:
            names.add(LB_FIELDS[name])
        if name.endswith("_lb"):
            names.add(name.removesuffix("_lb"))
    return frozenset(names)
