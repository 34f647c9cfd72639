"""Workbooks are written one at a time on the server (fifth outside audit).

Found: an XLSX download is written whole inside the request, about 2 ms a report row here (21 s for
10,000 rows of the report table's width): any reader asking for an event's workbook a few at a time
held every gunicorn worker, and a big event's passed the 60 s timeout. Now a workbook asked for while
another is being written waits a few seconds (downloads.HEAVY_WAIT), then is a 503 with Retry-After;
CSV and JSON (streamed) are not held up.
"""

from __future__ import annotations

import sqlalchemy as sa

from incidents import downloads, slots
from incidents.events.models import Event


def test_a_workbook_asked_for_while_another_is_written_is_refused_after_a_wait(app, seeded, database, client, auth,
                                                                               make_user, monkeypatch):
    monkeypatch.setattr(downloads, "HEAVY_WAIT", 0.2)
    with database.read_session() as s:
        event_id = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    # Another worker is writing a workbook: the slot held from here (an flock of its own, as theirs is).
    with slots.one_at_a_time(app.instance_path, "xlsx"):
        for url in (f"/events/{event_id}/reports/export.xlsx", f"/events/{event_id}/timeline.xlsx",
                    "/events/export.xlsx"):
            busy = client.get(url)
            assert busy.status_code == 503, url
            assert busy.headers.get("Retry-After") == "5", url
            assert "服务器正在生成另一份大文件，请几秒钟后重试。" in busy.get_data(as_text=True), url
        assert client.get(f"/events/{event_id}/reports/export.csv").status_code == 200
    done = client.get(f"/events/{event_id}/reports/export.xlsx")
    assert done.status_code == 200 and done.data[:2] == b"PK"
