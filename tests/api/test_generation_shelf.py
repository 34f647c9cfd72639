"""GENERATION_SHELF: events and area walks kept per process, yet another process's edit is seen at the next request.

Each test first shows the shelf in use (a create after the first sends no SELECT of the event and no walk),
then edits through another engine (another process: its own connections, plain SQL, no hook of this app),
then checks that the very next request answers by the edit. Both databases.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import sqlalchemy as sa

from incidents import generation
from incidents.areas.models import Area
from incidents.areas.tree import ancestry
from incidents.db import Database
from incidents.events.models import Event
from incidents.events.services import get_event
from tests.api.conftest import TokenClient
from tests.reports.conftest import Forms, when


def _body(area: int, **extra: object) -> dict:
    return {"kind": "activity", "area_id": area, "observed_at": "2021-07-30 14:30", "title": "巡查", **extra}


class Reads:
    """The SELECTs of events and the area walks the app's engine sends."""

    def __init__(self, database: Database) -> None:
        self.seen: list[str] = []
        self.engine = database.engine
        sa.event.listen(self.engine, "before_cursor_execute", self._note)

    def _note(self, _conn, _cursor, statement: str, *_args) -> None:  # noqa: ANN001
        self.seen.append(statement)

    def shelved(self) -> bool:
        """Whether nothing since the last call read an event or walked the areas (and forget what was seen)."""
        read = [s for s in self.seen if "FROM events" in s or "WITH RECURSIVE ancestry" in s]
        if not read:
            self.seen.clear()
        return not read

    def close(self) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._note)


@pytest.fixture
def reads(database: Database) -> Iterator[Reads]:
    watching = Reads(database)
    yield watching
    watching.close()


def _primed(api: TokenClient, url: str, area: int, reads: Reads) -> None:
    """Two creates: the first shelves the event and the walk, the second is served from the shelf."""
    for round_ in range(2):
        reads.seen.clear()
        made = api.post(url, json=_body(area), headers={"Idempotency-Key": f"prime-{round_}-{area}"})
        assert made.status_code == 201, made.json
    assert reads.shelved(), "the second create read the event or walked the areas: no shelf in use"


def _event_id(url: str) -> int:
    return int(url.split("/")[4])


def test_an_api_create_reads_neither_event_nor_areas(where, database, reporter_api: TokenClient, reads: Reads):
    url, area = where
    reporter_api.post(url, json=_body(area), headers={"Idempotency-Key": "warm"})
    begun: list[str] = []
    sa.event.listen(database.engine, "begin", lambda _conn: begun.append("BEGIN"))
    reads.seen.clear()
    made = reporter_api.post(url, json=_body(area), headers={"Idempotency-Key": "counted"})
    assert made.status_code == 201, made.json
    sent = [s for s in reads.seen if not s.startswith("BEGIN")]
    # BEGIN, the login (its user, token and the generation), the INSERTs, COMMIT: no event, no walk. The
    # INSERTs are four on SQLite, one statement on PostgreSQL (ONE_TRIP: WITH r AS (INSERT ...) ...) after
    # the event's arrival lock (arrival.py; SQLite's is the write lock, taken with no statement).
    postgresql = database.engine.dialect.name == "postgresql"
    writes = ["SELECT", "WITH"] if postgresql else ["INSERT"] * 4
    assert [s.split()[0] for s in sent] == ["SELECT", *writes], [s[:60] for s in sent]
    # The lock's statement reads the login again too (arrival.py, LOCK_WITH_LOGIN): no event there either.
    assert not postgresql or ("pg_advisory_xact_lock_shared" in sent[1] and "events" not in sent[1]), sent[1]
    assert len(begun) + len(sent) + 1 == 3 + len(writes)
    assert "cache_generation" in sent[0]


