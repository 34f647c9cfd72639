"""Daily briefs, the domain's public face: what views, the CLI, the scheduler, replay and benchmarks import.

The parts, one idea each: a brief's days, numbering, due times and cut-offs (`periods`); the
building blocks of its figures (`figures`); the ledger carried from one day's brief to the next
(`ledger`); the sections (`power`, `volumes` for pumping and debris, `disinfection`, `quality`);
assembling the content (`build`); compiling once and publishing (`compiling`, `once`, and
`snapshot` on SQLite); what is due (`sweep`); the compile queue of the web (`queue`). The SQL
they read through: `sql`, `intervals`, `counts`, `queries`. Reading a brief aloud in each
format: `render` (`Reading` and the masthead, made of `wording`, `overview`, `tables` and
`quality_notes`), `formats`, `charts`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.briefs.build import build, build_content
from incidents.briefs.compiling import (
    CompileResult,
    Superseded,
    compile_brief,
    lock_key,
    newer_revision,
    prepare_brief,
    publish,
    store_brief,
    try_lock,
)
from incidents.briefs.content import BriefContent
from incidents.briefs.models import Brief, BriefStatus
from incidents.briefs.once import brief_transaction, compile_once
from incidents.briefs.periods import brief_number, cutoff_for, due_at, first_day, last_day, last_due_day
from incidents.briefs.sweep import compile_due, due_days, final_days
from incidents.db import now_utc
from incidents.events.models import Event

__all__ = [
    "BriefStatus", "CompileResult", "DayRow", "brief_number", "brief_transaction",
    "briefs_by_day", "build", "build_content", "compile_brief", "compile_due", "compile_once", "cutoff_for",
    "due_at", "due_days", "final_days", "first_day", "last_day", "last_due_day", "load_content", "lock_key",
    "prepare_brief", "publish", "store_brief", "try_lock", "Superseded", "newer_revision",
]


@dataclass
class DayRow:
    """One day on the list page: its revisions, newest first."""

    day: date
    number: int
    briefs: list[Brief]
    due_at: datetime

    @property
    def latest(self) -> Brief | None:
        """The newest revision."""
        return self.briefs[0] if self.briefs else None


def briefs_by_day(session: Session, event: Event, now: datetime | None = None,
                  missing_days: int | None = None) -> list[DayRow]:
    """The event's briefs grouped by day (newest day first), plus the due days still missing (every one since the
    event began, or the last `missing_days`): a day the scheduler's catch-up window has passed stays listed."""
    now = now or now_utc()
    rows: dict[date, DayRow] = {}
    for brief in session.scalars(sa.select(Brief).where(Brief.event_id == event.id)
                                 .order_by(Brief.day.desc(), Brief.revision.desc())):
        rows.setdefault(brief.day, DayRow(brief.day, brief.number, [], due_at(event, brief.day)))
        rows[brief.day].briefs.append(brief)
    last = last_due_day(event, now)
    every = (last - first_day(event)).days + 1 if last is not None else 0
    for day in due_days(event, now, every if missing_days is None else missing_days):
        rows.setdefault(day, DayRow(day, brief_number(event, day), [], due_at(event, day)))
    return sorted(rows.values(), key=lambda r: r.day, reverse=True)


def load_content(brief: Brief) -> BriefContent:
    """The typed content of a stored brief, with its status and sign-off (签发人, time) as they stand."""
    content = BriefContent.from_json(brief.content)
    content.header.status = brief.status.value
    if brief.status is BriefStatus.PUBLISHED:
        signer = brief.published_by
        content.header.signed_by = signer.display_name if signer is not None else None
        content.header.signed_at = brief.published_at
    return content
