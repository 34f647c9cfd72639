"""Helpers for the import tests: the seeded event, files built in memory (CSV and XLSX), a runner."""

from __future__ import annotations

import io
from typing import Any

import pytest
import sqlalchemy as sa

from incidents.auth.models import User
from incidents.imports import services
from incidents.models import Event, Report


@pytest.fixture
def event(seeded, session) -> Event:
    """The seeded July 2021 rainstorm (Asia/Shanghai)."""
    return session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))


def csv_bytes(rows: list[list[Any]]) -> bytes:
    """A CSV file (UTF-8 with BOM, as spreadsheets save it) from rows of cells; the first is the header."""
    import csv

    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    """An XLSX workbook whose first sheet holds the rows (dates and numbers as typed cells)."""
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def count_reports(database, **where: Any) -> int:
    """Reports stored (optionally of one kind), read fresh."""
    with database.read_session() as s:
        query = sa.select(sa.func.count()).select_from(Report)
        if "kind" in where:
            query = query.where(Report.kind == where["kind"])
        return s.scalar(query) or 0


def user_id(database, username: str) -> int:
    """An account's id."""
    with database.read_session() as s:
        return s.scalar(sa.select(User.id).where(User.username == username))


@pytest.fixture
def run(database):
    """Import bytes in a transaction, as the CLI does: run(data, user, event, kind=None, store=True)."""
    def do(data: bytes, username: str, event: Event | None, kind: str | None = None, store: bool = True,
           filename: str = "file.csv") -> services.Outcome:
        with database.transaction() as s:
            return services.run_import(s, filename=filename, data=data, user_id=user_id(database, username),
                                       event_id=event.id if event is not None else None, kind=kind, store=store)
    return do


def problems(outcome: services.Outcome) -> list[tuple[int, str]]:
    """(line, column) of each error."""
    return [(p.line, p.column) for p in outcome.problems]
