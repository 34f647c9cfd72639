"""What the outbox's browser tests do alike: get a phone's forms kept offline, fill and save a report, read titles."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from incidents.models import ActivityEntry, User
from tests.conftest import browser_login


def titles(database: Any) -> list[str]:
    """Every activity entry's title stored, sorted."""
    with database.read_session() as s:
        return sorted(s.scalars(sa.select(ActivityEntry.title)))


def ready(page: Any, live_server: str, event: Any, database: Any, users: tuple[str, ...] = ("li",),
          kind: str = "activity") -> str:
    """`users` last reported for this event: after a page online, the service worker keeps its forms. The address
    of its `kind` form."""
    with database.transaction() as s:
        s.execute(sa.update(User).where(User.username.in_(users)).values(last_event_id=event.id))
    page.goto(f"{live_server}/outbox")
    page.wait_for_selector("html[data-offline-ready]", state="attached", timeout=20000)
    return f"{live_server}/events/{event.id}/reports/new/{kind}"


def li_ready(page: Any, live_server: str, event: Any, make_user: Any, database: Any, **how: Any) -> str:
    """li, a reporter for 北大街街道, signed in on a phone made ready (`how`: ready's users, kind): its address."""
    make_user("li", "reporter", scope="文峰区/北大街街道")
    browser_login(page, live_server, "li")
    return ready(page, live_server, event, database, **how)


def place_and_time(page: Any, day: str = "2021-07-27", place: str = "xzlx", field: str = "observed_at") -> None:
    """The place found by its pinyin initials, and `field` (a time) on `day` at 16:30."""
    page.fill("input.area-search", place)
    page.click(".area-results button[data-id]")
    page.fill(f"input[name={field}-day]", day)
    page.fill(f"input[name={field}-time]", "16:30")


def fill(page: Any, title: str, day: str = "2021-07-27", place: str = "xzlx") -> None:
    """The activity form filled: its place, time and title."""
    place_and_time(page, day, place)
    page.fill("input[name=title]", title)


def save(page: Any) -> None:
    """Save the form, as a person taps it, and wait for the page it leads to."""
    with page.expect_navigation():
        page.click("button[type=submit].primary")


def log(page: Any, url: str, title: str, day: str = "2021-07-27", place: str = "xzlx") -> None:
    """Open the activity form at `url`, fill it and save it."""
    page.goto(url)
    fill(page, title, day, place)
    save(page)
