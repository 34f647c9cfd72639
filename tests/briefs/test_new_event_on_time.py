"""An event set up while `incidents scheduler` runs gets its brief at its brief time, not at the next 15-minute sweep:
an office that opens an event (or moves its brief time) a few minutes before the cut-off sees the brief then, as the
briefs page promises (次日16:37…自动编制). Found live on 7 December: created at 16:33 with its brief at 16:37, the
brief came at 16:40, when the sweep next looked at the events."""

from __future__ import annotations

from datetime import time

from incidents import scheduler as jobs
from incidents.events.services import create_event

from .conftest import briefs, day_of, local
from .test_scheduler import run, utc_machine  # noqa: F401 - the scheduler on a controlled clock


def test_an_event_created_while_the_scheduler_runs_is_compiled_at_its_brief_time(run, database, rainstorm):  # noqa: F811
    runner = run(local("2021-07-25 08:30"))
    runner.start()  # the sweep at start; the next one is due at 08:45
    with database.transaction() as s:
        event = create_event(s, code="opened-at-0830", name="新开事件", kind="rainstorm",
                             starts_at=local("2021-07-24 00:00"), timezone="Asia/Shanghai", brief_time=time(8, 35),
                             area_id=rainstorm.area_id, issuer="文峰区防汛办")
        event_id = event.id
    runner.at(local("2021-07-25 08:32"), jobs.SYNC_JOB)  # the minute's look at the events
    runner.at(local("2021-07-25 08:35"), jobs.EVENT_JOB.format(id=event_id))
    assert briefs(database, event_id) == [(day_of("2021-07-24"), 1, "compiled")], "not compiled at 08:35"