def test_an_event_ended_elsewhere_refuses_the_next_report_and_reopened_takes_it(
        where, database, other, reporter_api: TokenClient, reads: Reads):
    url, area = where
    _primed(reporter_api, url, area, reads)
    event_id = _event_id(url)
    with other.begin() as conn:
        starts = conn.scalar(sa.select(Event.starts_at).where(Event.id == event_id))
        conn.execute(sa.update(Event).where(Event.id == event_id).values(ends_at=starts + timedelta(hours=1)))
    refused = reporter_api.post(url, json=_body(area), headers={"Idempotency-Key": "after-end"})
    assert refused.status_code == 422, refused.json
    with other.begin() as conn:
        conn.execute(sa.update(Event).where(Event.id == event_id).values(ends_at=None))
    taken = reporter_api.post(url, json=_body(area), headers={"Idempotency-Key": "after-reopen"})
    assert taken.status_code == 201, taken.json


def test_an_event_moved_to_another_place_elsewhere_refuses_a_place_outside_it(
        where, database, other, reporter_api: TokenClient, reads: Reads, session):
    url, area = where
    _primed(reporter_api, url, area, reads)
    walk = ancestry(session, area)
    elsewhere = session.scalar(sa.select(Area.id).where(Area.level == "subdistrict", Area.id.not_in(walk)))
    with other.begin() as conn:
        conn.execute(sa.update(Event).where(Event.id == _event_id(url)).values(area_id=elsewhere))
    refused = reporter_api.post(url, json=_body(area), headers={"Idempotency-Key": "moved-event"})
    assert refused.status_code == 422 and "area_id" in refused.json["errors"], refused.json


def test_a_zone_changed_elsewhere_reads_the_next_report_on_the_new_clocks(
        where, database, other, reporter_api: TokenClient, reads: Reads):
    url, area = where
    _primed(reporter_api, url, area, reads)
    with other.begin() as conn:
        conn.execute(sa.update(Event).where(Event.id == _event_id(url)).values(timezone="Asia/Tokyo"))
    made = reporter_api.post(url, json=_body(area), headers={"Idempotency-Key": "tokyo"})
    assert made.status_code == 201, made.json
    with database.read_session() as s:
        from incidents.reports.models import Report

        observed = s.get(Report, made.json["id"]).observed_at
    # 14:30 on Tokyo's clocks is 05:30 UTC (on Shanghai's it was 06:30).
    assert observed.hour == 5 and observed.minute == 30


def test_an_area_moved_out_of_scope_elsewhere_is_refused_at_once(
        seeded, database, other, scoped_api: TokenClient, reads: Reads, session):
    event = session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    url = f"/api/v1/events/{event}/reports"
    scope = session.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    area = session.scalar(sa.select(Area.id).where(Area.parent_id == scope).order_by(Area.id))
    _primed(scoped_api, url, area, reads)
    elsewhere = session.scalar(sa.select(Area.id).where(Area.level == "subdistrict", Area.id != scope))
    with other.begin() as conn:
        conn.execute(sa.update(Area).where(Area.id == area).values(parent_id=elsewhere))
    refused = scoped_api.post(url, json=_body(area), headers={"Idempotency-Key": "moved-area"})
    assert refused.status_code == 403, refused.json


def test_an_area_deleted_elsewhere_is_unknown_at_once(
        where, database, other, reporter_api: TokenClient, reads: Reads, session):
    url, area = where
    parent = session.scalar(sa.select(Area.parent_id).where(Area.id == area))
    with database.transaction() as s:
        from incidents.areas.services import create_area

        fresh = create_area(s, name="临时安置点", level="community", parent=s.get(Area, parent)).id
    # Refused for its title after the walk (nothing stored, so the area can go): twice, the second from the shelf.
    for key in ("a", "b"):
        reads.seen.clear()
        refused = reporter_api.post(url, json=_body(fresh, title=""), headers={"Idempotency-Key": f"fresh-{key}"})
        assert refused.status_code == 422 and "title" in refused.json["errors"], refused.json
    assert reads.shelved()
    with other.begin() as conn:
        conn.execute(sa.delete(Area).where(Area.id == fresh))
    gone = reporter_api.post(url, json=_body(fresh), headers={"Idempotency-Key": "fresh-c"})
    assert gone.status_code == 422 and "area_id" in gone.json["errors"], gone.json


