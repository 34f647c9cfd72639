"""API test helpers: a client that sends a personal token (and never a cookie), per role."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

import pytest
import sqlalchemy as sa

from incidents import demo
from incidents.areas.models import Area
from incidents.auth import tokens
from incidents.auth.models import User
from incidents.auth.services import create_user
from incidents.briefs import queue
from incidents.db import Database
from incidents.events.models import Event
from incidents.reports.models import Report
from tests.briefs.conftest import local, make_builder
from tests.conftest import PASSWORD, Auth


class TokenClient:
    """A test client that authenticates every request with `Authorization: Bearer <token>` only."""

    def __init__(self, app: Any, token: str, user_id: int, username: str | None = None) -> None:
        # use_cookies=False: nothing a response sets can authenticate the next request.
        self.client = app.test_client(use_cookies=False)
        self.token, self.user_id, self.username = token, user_id, username
        self.app, self.browser = app, None

    def page(self, url: str, **kw: Any) -> Any:
        """GET a page as the token's owner in a browser: a session through the login form (a token opens no page)."""
        if self.browser is None:
            self.browser = self.app.test_client()
            assert Auth(self.browser).login(self.username).status_code == 302
        return self.browser.get(url, **kw)

    def open(self, url: str, method: str = "GET", headers: dict[str, str] | None = None, **kw: Any) -> Any:
        """Any request, with the token (headers given win, so a test can send another token)."""
        return self.client.open(url, method=method, headers={"Authorization": f"Bearer {self.token}",
                                                             **(headers or {})}, **kw)

    def get(self, url: str, **kw: Any) -> Any:
        """GET with the token."""
        return self.open(url, "GET", **kw)

    def post(self, url: str, **kw: Any) -> Any:
        """POST with the token (json=... for a body)."""
        return self.open(url, "POST", **kw)

    def put(self, url: str, **kw: Any) -> Any:
        """PUT with the token."""
        return self.open(url, "PUT", **kw)

    def patch(self, url: str, **kw: Any) -> Any:
        """PATCH with the token."""
        return self.open(url, "PATCH", **kw)

    def delete(self, url: str, **kw: Any) -> Any:
        """DELETE with the token."""
        return self.open(url, "DELETE", **kw)


@pytest.fixture
def other(db_url: str, app) -> Iterator[sa.Engine]:  # noqa: ANN001
    """Another process's engine on the same database: its own connections, none of the app's hooks."""
    engine = Database(db_url).engine
    yield engine
    engine.dispose()


@pytest.fixture
def new_token(database) -> Callable[..., tuple[int, str]]:  # noqa: ANN001
    """Create a token for a user id: new_token(user_id, expires_at=None) -> (token id, plaintext)."""

    def make(user_id: int, expires_at: datetime | None = None, name: str = "test") -> tuple[int, str]:
        with database.transaction() as s:
            row, plaintext = tokens.create_token(s, s.get(User, user_id), name, expires_at)
            return row.id, plaintext

    return make


@pytest.fixture
def token_client(app, database, new_token) -> Callable[..., TokenClient]:  # noqa: ANN001
    """token_client('name', 'coordinator', scope=None): a new user of that role and a client with its token."""

    def make(username: str, role: str = "reporter", scope: str | None = None) -> TokenClient:
        # The test password (cheap scrypt in the suite): a page the test reads as this user needs a session.
        with database.transaction() as s:
            area = demo._area_by_path(s, scope) if scope else None
            user_id = create_user(s, username, PASSWORD, role, scope_area_id=area.id if area else None).id
        _id, plaintext = new_token(user_id)
        return TokenClient(app, plaintext, user_id, username)

    return make


@pytest.fixture
def coordinator_api(token_client) -> TokenClient:  # noqa: ANN001
    """A coordinator's token client."""
    return token_client("api-coordinator", "coordinator")


@pytest.fixture
def reporter_api(token_client) -> TokenClient:  # noqa: ANN001
    """A reporter's (no scope limit) token client."""
    return token_client("api-reporter", "reporter")


@pytest.fixture
def viewer_api(token_client) -> TokenClient:  # noqa: ANN001
    """A viewer's token client."""
    return token_client("api-viewer", "viewer")


@pytest.fixture
def admin_api(token_client) -> TokenClient:  # noqa: ANN001
    """An administrator's token client."""
    return token_client("api-admin", "admin")


@pytest.fixture
def scoped_api(token_client, seeded) -> TokenClient:  # noqa: ANN001
    """A reporter limited to 北大街街道 (needs the seeded areas)."""
    return token_client("api-scoped", "reporter", scope="文峰区/北大街街道")


def compiled_brief(api: TokenClient, database, url: str, body: dict | None = None) -> dict[str, Any]:  # noqa: ANN001
    """Ask for a compile over the API (compile or recompile URL), let the scheduler's queue job run it: the
    brief's resource (its id, its formats' URLs)."""
    asked = api.post(url, json=body) if body is not None else api.post(url)
    assert asked.status_code in (200, 202), asked.get_data(as_text=True)
    queue.run_queued(database)
    done = api.get(asked.json["url"]).json
    assert done["status"] == "done", done
    return api.get(done["brief_url"]).json


def changes_line(api: TokenClient, brief: dict[str, Any], lang: str = "") -> str:
    """The 较上期变化 (Since the previous brief) line of a brief's text (`lang` "?lang=en" for the English one)."""
    text = api.get(brief["formats"]["txt"] + lang).get_data(as_text=True)
    label = "Since the previous brief" if lang else "较上期变化"
    return text.split(label, 1)[1].split("\n", 1)[0]


