"""The replayed demo tells its own time (July 2021) in every record a newcomer reads, as the README says:
a brief's history said it was compiled at the moment the demo was loaded, a report's that it was entered then."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from incidents import demo
from incidents.briefs.services import due_at
from incidents.models import AuditEntry, Brief, Event, Report

END = datetime(2021, 8, 2, tzinfo=UTC)  # the demo's last brief is due on 1 August


def test_every_record_of_the_replayed_demo_is_dated_in_its_own_time(database, make_user, auth):
    with database.transaction() as s:
        demo.load_file(s, briefs=True)
    with database.read_session() as s:
        stamps = list(s.scalars(sa.select(AuditEntry.at)))
        stamps += [t for r in s.scalars(sa.select(Report)) for t in (r.created_at, r.updated_at)]
        stamps += list(s.scalars(sa.select(Event.created_at)))
        assert stamps and max(stamps) < END, max(stamps)
        # A brief's audit row is its compile, at its due time; a report was entered when the office learned of it.
        for brief in s.scalars(sa.select(Brief)):
            entry = s.scalar(sa.select(AuditEntry).where(AuditEntry.entity == "briefs",
                                                         AuditEntry.entity_id == brief.id))
            assert entry is not None and entry.at == brief.compiled_at == due_at(brief.event, brief.day)
        for report in s.scalars(sa.select(Report)):
            assert report.created_at == report.reported_at
        brief = s.scalars(sa.select(Brief).order_by(Brief.compiled_at)).first()
        assert brief is not None
        compiled = brief.compiled_at.isoformat()
        report_id = s.scalar(sa.select(Report.id).order_by(Report.id))
        rainstorm = s.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
        assert rainstorm is not None and rainstorm.ends_at is not None  # closed, at its end, by the replay
        close = s.scalar(sa.select(AuditEntry).where(AuditEntry.entity == "events",
                                                     AuditEntry.entity_id == rainstorm.id,
                                                     AuditEntry.action == "close"))
        assert close is not None and close.at == rainstorm.ends_at
    make_user("viewer", "viewer")  # the newcomer's account is made now, truly
    auth.login("viewer")
    year = str(datetime.now(UTC).year)
    for url in (f"/history/briefs/{brief.id}", f"/history/reports/{report_id}", f"/history/events/{rainstorm.id}"):
        page = auth.client.get(url, headers={"Accept-Language": "zh-CN"})
        assert page.status_code == 200, url
        html = page.get_data(as_text=True)
        assert "2021" in html and f"{year}年" not in html and f"{year}-" not in html, url
    # The history shows the compile at the brief's due time (08:00 local on the day after its day).
    html = auth.client.get(f"/history/briefs/{brief.id}").get_data(as_text=True)
    assert compiled in html
