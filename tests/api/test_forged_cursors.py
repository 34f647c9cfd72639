"""A forged cursor is a 400 naming `cursor`, never a 500 (fifth outside audit).

A cursor is base64 JSON read by the stdlib parser: one that decodes to a thousand nested brackets
raised RecursionError, which no handler caught (500 on the report list and the area list alike).
"""

from __future__ import annotations

import base64

import pytest
import sqlalchemy as sa

from incidents.events.models import Event
from tests.api.conftest import TokenClient


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize("raw", [b"[" * 3000, b'{"a":' * 1500])
def test_a_deeply_nested_cursor_is_refused_naming_it(seeded, database, viewer_api: TokenClient, raw):
    with database.read_session() as s:
        event_id = s.scalar(sa.select(Event.id).order_by(Event.id).limit(1))
    for url in (f"/api/v1/events/{event_id}/reports", "/api/v1/areas"):
        answer = viewer_api.get(url, query_string={"cursor": _b64(raw)})
        assert answer.status_code == 400, (url, answer.status_code)
        assert "cursor" in answer.get_json()["errors"]

