"""Helpers for the report tests: the seeded event, areas by name, a form's token, typed form data."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from incidents.db import now_utc
from incidents.models import Area, Event, Report
from incidents.reports import create_views

TOKEN_RE = re.compile(r'name="token"[^>]*value="([^"]*)"')
VERSION_RE = re.compile(r'name="version"[^>]*value="([^"]*)"')


def hidden(html: str, name: str) -> str:
    """The value of a hidden input in a rendered form."""
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', html)
    assert match, f"no hidden {name} in the page"
    return match.group(1)


@pytest.fixture
def event(seeded, session) -> Event:
    """The seeded July 2021 rainstorm."""
    return session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))


@pytest.fixture
def area_id(session):
    """Look an area up by name."""
    def find(name: str) -> int:
        return session.scalar(sa.select(Area.id).where(Area.name == name))
    return find


def count_reports(database) -> int:
    """Reports in the database, read fresh."""
    with database.read_session() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(Report))


class Forms:
    """Open a form like a browser (GET, take csrf and token) and send it."""

    def __init__(self, client) -> None:  # noqa: ANN001
        self.client = client

    def open(self, url: str) -> dict[str, str]:
        """GET the form; the hidden fields a browser would send back."""
        html = self.client.get(url).get_data(as_text=True)
        fields = {"csrf_token": hidden(html, "csrf_token")}
        for name in ("token", "version"):
            match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html)
            if match:
                fields[name] = match.group(1)
        return fields

    def submit(self, url: str, data: dict[str, Any], form_url: str | None = None, **kw: Any):  # noqa: ANN401
        """Open the form at form_url (default url) and post data with its hidden fields."""
        return self.client.post(url, data={**self.open(form_url or url), **data}, **kw)


@pytest.fixture
def forms(client) -> Forms:
    """Form helper bound to the test client."""
    return Forms(client)


def when(name: str, day: str, clock: str = "", precision: str = "exact") -> dict[str, str]:
    """The three inputs of a vague time."""
    return {f"{name}-day": day, f"{name}-time": clock, f"{name}-precision": precision}


@pytest.fixture
def viewer(client, auth, make_user, app):
    """A logged-in viewer, four reports a page (the list's paging seen with the seed's few reports)."""
    app.config["PAGE_SIZE"] = 4
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    return client


@pytest.fixture
def at_eight_yesterday(monkeypatch, live) -> datetime:  # noqa: ANN001
    """The form's "now": 20:00 yesterday, local (what the page prefills; the rules' own now is today)."""
    day = (now_utc() - timedelta(days=1)).astimezone(live.tz).date()
    at = datetime.combine(day, time(20, 0), live.tz)
    monkeypatch.setattr(create_views, "now_utc", lambda: at.astimezone(UTC))
    return at