def compiled_with_content(api: TokenClient, database, url: str,  # noqa: ANN001
                          body: dict | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """A compile over the API (compile or recompile URL): the brief's resource and its content (the JSON's figures)."""
    brief = compiled_brief(api, database, url, body)
    return brief, api.get(brief["formats"]["json"]).json["content"]


def compiled_content(api: TokenClient, database, event_id: int, day: str) -> dict[str, Any]:  # noqa: ANN001
    """The content (the JSON format's figures) of the event's brief of `day`, compiled over the API now."""
    return compiled_with_content(api, database, f"/api/v1/events/{event_id}/briefs/compile", {"day": day})[1]


def event_urls(event_id: int) -> tuple[str, str]:
    """An event's reports and brief-compile addresses under the API."""
    return f"/api/v1/events/{event_id}/reports", f"/api/v1/events/{event_id}/briefs/compile"


def marks(qty: dict[str, Any] | None) -> tuple[Any, ...] | None:
    """A quantity of the brief's JSON as a by-hand table writes it: value, lower bound, approximate."""
    return None if qty is None else (qty["value"], qty["lb"], qty["approx"])


def created(api: TokenClient, url: str, body: dict[str, Any]) -> int:
    """A report POSTed to `url` and stored (a 201): its id."""
    made = api.post(url, json=body)
    assert made.status_code == 201, made.get_json()
    return int(made.json["id"])


def outage_with_updates(api: TokenClient, event_id: int, area_id: int, outage: dict[str, Any],
                        updates: Iterable[dict[str, Any]]) -> int:
    """An outage and then its updates, each created over the API (a 201); the outage's id."""
    url = f"/api/v1/events/{event_id}/reports"
    outage_id = created(api, url, {"kind": "outage", "area_id": area_id, **outage})
    for body in updates:
        created(api, url, {"kind": "outage_update", "outage_id": outage_id, **body})
    return outage_id


def brief_after_96_of_211(api: TokenClient, database, updates: Iterable[dict[str, Any]]) -> dict[str, str]:  # noqa: ANN001
    """211 households out at site-a from 1 July 06:00, 96 still out at 17:00, then `updates` (each reported ten
    minutes after it was seen): the formats of 2 July's brief, 1 July's compiled before it."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    outage_with_updates(api, b.event_id, b.areas["site-a"], {
        "households_affected": 211, "started_at": "2021-07-01 06:00", "reported_at": "2021-07-01 06:30"}, (
        {"households_out": 96, "observed_at": "2021-07-01 17:00", "reported_at": "2021-07-01 17:10"},
        *({"reported_at": body["observed_at"][:-2] + "10", **body} for body in updates)))
    url = f"/api/v1/events/{b.event_id}/briefs/compile"
    compiled_brief(api, database, url, {"day": "2021-07-01"})
    return compiled_brief(api, database, url, {"day": "2021-07-02"})["formats"]


@pytest.fixture
def where(seeded, session) -> tuple[str, int]:  # noqa: ANN001
    """The report create URL of the rainstorm and a place in it."""
    event = session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    area = session.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
    return f"/api/v1/events/{event}/reports", area


def count_reports(database) -> int:  # noqa: ANN001
    """Reports stored, read fresh."""
    with database.read_session() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(Report))


def pumped_across_midnight(database, api: TokenClient, volume: str) -> int:  # noqa: ANN001
    """A new event (tests/briefs' builder) whose one operation pumped `volume` m³ from 22:00 on 1 July to 04:00 the
    next day, a third of it in day 1, posted over the API: the event's id."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    op = api.post(url, json={"kind": "pumping", "area_id": b.areas["site-a"], "team": "排涝队", "people": 6,
                             "observed_at": "2021-07-01 20:00", "ended_at": "2021-07-02 04:00",
                             "reported_at": "2021-07-02 05:00"})
    assert op.status_code == 201, op.get_data(as_text=True)
    made = api.post(url, json={"kind": "pumping_volume", "operation_id": op.json["id"], "volume_m3": volume,
                               "period_start": "2021-07-01 22:00", "period_end": "2021-07-02 04:00",
                               "reported_at": "2021-07-02 05:00"})
    assert made.status_code == 201, made.get_data(as_text=True)
    return b.event_id


def walked_while_writing(slow: Any, walk: Callable[[list[int]], None], first: int, later: Iterable[int]) -> None:
    """A client walks a list (`walk` appends the ids it sees) while `slow` holds the row `first`, written and not
    committed, past which `later` rows committed: `slow` commits a second into the walk, and the walk sees each
    row once, `first` and `later` among them."""
    seen: list[int] = []
    walker = threading.Thread(target=walk, args=(seen,))
    walker.start()
    time.sleep(1.0)
    slow.commit()
    walker.join(30)
    assert not walker.is_alive()
    assert first in seen
    assert len(seen) == len(set(seen))
    assert set(later) <= set(seen)


def corrected_once(api: TokenClient, database) -> str:  # noqa: ANN001
    """An activity report of the seeded rainstorm (彰德路64号院, 排涝调度会), its title corrected once by `api`, so at
    version 2: its URL."""
    with database.read_session() as s:
        event = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
        area = s.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
    made = api.post(f"/api/v1/events/{event}/reports", json={
        "kind": "activity", "area_id": area, "observed_at": "2021-07-30 08:00", "title": "排涝调度会"})
    url = f"/api/v1/reports/{made.json['id']}"
    assert api.patch(url, json={"title": "排涝调度会（一）", "version": 1}).status_code == 200
    return url
