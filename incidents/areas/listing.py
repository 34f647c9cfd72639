"""Areas page by page for machines: by level and parent, in id order, with an opaque cursor (keyset, never OFFSET).

The report list's paging (reports/listing.py), for areas: a new area always gets a higher id, so a client
walking the pages while areas are added sees each area once, the new ones on later pages (on PostgreSQL once
the view has waited for areas still being written, arrival.areas_settled). The cursor
carries the last id and a digest of the filters, so it cannot be replayed against another list.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents import cursors
from incidents.areas.models import Area, AreaLevel
from incidents.areas.services import list_areas
from incidents.cursors import filters_digest

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
        return filters_digest("areas", self.level and self.level.value, self.parent_id)


@dataclass
class AreaPage:
    """One page: its areas in id order and the cursor of the next page (None on the last)."""

    areas: list[Area]
    next_cursor: str | None


def encode_cursor(query: AreaQuery, last_id: int) -> str:
    """An opaque cursor: the last id given and the filters' digest (incidents/cursors.py)."""
    return cursors.encode_cursor(last_id, query.digest())


def decode_cursor(text: str, query: AreaQuery) -> int:
    """The id a cursor continues after; ValidationError naming `cursor` if it is not one of this list's."""
    return cursors.decode_cursor(text, query.digest())


def page_areas(session: Session, query: AreaQuery, within: sa.Select | None = None) -> AreaPage:
    """One page of the areas (of a level, under a parent, among `within`) after the cursor, and the next cursor."""
    rows = list_areas(session, level=query.level, parent_id=query.parent_id, within=within,
                      after_id=query.after_id, limit=query.limit + 1)
    more = len(rows) > query.limit
    rows = rows[:query.limit]
    return AreaPage(rows, encode_cursor(query, rows[-1].id) if more else None)
