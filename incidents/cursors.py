"""Keyset cursors of the machine lists (reports, areas): the last id given, bound to the list's filters.

Opaque to clients (base64url JSON): the last id ("a"), a digest of the filters ("q") and, for a
list inside a record (an event's reports), that record's id. A cursor replayed against other
filters or another record is refused, never read as a position in a list it did not come from.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from typing import Any

from incidents.errors import Message, ValidationError
from incidents.limits import is_id

_l = Message
BAD_CURSOR = _l("is not a cursor this list gave out")
OTHER_QUERY = _l("belongs to a list with other filters: start again without it")
# A cursor this module writes is under 100 characters; a longer one is not ours, and read as JSON it
# could nest deeper than the parser's recursion limit (a RecursionError, answered 500).
MAX_CURSOR_LENGTH = 200


def filters_digest(*filters: Any) -> str:
    """A short digest of a list's filters (JSON-able values), not of its page."""
    return hashlib.sha256(json.dumps(list(filters)).encode()).hexdigest()[:16]


def encode_cursor(last_id: int, digest: str, **within: int | None) -> str:
    """The cursor of the page after `last_id`, for the filters `digest` and the record(s) `within`."""
    raw = json.dumps({"a": last_id, "q": digest, **within}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(text: str, digest: str, **within: tuple[int | None, Message]) -> int:
    """The id a cursor continues after; ValidationError naming `cursor` if it is not this list's.

    `within`: each record the list belongs to, as (its id, the message when the cursor names another).
    """
    if len(text) > MAX_CURSOR_LENGTH:
        raise ValidationError({"cursor": BAD_CURSOR})
    try:
        raw = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise ValidationError({"cursor": BAD_CURSOR}) from None
    if (not isinstance(raw, dict) or not is_id(raw.get("a")) or not isinstance(raw.get("q"), str)
            or not all(is_id(raw.get(key)) for key in within)):
        raise ValidationError({"cursor": BAD_CURSOR})
    for key, (expected, other) in within.items():
        if raw[key] != expected:
            raise ValidationError({"cursor": other})
    if raw["q"] != digest:
        raise ValidationError({"cursor": OTHER_QUERY})
    after: int = raw["a"]
    return after
