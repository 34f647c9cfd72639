"""Out of the box the demo stands as it would had the product run through July 2021 (issue 10, item 1).

`incidents load-demo` loads the reports in the order the office learned them and compiles each
brief at its due time, with the cut-off the scheduler would have used; both events are over, so
no brief is dated after an event's end and the live pages open at the end, not at today.

The demo is loaded once for the module (fourteen compiles; once a worker, copied after); no test here uses
the `app` fixture, which would empty the tables.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from incidents.briefs import services as briefs
from incidents.models import AuditEntry, Brief, Event
from tests import seedcopy
from tests.conftest import PASSWORD, Auth

TZ = ZoneInfo("Asia/Shanghai")


def local(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=TZ)


def load_demo(runner) -> None:
    result = runner.invoke(args=["incidents", "load-demo"])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def demo_app(db_url: str, tmp_path_factory: pytest.TempPathFactory):
    """A fresh database with the demo loaded by `incidents load-demo`, and a viewer."""
    from incidents import create_app, demo
    from incidents.auth.services import create_user
    from tests.conftest import empty_tables

    app = create_app({"DATABASE_URL": db_url, "INSTANCE_PATH": str(tmp_path_factory.mktemp("demo")),
                      "SECRET_KEY": "demo-july"})
    database = app.extensions["incidents.db"]
    empty_tables(database.engine)
    with database.transaction() as s:
        demo.load_reference(s)
    # A worker's first setup runs the command; a later one (xdist's worksteal hands a worker this module's tests
    # between others', and each return sets the module up again) gets the very rows it made (tests/seedcopy.py):
    # 4-10 s a setup, 4 setups of the 18-29 s setups in the run's slowest 80 (6 December, load 15). The viewer
    # after: on the same state as the drill's tests (test_demo_drill.py), which then copy the same load.
    seedcopy.load_demo(database, app.test_cli_runner())
    with database.transaction() as s:
        create_user(s, "v", PASSWORD, "viewer")
    yield app
    database.engine.dispose()


@pytest.fixture
def session(demo_app):
    with demo_app.extensions["incidents.db"].read_session() as s:
        yield s


@pytest.fixture
def client(demo_app):
    client = demo_app.test_client()
    Auth(client).login("v")
    return client


@pytest.fixture
def runner(demo_app):
    return demo_app.test_cli_runner()


def event_of(session, code: str) -> Event:
    return session.scalar(sa.select(Event).where(Event.code == code))


def stored(session, event_id: int) -> list[Brief]:
    return list(session.scalars(sa.select(Brief).where(Brief.event_id == event_id)
                                .order_by(Brief.day, Brief.revision)))


def test_the_demo_events_are_over(session):
    rain, infa = event_of(session, "wenfeng-2021-07-rainstorm"), event_of(session, "wenfeng-2021-07-infa")
    assert briefs.last_day(rain) == date(2021, 7, 31)
    assert briefs.last_day(infa) == date(2021, 7, 29)


def test_load_demo_compiles_each_brief_at_its_due_time(session):
    rain = event_of(session, "wenfeng-2021-07-rainstorm")
    rows = stored(session, rain.id)
    days = [date(2021, 7, 22) + timedelta(days=i) for i in range(10)]
    assert [(b.day, b.number, b.revision) for b in rows] == [(d, i + 1, 1) for i, d in enumerate(days)]
    for b in rows:
        due = briefs.due_at(rain, b.day)
        assert b.cutoff == due and b.compiled_at == due, b.day  # as the scheduler would have, that morning
        assert b.status.value == "compiled"
        assert b.day <= date(2021, 7, 31)
    infa = event_of(session, "wenfeng-2021-07-infa")
    assert [(b.day, b.number) for b in stored(session, infa.id)] == [
        (date(2021, 7, 26) + timedelta(days=i), i + 1) for i in range(4)]


def test_the_replayed_briefs_carry_the_seeds_figures(session):
    """The figures tests/briefs/test_seed.py checks on the scheduled briefs, from load-demo alone."""
    rain = event_of(session, "wenfeng-2021-07-rainstorm")
    c = {b.day.isoformat(): briefs.load_content(b) for b in stored(session, rain.id)}
    p = c["2021-07-24"].power
    assert [o.area for o in p.open] == ["文峰汇·十二府", "安彩嘉园二期"]
    assert p.buildings_out.value == 24 and p.open[1].restored_after.at == local("2021-07-25 00:45")
    assert c["2021-07-24"].pumping.volume_m3.to_date.value is None  # reported only on 07-27 12:00
    assert [o.area for o in c["2021-07-25"].power.restored] == ["安彩嘉园二期"]
    v = c["2021-07-27"].pumping.volume_m3
    assert (v.period.value, v.to_date.value) == (8334, 50000)
    pt = c["2021-07-28"].disinfection.person_times
    # The 700 sanitation workers on duty are staff, not person-times: only the 80 and 20 rounds count,
    # and the streets of 07-26 were disinfected by people nobody counted: at least 100.
    assert (pt.period.value, pt.to_date.value, pt.to_date.lb) == (80, 100, True)
    mass = c["2021-07-26"].debris.mass_kg
    assert (mass.period.value, mass.to_date.value) == (15000, 30000)


def test_loading_twice_changes_nothing(runner, session):
    before = [(b.id, b.day, b.revision) for b in session.scalars(sa.select(Brief).order_by(Brief.id))]
    audit_rows = session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))
    load_demo(runner)
    session.rollback()  # a fresh snapshot
    assert [(b.id, b.day, b.revision) for b in session.scalars(sa.select(Brief).order_by(Brief.id))] == before
    assert session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == audit_rows


def test_the_brief_list_shows_july_2021(session, client):
    rain = event_of(session, "wenfeng-2021-07-rainstorm")
    html = client.get(f"/events/{rain.id}/briefs").get_data(as_text=True)
    numbers = sorted(int(n) for n in re.findall(r"第(\d+)期", html))
    assert numbers == list(range(1, 11))
    assert "2021-07-31" in html and "2021-08-01" not in html.split("<tbody>")[1].split("</th>")[0]
    assert "not compiled yet" not in html and "尚未编发" not in html and "2026" not in html


def test_the_timeline_now_view_opens_at_the_events_end(session, client):
    rain = event_of(session, "wenfeng-2021-07-rainstorm")
    html = client.get(f"/events/{rain.id}/timeline").get_data(as_text=True)
    # 文峰汇·十二府 (out since 07-22, restoration not reported) is out for days, not years.
    days = [int(n.replace(",", "")) for n in re.findall(r"([\d,]+)天", html)]
    assert days and max(days) <= 10, days
    assert not re.search(r"[\d,]{3,}小时", html)
    data = client.get(f"/events/{rain.id}/timeline.json").get_json()
    assert data["at"].startswith("2021-07-31")


def test_the_report_filter_offers_the_events_days(session, client):
    rain = event_of(session, "wenfeng-2021-07-rainstorm")
    html = client.get(f"/events/{rain.id}/reports").get_data(as_text=True)
    select = re.search(r'<select[^>]*name="day".*?</select>', html, re.S).group(0)
    offered = re.findall(r'<option value="(\d{4}-\d\d-\d\d)"', select)
    assert offered and min(offered) == "2021-07-22" and max(offered) == "2021-07-31"
    assert len(offered) == 10


def test_the_demo_cites_its_article_not_a_file(session, client):
    """Item 19: the source reads as a citation (newspaper, date, article), never an internal path."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "data" / "demo"
    for path in root.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert "../" + "shared" not in text and "seeds/" not in text and ".txt" not in text, path
    from incidents.models import IdempotencyKey

    report_id = session.get(IdempotencyKey, "demo:bdj-outage-compounds").entity_id
    html = client.get(f"/reports/{report_id}").get_data(as_text=True)
    assert "《安阳日报》" in html and "2021年7月" in html and "灾后重建有序推进" in html
    assert "seeds/" not in html and ".txt" not in html


def test_loading_again_after_a_reopen_compiles_nothing(demo_app, runner, session):
    """A newcomer reopened a demo event, then ran `serve --demo` again: the load compiled a brief for every
    day since July 2021 (it hung for minutes). The days of a reopened event are the scheduler's to catch up."""
    from incidents.events.services import close_event, reopen_event

    database = demo_app.extensions["incidents.db"]
    with database.transaction() as s:
        rain = event_of(s, "wenfeng-2021-07-rainstorm")
        ends = rain.ends_at
        reopen_event(s, rain, None)
    try:
        before = session.scalar(sa.select(sa.func.count()).select_from(Brief))
        load_demo(runner)
        session.rollback()  # a fresh snapshot
        assert session.scalar(sa.select(sa.func.count()).select_from(Brief)) == before
    finally:
        with database.transaction() as s:
            close_event(s, event_of(s, "wenfeng-2021-07-rainstorm"), ends, None)
