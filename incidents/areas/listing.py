"""Areas page by page for machines: by level and parent, in id order, with an opaque cursor (keyset, never OFFSET).

The report list's paging (reports/listing.py), for areas: a new area always gets a higher id, so a client
walking the pages while areas are added sees each area once, the new ones on later pages. The cursor
carries the last id and a digest of the filters, so it cannot be replayed against another list.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.areas.models import Area, AreaLevel
from incidents.areas.services import list_areas
from incidents.errors import ValidationError
from incidents.limits import is_id

# The report list's words: one way to say a cursor is not good here.
from incidents.reports.listing import BAD_CURSOR, OTHER_QUERY

DEFAULT_LIMIT = 20
MAX_LIMIT = 500


@dataclass(frozen=True)
class AreaQuery:
    """What a client asked for: the filters, the page size and where the last page ended."""

    level: AreaLevel | None = None
    parent_id: int | None = None
    limit: int = DEFAULT_LIMIT
    after_id: int | None = None

    def digest(self) -> str:
        """A short digest of the filters (not the page): a cursor is only good for the same filters."""
        text = json.dumps(["areas", self.level and self.level.value, self.parent_id])
        return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass
class AreaPage:
    """One page: its areas in id order and the cursor of the next page (None on the last)."""

    areas: list[Area]
    next_cursor: str | None


def encode_cursor(query: AreaQuery, last_id: int) -> str:
    """An opaque cursor: the last id given and the filters' digest, base64url."""
    raw = json.dumps({"a": last_id, "q": query.digest()}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(text: str, query: AreaQuery) -> int:
    """The id a cursor continues after; ValidationError naming `cursor` if it is not one of this list's."""
    try:
        raw = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise ValidationError({"cursor": BAD_CURSOR}) from None
    if not isinstance(raw, dict) or not is_id(raw.get("a")) or not isinstance(raw.get("q"), str):
        raise ValidationError({"cursor": BAD_CURSOR})
    if raw["q"] != query.digest():
        raise ValidationError({"cursor": OTHER_QUERY})
    after: int = raw["a"]
    return after


def page_areas(session: Session, query: AreaQuery, within: sa.Select | None = None) -> AreaPage:
    """One page of the areas (of a level, under a parent, among `within`) after the cursor, and the next cursor."""
    rows = list_areas(session, level=query.level, parent_id=query.parent_id, within=within,
                      after_id=query.after_id, limit=query.limit + 1)
    more = len(rows) > query.limit
    rows = rows[:query.limit]
    return AreaPage(rows, encode_cursor(query, rows[-1].id) if more else None)
