"""Errors every domain raises and every view, the API and the CLI answer: below the domains, Flask-free."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from incidents.db import Base

# A record's number (#%(id)s) is looked up as the pages write it, #1234: grouped (#1,234) it matched nothing.
NUMBERS = frozenset({"id"})


def _grouped(name: str, value: Any) -> bool:
    """Whether a message's parameter is a count to write with thousands separators (not a record's number)."""
    return isinstance(value, int) and not isinstance(value, bool) and name not in NUMBERS


class Message(str):
    """An English message id and its parameters: str() reads in English, `localize` in any locale.

    Rules stay free of Flask; pages and the API translate at display time (gettext(msgid) % params).
    """

    msgid: str
    params: dict[str, Any]

    def __new__(cls, msgid: str, **params: Any) -> Message:
        shown = {k: f"{v:,}" if _grouped(k, v) else v for k, v in params.items()}
        self = super().__new__(cls, msgid % shown if params else msgid)
        self.msgid, self.params = msgid, params
        return self

    # Not `translate`: that would override str.translate (a Message is a str) with another signature.
    def localize(self, gettext: Callable[[str], str], number: Callable[[int], str] = str) -> str:
        """The message through a gettext function, numbers formatted for the reader's locale."""
        # A parameter may be a message of its own (a report kind's name): read in the same language.
        params = {k: v.localize(gettext, number) if isinstance(v, Message)
                  else number(v) if _grouped(k, v) else v
                  for k, v in self.params.items()}
        text = gettext(self.msgid)
        return text % params if params else text


class ValidationError(ValueError):
    """Field-level problems: {field: message}. Nothing is stored when raised."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


R = TypeVar("R", bound=Base)


class StaleEdit(RuntimeError, Generic[R]):
    """Someone saved a newer version first; carries that version (the record as now stored)."""

    current: R

    def __init__(self, current: R) -> None:
        super().__init__("the report was changed by someone else")
        self.current = current
