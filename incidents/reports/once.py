"""A report's one-time key: its stored form, the submission's digest, and the refusal of a key used again."""

from __future__ import annotations

from typing import Any

from incidents.audit import idempotency as keys
from incidents.errors import ValidationError
from incidents.reports.models import Report, ReportKind
from incidents.reports.validation import _l

MAX_KEY_LENGTH = keys.MAX_KEY_LENGTH


def idempotency_key(user_id: int, token: str) -> str:
    """The stored key of a form token or Idempotency-Key header: namespaced by the user."""
    return keys.stored_key(user_id, token)


class KeyReused(ValidationError):
    """A one-time key already made a report from a different submission; carries that report."""

    def __init__(self, report: Report) -> None:
        super().__init__({"idempotency_key": _l(
            "this one-time key was already used for a different report (#%(id)s): nothing was saved",
            id=report.id)})
        self.report = report


def fingerprint(kind: ReportKind | str, data: dict[str, Any]) -> str:
    """A digest of a submission as parsed (kind, event, every field; texts stripped), for a key's replay check."""
    return keys.digest({"kind": str(ReportKind(kind)), **data})
