"""A reader's PDF is made once per brief and one at a time on the server (fifth outside audit).

Found: any reader — a viewer's token will do — could ask for a brief's PDF in a loop, a few at a
time: each takes seconds of WeasyPrint CPU (4 s here), so four such requests held every gunicorn
worker and the office's pages stopped answering during the flood. Now a PDF is kept once made (the
same brief asked for again costs nothing), one still to be made waits for the server's one slot a
few seconds (downloads.HEAVY_WAIT), and is then a 503 with Retry-After.
"""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from incidents import downloads
from incidents.briefs import pdf, services
from incidents.briefs.models import Brief
from tests.api.conftest import TokenClient, new_token, token_client  # noqa: F401

from .conftest import local


@pytest.fixture
def made(monkeypatch) -> list[str]:
    """The PDF itself is faked (the slot and the cache are under test, not WeasyPrint): the HTML of each made."""
    htmls: list[str] = []
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: htmls.append(html) or b"%PDF-1.7 fake")
    return htmls


@pytest.fixture
def brief_id(database, rainstorm, made) -> int:
    """The rainstorm's first brief."""
    services.compile_due(database, now=local("2021-07-23 09:00"), catchup_days=1, event_ids=[rainstorm.id])
    with database.read_session() as s:
        return s.scalar(sa.select(Brief.id).order_by(Brief.id).limit(1))


class Slot:
    """The server's one slot for making a PDF, held as another worker would hold it."""

    def __init__(self, app) -> None:  # noqa: ANN001
        lock = Path(app.instance_path) / "brief-pdf.lock"  # slots.lock_path(instance, "brief-pdf")
        lock.parent.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(lock, os.O_RDWR | os.O_CREAT)
        fcntl.flock(self.fd, fcntl.LOCK_EX)

    def release(self) -> None:
        os.close(self.fd)


def test_a_pdf_still_to_make_while_the_slot_stays_taken_is_a_503(app, brief_id, client, auth, make_user, made,
                                                                 token_client, monkeypatch):  # noqa: F811
    monkeypatch.setattr(downloads, "HEAVY_WAIT", 0.2)
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    api: TokenClient = token_client("v-api", "viewer")
    slot = Slot(app)
    try:
        assert client.get(f"/briefs/{brief_id}/export/pdf").status_code == 503
        answer = api.get(f"/api/v1/briefs/{brief_id}/pdf", headers={"Accept-Language": "en"})
        assert answer.status_code == 503 and answer.headers["Retry-After"] == "5"
        assert answer.headers["Content-Type"] == "application/problem+json"
    finally:
        slot.release()
    assert made == []
    done = client.get(f"/briefs/{brief_id}/export/pdf")
    assert done.status_code == 200 and done.data == b"%PDF-1.7 fake"
    assert api.get(f"/api/v1/briefs/{brief_id}/pdf").status_code == 200


def test_two_readers_at_the_same_moment_both_get_the_pdf(app, brief_id, client, auth, make_user, made):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    slot = Slot(app)
    threading.Timer(0.5, slot.release).start()  # the other worker finishes its PDF
    answer = client.get(f"/briefs/{brief_id}/export/pdf")
    assert answer.status_code == 200 and answer.data == b"%PDF-1.7 fake"


def test_the_same_brief_is_made_once_and_then_served_even_while_another_is_made(app, brief_id, client, auth,
                                                                                make_user, made, monkeypatch):
    monkeypatch.setattr(downloads, "HEAVY_WAIT", 0.2)
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    for _ in range(3):
        assert client.get(f"/briefs/{brief_id}/export/pdf").status_code == 200
    assert client.get(f"/briefs/{brief_id}/export/pdf?lang=en").status_code == 200
    assert len(made) == 2 and "日报" in made[0] and made[0] != made[1]  # zh once, en once
    slot = Slot(app)
    try:
        assert client.get(f"/briefs/{brief_id}/export/pdf").data == b"%PDF-1.7 fake"
    finally:
        slot.release()
    assert len(made) == 2
