"""events.code: codes stored before folding (ＦＸ２０２１) folded as the form and the API fold them (FX2021)

Revision ID: d0e1f2a3b4c5
Revises: b8c9d0e1f2a3
Create Date: 2026-12-05 05:30:00
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import incidents.db

revision: str = 'd0e1f2a3b4c5'
down_revision: str | None = 'b8c9d0e1f2a3'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

events = sa.table("events", sa.column("id", sa.Integer), sa.column("code", sa.String),
                  sa.column("version", sa.Integer))
audit = sa.table("audit_entries", sa.column("id", sa.Integer), sa.column("at", incidents.db.UTCDateTime()),
                 sa.column("user_id", sa.Integer), sa.column("action", sa.String), sa.column("entity", sa.String),
                 sa.column("entity_id", sa.Integer), sa.column("before", sa.JSON), sa.column("after", sa.JSON))


def folded(code: str, taken: set[str]) -> tuple[str | None, str]:
    """The code an event's stored code becomes (None: it stays, and why), given the codes already taken."""
    from incidents.events.services import code_problem, folded_code  # the one rule the form and the API apply

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


def upgrade() -> None:
    """Fold each unfolded code; a code already folded never moves, a fold that meets one takes -2, -3...

    Never fails on data: a code whose fold the rules refuse is left as stored (events.services.by_code finds
    it as typed) and printed, as is every renamed one. Each change bumps the event's version (an edit sent
    against the version before is stale) and leaves an audit row by the system, as an edit would.
    """
    from incidents.events.services import folded_code

    conn = op.get_bind()
    rows = conn.execute(sa.select(events.c.id, events.c.code, events.c.version).order_by(events.c.id)).all()
    # Folded codes keep theirs: people type them, downloads and commands name them.
    taken = {code for _id, code, _version in rows}
    for event_id, code, version in rows:
        if folded_code(code) == code:
            continue
        new, why = folded(code, taken)
        if new is None:
            print(f"event #{event_id}: code {code!r} left as stored: {why}")
            continue
        if why:
            print(f"event #{event_id}: code {code!r} is now {new!r}: {why}")
        taken.add(new)
        conn.execute(events.update().where(events.c.id == event_id).values(code=new, version=version + 1))
        last = conn.scalar(sa.select(audit.c.after).where(audit.c.entity == "events", audit.c.entity_id == event_id)
                           .order_by(audit.c.id.desc()).limit(1))
        before = (json.loads(last) if isinstance(last, str) else dict(last)) if last else {}
        before |= {"code": code, "version": version}
        conn.execute(audit.insert().values(at=incidents.db.now_utc(), user_id=None, action="update", entity="events",
                                           entity_id=event_id, before=before,
                                           after=before | {"code": new, "version": version + 1}))


def downgrade() -> None:
    """Nothing to undo: a folded code is found as typed in either spelling (events.services.by_code)."""
