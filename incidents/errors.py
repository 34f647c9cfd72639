"""Errors every domain raises and every view, the API and the CLI answer: below the domains, Flask-free."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from incidents.db import Base


class Message(str):
    """An English message id and its parameters: str() reads in English, `localize` in any locale.

    Rules stay free of Flask; pages and the API translate at display time (gettext(msgid) % params).
    """

    msgid: str
    params: dict[str, Any]

    def __new__(cls, msgid: str, **params: Any) -> Message:
        shown = {k: f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else v for k, v in params.items()}
        self = super().__new__(cls, msgid % shown if params else msgid)
        self.msgid, self.params = msgid, params
        return self

    # Not `translate`: that would override str.translate (a Message is a str) with another signature.
    def localize(self, gettext: Callable[[str], str], number: Callable[[int], str] = str) -> str:
        """The message through a gettext function, numbers formatted for the reader's locale."""
        # A parameter may be a message of its own (a report kind's name): read in the same language.
        params = {k: v.localize(gettext, number) if isinstance(v, Message)
                  else number(v) if isinstance(v, int) and not isinstance(v, bool) else v
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
