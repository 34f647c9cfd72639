"""The report list's bulk form with thousands of reports ticked is refused at once (5 December, morning).

Each "id:version" was checked against a set built anew from every item before it, and the limit of 500 asked only
after the last: 20,000 items held the request 16 s of CPU, and the 116,000 a 2 MB form holds about 9 minutes, a
worker gone (gunicorn kills it at 30 s) for each such request of any reporter. Now the items are counted as they are
read, and the 501st distinct one is the 422 naming `report`.
"""

from __future__ import annotations

import time

from werkzeug.datastructures import MultiDict

from tests.security import sweep


def test_thirty_thousand_ticked_reports_are_refused_at_once_naming_report(app, database, ids, login_as):
    reporter = login_as("reporter")
    items = [("report", f"{i}:1") for i in range(1, 30_001)]
    data = MultiDict([("csrf_token", sweep.csrf_token(reporter)), ("action", "retract"), *items])
    before = sweep.fingerprint(database.engine)
    started = time.process_time()  # CPU: a loaded machine stretches the wall clock, not the work
    response = reporter.post(f"/events/{ids.event_id}/reports/bulk", data=data)
    took = time.process_time() - started
    assert response.status_code == 422, response.status_code
    assert "最多" in response.get_data(as_text=True) and "500" in response.get_data(as_text=True)
    assert took < 6, f"{took:.1f} s CPU"  # 36 s before, on this machine
    assert sweep.fingerprint(database.engine) == before
