"""A reader's PDF is made one at a time on the server (fifth outside audit).

Found: any reader — a viewer's token will do — could ask for a brief's PDF in a loop, a few at a
time: each takes seconds of WeasyPrint CPU (4 s here), so four such requests held every gunicorn
worker and the office's pages stopped answering during the flood. Now a second PDF asked for while
one is being made is a 503 with Retry-After, at once, holding nothing.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest
import sqlalchemy as sa

from incidents.briefs import pdf, services
from incidents.briefs.models import Brief
from tests.api.conftest import TokenClient, new_token, token_client  # noqa: F401

from .conftest import local


@pytest.fixture
def brief_id(database, rainstorm, monkeypatch) -> int:
    """The rainstorm's first brief; the PDF itself is faked (the slot is under test, not WeasyPrint)."""
    services.compile_due(database, now=local("2021-07-23 09:00"), catchup_days=1, event_ids=[rainstorm.id])
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: b"%PDF-1.7 fake")
    with database.read_session() as s:
        return s.scalar(sa.select(Brief.id).order_by(Brief.id).limit(1))


def test_a_pdf_asked_for_while_another_is_made_is_refused_at_once(app, brief_id, client, auth, make_user,
                                                                  token_client):  # noqa: F811
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    api: TokenClient = token_client("v-api", "viewer")
    lock = Path(app.instance_path) / "brief-pdf.lock"  # briefs.views.PDF_LOCK
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # another worker is making a PDF
        page = client.get(f"/briefs/{brief_id}/export/pdf")
        assert page.status_code == 503
        answer = api.get(f"/api/v1/briefs/{brief_id}/pdf", headers={"Accept-Language": "en"})
        assert answer.status_code == 503 and answer.headers["Retry-After"] == "5"
        assert answer.headers["Content-Type"] == "application/problem+json"
    finally:
        os.close(fd)
    done = client.get(f"/briefs/{brief_id}/export/pdf")
    assert done.status_code == 200 and done.data == b"%PDF-1.7 fake"
    assert api.get(f"/api/v1/briefs/{brief_id}/pdf").status_code == 200