def test_renamed_elsewhere_shows_on_the_next_page(seeded, database, other, make_user, auth, client, session):
    make_user("li", "reporter")
    auth.login("li")
    event_id = session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    area = session.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
    form = f"/events/{event_id}/reports/new/activity"
    assert client.get(form).status_code == 200
    with other.begin() as conn:
        conn.execute(sa.update(Event).where(Event.id == event_id).values(name="改名后的暴雨"))
        conn.execute(sa.update(Area).where(Area.id == area).values(name="改名后的院"))
    assert "改名后的暴雨" in client.get(form).get_data(as_text=True)
    # And a session reading its walk from the shelf holds the area by its new name.
    with database.read_session() as s:
        generation.note(s, s.scalar(sa.select(generation.NOW)))
        ancestry(s, area)
        assert s.get(Area, area).name == "改名后的院"


def test_the_form_refuses_a_report_once_the_event_ended_elsewhere(seeded, database, other, make_user, auth,
                                                                  client, session, reads: Reads):
    make_user("li", "reporter")
    auth.login("li")
    event_id = session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    area = session.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
    forms = Forms(client)
    url = f"/events/{event_id}/reports/new/activity"
    fields = {"area_id": area, **when("observed_at", "2021-07-30", "14:30"), "title": "巡查"}
    assert forms.submit(url, fields).status_code == 302
    sent = forms.open(url)
    reads.seen.clear()
    assert client.post(url, data={**sent, **fields, "title": "排查"}).status_code == 302
    assert reads.shelved(), reads.seen  # the form's create, too, took the event and the walk from the shelf
    with other.begin() as conn:
        starts = conn.scalar(sa.select(Event.starts_at).where(Event.id == event_id))
        conn.execute(sa.update(Event).where(Event.id == event_id).values(ends_at=starts + timedelta(hours=1)))
    refused = forms.submit(url, {**fields, "title": "抽排"})  # another report, not a duplicate of the first
    assert refused.status_code == 422, refused.status_code


def test_a_rolled_back_edit_is_never_shelved(where, database, other, reporter_api: TokenClient, reads: Reads):
    url, area = where
    _primed(reporter_api, url, area, reads)
    event_id = _event_id(url)
    with other.begin() as conn:  # another process's edit: the shelf's values are now of an older generation
        conn.execute(sa.update(Event).where(Event.id == event_id).values(issuer="区防指"))
    # In this process: the event ended, read back in the same transaction (from the database: its own write),
    # then rolled back. Shelved then, the next request would take the end that never was.
    with database.late_write_session() as s:
        generation.note(s, s.scalar(sa.select(generation.NOW)))
        starts = s.scalar(sa.select(Event.starts_at).where(Event.id == event_id))
        s.execute(sa.update(Event).where(Event.id == event_id).values(ends_at=starts + timedelta(hours=1)))
        assert get_event(s, event_id).ends_at is not None
        s.rollback()
    for key in ("a", "b"):
        reads.seen.clear()
        taken = reporter_api.post(url, json=_body(area), headers={"Idempotency-Key": f"after-rollback-{key}"})
        assert taken.status_code == 201, taken.json
    assert reads.shelved()  # the second from the shelf again


def test_the_generation_rises_with_a_commit_and_not_with_a_rollback(seeded, database, other):
    def now() -> int:
        with other.connect() as conn:
            return conn.scalar(sa.select(generation.CACHE_GENERATION.c.n))

    before = now()
    with other.connect() as conn, conn.begin() as tx:
        conn.execute(sa.update(Area).values(households=7))
        tx.rollback()
    assert now() == before
    with other.begin() as conn:
        conn.execute(sa.update(Area).where(Area.level == "community").values(households=8))
    raised = now() - before
    # PostgreSQL: once per transaction (a deferred constraint trigger); SQLite: once per row.
    assert raised == 1 if other.dialect.name == "postgresql" else raised > 1
    with other.begin() as conn:
        conn.execute(sa.update(Event).values(issuer="区防指"))
    assert now() > before + raised
    if other.dialect.name == "postgresql":
        with other.begin() as conn:
            conn.exec_driver_sql("TRUNCATE events CASCADE")
        assert now() > before + raised + 1


def test_a_request_without_a_login_never_uses_the_shelf(where, database):
    url, _area = where
    with database.read_session() as s:
        assert generation.usable(s) is None  # no generation read: the scheduler, the CLI, the imports
        get_event(s, _event_id(url))
        assert generation.usable(s) is None
