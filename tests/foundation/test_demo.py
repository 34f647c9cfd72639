"""The Wenfeng demo: every figure of its newspaper page (data/demo/wenfeng-2021-07.yaml), loaded once however often."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from incidents import demo
from incidents.models import (
    Area,
    DebrisClearance,
    Disinfection,
    Event,
    OutageUpdate,
    PowerOutage,
    PumpingOperation,
    PumpingVolume,
    Report,
)
from incidents.vague import Precision

TABLES = [Area, Event, Report, PowerOutage, OutageUpdate, PumpingVolume, Disinfection]


def counts(session):
    return {m.__name__: session.scalar(sa.select(sa.func.count()).select_from(m)) for m in TABLES}


def area(session, name):
    return session.scalar(sa.select(Area).where(Area.name == name))


def test_loading_twice_changes_nothing(database, seeded, session):
    before = counts(session)
    assert seeded.reports == 23 and before["Report"] == 23
    with database.transaction() as s:
        again = demo.load_file(s)
    session.expire_all()
    assert (again.areas, again.events, again.reports, again.skipped) == (0, 0, 0, 23)
    assert counts(session) == before


def test_pumping_at_wenfenghui_is_50000_m3(seeded, session):
    site = area(session, "文峰汇·十二府")
    total = session.scalar(sa.select(sa.func.sum(PumpingVolume.volume_m3)).where(PumpingVolume.area_id == site.id))
    assert total == 50_000
    op = session.scalar(sa.select(PumpingOperation).where(PumpingOperation.area_id == site.id,
                                                          PumpingOperation.team.like("%衡水%")))
    assert (op.people, op.people_lb) == (12, False)


def test_ancai_24_buildings_restored_at_0045(seeded, session):
    site = area(session, "安彩嘉园二期")
    outage = session.scalar(sa.select(PowerOutage).where(PowerOutage.area_id == site.id))
    assert outage.buildings_affected == 24
    assert outage.started_precision is Precision.APPROXIMATE
    update = outage.updates[-1]
    assert update.buildings_restored == 24 and update.fully_restored
    assert update.observed_at == datetime(2021, 7, 24, 16, 45, tzinfo=UTC)  # 2021-07-25 00:45 +08:00
    assert update.observed_precision is Precision.EXACT
    assert outage.restored_at == update.observed_at


def test_beidajie_disinfection_counts(seeded, session):
    report = session.scalar(sa.select(Disinfection).where(Disinfection.area_id == area(session, "北大街街道").id))
    counts_by_code = {c.category_code: (c.count, c.count_lb) for c in report.counts}
    assert report.person_times == 80 and not report.person_times_lb
    assert counts_by_code == {"street": (24, False), "compound": (13, False), "courtyard": (66, False),
                              "garbage_point": (68, False), "drain_grate": (86, False),
                              "hand_sprayer": (11, False), "misting_sprayer": (6, False)}


def test_debris_is_30_plus_tonnes(seeded, session):
    report = session.scalar(sa.select(DebrisClearance).where(DebrisClearance.note.like("%富泉街%")))
    assert (report.mass_kg, report.mass_kg_lb) == (30_000, True)
    assert report.period_start_precision is Precision.AFTERNOON
    assert report.period_end_precision is Precision.MORNING


def test_vague_times_stay_vague(seeded, session):
    zdl = session.scalar(sa.select(OutageUpdate).where(OutageUpdate.area_id == area(session, "彰德路64号院").id))
    assert zdl.observed_precision is Precision.APPROXIMATE
    assert zdl.observed_at == datetime(2021, 7, 24, 13, 0, tzinfo=UTC)  # ≈21:00 +08:00
    afternoon = session.scalar(sa.select(OutageUpdate).where(OutageUpdate.area_id == area(session, "北大街街道").id))
    assert afternoon.observed_precision is Precision.AFTERNOON


BAD_ROW = """
areas:
  - {name: 文峰区, level: district}
events:
  - {code: bad, name: bad, kind: rainstorm, starts: "2021-07-22 00:00", area: 文峰区}
reports:
  - {key: good, event: bad, kind: activity, area: 文峰区, observed: "2021-07-23", title: fine}
  - key: broken
    event: bad
    kind: pumping_volume
    area: 文峰区
    operation: good
    period_start: "2021-07-24"
    period_end: "2021-07-25"
    volume_m3: -5
"""


def test_bad_row_names_file_line_reason_and_keeps_nothing(database, session, tmp_path: Path):
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_ROW, encoding="utf-8")
    before = counts(session)
    with pytest.raises(demo.LoadError) as caught, database.transaction() as s:
        demo.load_file(s, path)
    assert caught.value.path == path and caught.value.line == 8  # the "- key: broken" line
    # Every error of the row at once: its operation is an activity too, said beside the negative volume.
    assert caught.value.reason == ("broken: volume_m3: must not be negative; "
                                   "operation_id: report #1 is an activity log entry, not a pumping operation")
    session.expire_all()
    assert counts(session) == before  # the good row and the new area and event are gone too


def test_bad_volume_rejected_with_field(database, session, tmp_path: Path):
    path = tmp_path / "neg.yaml"
    path.write_text(BAD_ROW.replace("operation: good", "operation: missing"), encoding="utf-8")
    with pytest.raises(demo.LoadError, match="operation"), database.transaction() as s:
        demo.load_file(s, path)


def test_cli_load_demo_twice(runner, app):
    first = runner.invoke(args=["incidents", "load-demo"])
    assert first.exit_code == 0, first.output
    assert "23 reports" in first.output
    second = runner.invoke(args=["incidents", "load-demo"])
    assert "0 reports, 0 briefs" in second.output and "23 already present" in second.output
