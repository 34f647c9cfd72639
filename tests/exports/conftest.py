"""Helpers for export tests: read a download in any format back into rows."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
import sqlalchemy as sa

from incidents.models import Event


def read_csv(body: bytes) -> list[list[str]]:
    """Rows of a CSV download (UTF-8 with a byte-order mark)."""
    text = body.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def read_xlsx(body: bytes) -> list[list[Any]]:
    """Rows of the first sheet of an XLSX download, as typed values."""
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(body)).worksheets[0]
    return [[c.value for c in row] for row in sheet.iter_rows()]


def ids_of(body: bytes, fmt: str, key: str = "id", skip: int = 1) -> list[int]:
    """The first column (or the JSON key) of every data row of a download."""
    if fmt == "json":
        return [row[key] for row in json.loads(body)["rows"]]
    rows = read_csv(body) if fmt == "csv" else read_xlsx(body)
    return [int(r[0]) for r in rows[skip:]]


@pytest.fixture
def event(seeded, session) -> Event:
    """The seeded July 2021 rainstorm."""
    return session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))


@pytest.fixture
def reader(client, auth, make_user):
    """A logged-in viewer (exports need only READ)."""
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    return client
