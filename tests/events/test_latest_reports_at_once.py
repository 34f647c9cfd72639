"""The event page's latest reports are read in a few statements, not one (or two) per report: the load test's
typhoon hour had the page among the server's heaviest work, and each of its 15 cards read its kind's row
(and a disinfection's counts) on its own."""

from __future__ import annotations

import re

import sqlalchemy as sa

from incidents.models import Event, Report
from incidents.reports.services import LIVE, MODELS
from tests.conftest import unspanned


def test_the_latest_reports_kind_rows_and_counts_come_in_one_statement_each(
    seeded, session, make_user, auth, client, database
):
    from incidents.reports.services import create_report

    event = session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
    reporter = make_user("li", "reporter")
    with database.transaction() as s:
        for n in range(8):
            create_report(
                s,
                "disinfection",
                {
                    "event_id": event.id,
                    "area_id": 1,
                    "observed_at": event.starts_at,
                    "person_times": 10 + n,
                    "counts": {"street": n + 1},
                },
                reporter,
            )
    make_user("v", "viewer")
    auth.login("v")
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:
        seen.append(" ".join(statement.split()))

    sa.event.listen(database.engine, "before_cursor_execute", note)
    try:
        html = unspanned(client.get(f"/events/{event.id}").get_data(as_text=True))
    finally:
        sa.event.remove(database.engine, "before_cursor_execute", note)
    # What the list shows, read independently: the 15 newest arrivals among the live reports.
    kinds = {
        k
        for (k,) in session.execute(
            sa.select(Report.kind)
            .where(Report.event_id == event.id, Report.status.in_(LIVE))
            .order_by(Report.reported_at.desc(), Report.id.desc())
            .limit(15)
        )
    }
    tables = [m.__table__.name for m in MODELS.values() if m.__table__ is not Report.__table__]
    tables.append("disinfection_counts")
    # The figures' aggregates read these tables too; the cards' reads are plain row reads.
    reads = [
        s
        for s in seen
        if re.search(rf"\b(FROM|JOIN) ({'|'.join(tables)})\b", s) and not re.search(r"\b(count|sum)\(", s, re.I)
    ]
    assert len(reads) <= len(kinds) + 1, "\n".join(reads)
    # Each new disinfection's card still gives its person-times and its count of streets.
    latest = html.split("最新收到的报告", 1)[1]
    for n in range(8):
        assert re.search(rf"消杀：{10 + n}人次，[^<]*{n + 1}", latest), n
