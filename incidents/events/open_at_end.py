"""Which outages an event has open: live, or at a closed event's end as its timeline shows them.

The event page's headline, its 分街道 table and the events download count open outages in SQL (`still_out`) from
each outage's stored restoration, the latest; an outage back by a closed event's end and out again after it is the
one case that reading gets wrong, and `misread_at_end` asks the timeline's rule about those alone.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.db import now_utc
from incidents.events.models import Event


def still_out(outages: sa.FromClause, ended: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
    """An outage open in its event's live view: not yet restored; in a closed event, open at the event's end,
    as its timeline shows it (one seen after the end counts nowhere, one restored since was open then)."""
    restored = outages.c.restored_at
    return sa.or_(sa.and_(ended.is_(None), restored.is_(None)),
                  sa.and_(outages.c.started_at <= ended, sa.or_(restored.is_(None), restored > ended)))


def news_after_end(outages: sa.FromClause, ended: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
    """An outage begun by its closed event's end with counted news observed after it: `still_out` may misread it."""
    from incidents.reports.models import COUNTED, OutageUpdate, Report

    u = sa.inspect(OutageUpdate).local_table
    of_update = sa.inspect(Report).local_table.alias("of_update")
    return sa.and_(ended.is_not(None), outages.c.started_at <= ended, sa.exists().where(
        u.c.outage_id == outages.c.id, of_update.c.id == u.c.id, of_update.c.status.in_(COUNTED),
        of_update.c.observed_at > ended))


def misread_at_end(session: Session, event_ids: list[int]) -> dict[int, dict[int | None, int]]:
    """Per closed event and subdistrict: open outages at its end by the timeline's rule less those by `still_out`.

    `still_out` reads the stored restoration, the latest: an outage back at the end and out again after it read as
    open there. Only an outage with news observed after the end can be so misread, so the rule (`outage_states` at
    the end, as known now, as the closed event's timeline opens) is asked of those alone, and only for the events
    whose figures' own statement counted one (`news_after_end`): none, most days.
    """
    from incidents.reports.models import COUNTED, PowerOutage, Report
    from incidents.timelines.states import outage_states

    if not event_ids:
        return {}
    r, o = (sa.inspect(m).local_table for m in (Report, PowerOutage))
    e = sa.inspect(Event).local_table
    query = (sa.select(e.c.id, e.c.ends_at, o.c.id, o.c.restored_at)
             .select_from(o).join(r, r.c.id == o.c.id).join(e, e.c.id == r.c.event_id)
             .where(e.c.id.in_(event_ids), r.c.status.in_(COUNTED), news_after_end(o, e.c.ends_at)))
    found: dict[int, tuple[Any, dict[int, bool]]] = {}
    for event_id, ended, outage_id, restored_at in session.execute(query):
        # as `still_out` judged it (the outage began by the end)
        found.setdefault(event_id, (ended, {}))[1][outage_id] = restored_at is None or restored_at > ended
    corrections: dict[int, dict[int | None, int]] = {}
    for event_id, (ended, judged) in found.items():
        only = sa.select(o.c.id).where(o.c.id.in_(list(judged)))
        states = {s.outage_id: s for s in outage_states(session, event_id, ended, now_utc(), only=only)}
        for outage_id, was_open in judged.items():
            state = states.get(outage_id)
            delta = int(state is not None and state.open) - int(was_open)
            if delta and state is not None:
                by_sub = corrections.setdefault(event_id, {})
                by_sub[state.subdistrict_id] = by_sub.get(state.subdistrict_id, 0) + delta
    return corrections
