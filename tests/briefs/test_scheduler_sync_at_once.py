"""The sweep and the minute's sync both bring the event jobs in line: at the same moment, neither fails."""

from __future__ import annotations

import threading

from apscheduler.schedulers.background import BackgroundScheduler

from incidents import scheduler as jobs


class PausingScheduler(BackgroundScheduler):
    """Holds the first thread that lists the jobs until told to go on, as a slow sweep would be held."""

    def __init__(self) -> None:
        super().__init__()
        self.first: threading.Thread | None = None
        self.listed = threading.Event()
        self.go = threading.Event()

    def get_jobs(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        listing = super().get_jobs(*args, **kwargs)
        if threading.current_thread() is self.first:
            self.listed.set()
            self.go.wait(10)
        return listing


def test_a_sweep_and_a_sync_at_once_remove_a_gone_event_job_once(database, rainstorm):
    scheduler = PausingScheduler()
    scheduler.start(paused=True)  # jobs are stored, none runs
    try:
        gone = jobs.EVENT_JOB.format(id=rainstorm.id + 1000)  # no such event: both syncs want it removed
        scheduler.add_job(print, "interval", hours=1, id=gone)
        errors: list[BaseException] = []

        def sync() -> None:
            try:
                jobs.sync_jobs(scheduler, database, 7)
            except BaseException as error:  # noqa: BLE001 - the test reports what a job would have raised
                errors.append(error)

        first, second = threading.Thread(target=sync), threading.Thread(target=sync)
        scheduler.first = first
        first.start()
        assert scheduler.listed.wait(10)
        second.start()
        second.join(1)  # one sync at a time: the second waits for the first rather than running past it
        scheduler.go.set()
        first.join(10)
        second.join(10)
        assert not errors, errors
        assert scheduler.get_job(gone) is None
    finally:
        scheduler.shutdown(wait=False)
