"""A timeline page with every bar (?bars=all) or every outstanding outage (?outstanding=all) is made one
at a time on the server, like a workbook: for a big event it is tens of megabytes of HTML and seconds of
CPU, and any reader asking for it a few times at once held every gunicorn worker (sixth outside audit)."""

from __future__ import annotations

import sqlalchemy as sa

from incidents import downloads, slots
from incidents.events.models import Event


def test_the_whole_timeline_asked_for_while_another_is_made_is_refused_after_a_wait(app, seeded, database, client,
                                                                                    auth, make_user, monkeypatch):
    monkeypatch.setattr(downloads, "HEAVY_WAIT", 0.2)
    with database.read_session() as s:
        event_id = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    # Another worker is making a whole timeline: the slot held from here (an flock of its own, as theirs is).
    with slots.one_at_a_time(app.instance_path, "timeline"):
        for args in ("bars=all", "outstanding=all"):
            busy = client.get(f"/events/{event_id}/timeline?{args}")
            assert busy.status_code == 503 and busy.headers.get("Retry-After") == "5", args
            assert "服务器正在生成另一份大文件，请几秒钟后重试。" in busy.get_data(as_text=True), args
        assert client.get(f"/events/{event_id}/timeline").status_code == 200  # the first view is not held up
    whole = client.get(f"/events/{event_id}/timeline?bars=all")
    assert whole.status_code == 200 and "彰德路64号院" in whole.get_data(as_text=True)
