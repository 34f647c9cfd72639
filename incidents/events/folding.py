"""Event codes stored before folding (ＦＸ２０２１) folded as the form and the API fold them (FX2021).

Run once on a database by the migration d0e1f2a3b4c5, and by a restore on the rows of an archive written
before it: either way the same codes end folded, renamed or kept, with the same versions and audit rows.
"""

from __future__ import annotations

import json

import sqlalchemy as sa

from incidents.db import UTCDateTime, now_utc
from incidents.events.services import code_problem, folded_code

# The revision that folded the codes a database held: an archive written before it holds unfolded ones.
REVISION = "d0e1f2a3b4c5"

# The columns the fold reads and writes, as they stood at REVISION: a column added later to either table
# must not be named by the migration that runs before it exists.
_events = sa.table("events", sa.column("id", sa.Integer), sa.column("code", sa.String),
                   sa.column("version", sa.Integer))
_audit = sa.table("audit_entries", sa.column("id", sa.Integer), sa.column("at", UTCDateTime()),
                  sa.column("user_id", sa.Integer), sa.column("action", sa.String), sa.column("entity", sa.String),
                  sa.column("entity_id", sa.Integer), sa.column("before", sa.JSON), sa.column("after", sa.JSON))


def _folded(code: str, taken: set[str]) -> tuple[str | None, str]:
    """The code an event's stored code becomes (None: it stays, and why), given the codes already taken."""
    target = folded_code(code)
    if not target:
        return None, "folded it is empty"
    if (problem := code_problem(target)) is not None:
        return None, f"folded {target!r} {problem}"  # "ａ／ｂ" would be a/b: kept as stored, the form renames it
    n = 1
    candidate = target
    while candidate in taken:
        n += 1
        suffix = f"-{n}"
        candidate = target[:64 - len(suffix)] + suffix
    return candidate, "" if candidate == target else f"{target!r} is another event's code"


def fold_stored_codes(conn: sa.Connection) -> list[str]:
    """Fold each unfolded code; a code already folded never moves, a fold that meets one takes -2, -3...

    Never fails on data: a code whose fold the rules refuse is left as stored (events.services.by_code finds
    it as typed), as is every renamed one; each is one line of the list returned. Each change bumps the
    event's version (an edit sent against the version before is stale) and leaves an audit row by the
    system, as an edit would.
    """
    notes = []
    rows = conn.execute(sa.select(_events.c.id, _events.c.code, _events.c.version).order_by(_events.c.id)).all()
    # Folded codes keep theirs: people type them, downloads and commands name them.
    taken = {code for _id, code, _version in rows}
    for event_id, code, version in rows:
        if folded_code(code) == code:
            continue
        new, why = _folded(code, taken)
        if new is None:
            notes.append(f"event #{event_id}: code {code!r} left as stored: {why}")
            continue
        if why:
            notes.append(f"event #{event_id}: code {code!r} is now {new!r}: {why}")
        taken.add(new)
        conn.execute(_events.update().where(_events.c.id == event_id).values(code=new, version=version + 1))
        last = conn.scalar(sa.select(_audit.c.after).where(_audit.c.entity == "events",
                                                           _audit.c.entity_id == event_id)
                           .order_by(_audit.c.id.desc()).limit(1))
        before = (json.loads(last) if isinstance(last, str) else dict(last)) if last else {}
        before |= {"code": code, "version": version}
        conn.execute(_audit.insert().values(at=now_utc(), user_id=None, action="update", entity="events",
                                            entity_id=event_id, before=before,
                                            after=before | {"code": new, "version": version + 1}))
    return notes
