"""What a phone keeps for working offline: the user's places (with pinyin initials), the forms to cache, the version."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents import generation
from incidents.areas.models import Area
from incidents.auth.models import User
from incidents.auth.policy import visible_area_ids
from incidents.events.models import Event

# How many events' forms a phone keeps: the one the user last reported for and the latest open ones.
FORM_EVENTS = 3


def files_version(roots: Iterable[Path]) -> str:
    """A short hash of every file under the roots (names and bytes): any change to the app shell changes it."""
    digest = hashlib.sha256()
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def user_areas(session: Session, user: User, english: bool = False) -> list[dict[str, Any]]:
    """The areas the user may report for, each with its path and the search key (name, pinyin, initials)."""
    rows = session.execute(sa.select(Area.id, Area.parent_id, Area.name, Area.name_en, Area.search_key)).all()
    by_id = {r.id: r for r in rows}
    scope = visible_area_ids(session, user)
    allowed = set(session.scalars(scope)) if scope is not None else None

    def shown(row: Any) -> str:
        return str(row.name_en if english and row.name_en else row.name)

    out = []
    for row in rows:
        if allowed is not None and row.id not in allowed:
            continue
        chain, node = [], by_id.get(row.parent_id)
        while node is not None:
            chain.append(node)
            node = by_id.get(node.parent_id)
        # The district is the root of everything: the picker leaves it out, as the online search does.
        path = " › ".join(shown(a) for a in reversed(chain[:-1]))
        out.append({"id": row.id, "name": shown(row), "path": path, "key": row.search_key or row.name.lower()})
    out.sort(key=lambda a: (len(a["name"]), a["name"]))
    return out


def kept_mark(session: Session, user: User) -> str:
    """What the phone's kept forms and places were made from: the user's last event and the generation of
    events and areas (an event ended or reopened, a place added), so a change keeps them again at the next page."""
    # A copy kept while its event ran filled now offline after the end, where the server's form leaves it blank.
    return f"{user.last_event_id or ''}:{generation.current(session)}"


def form_events(session: Session, user: User, now: datetime) -> list[int]:
    """The events whose report forms a phone should keep: the user's last one while it runs (or none does), the open
    ones newest first, then an ended last one; the first is what 新报告 opens offline, as online (reports.start)."""
    open_ids = session.scalars(
        sa.select(Event.id).where(sa.or_(Event.ends_at.is_(None), Event.ends_at > now))
        .order_by(Event.starts_at.desc()).limit(FORM_EVENTS)).all()
    last = user.last_event_id
    # Asked of the event itself: a running last one may lie past the newest FORM_EVENTS.
    runs = last is not None and bool(session.scalar(
        sa.select(sa.or_(Event.ends_at.is_(None), Event.ends_at > now)).where(Event.id == last)))
    ids = [last] if last and (runs or not open_ids) else []
    ids += [i for i in open_ids if i not in ids]
    if last and last not in ids:  # ended while another runs: kept for a late report, never opened first
        ids.append(last)
    if not ids:
        latest = session.scalar(sa.select(Event.id).order_by(Event.starts_at.desc()).limit(1))
        ids = [latest] if latest else []
    return ids[:FORM_EVENTS]
