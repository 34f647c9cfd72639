"""Every mutation leaves exactly one audit row, in the same transaction: a failed commit leaves neither."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from incidents.areas import services as areas
from incidents.audit import services as audit
from incidents.audit.models import AuditEntry
from incidents.auth import services as accounts
from incidents.events import services as events
from incidents.models import Report, ReportStatus, User
from incidents.reports import services as reports
from tests.audit.conftest import (
    People,
    area_named,
    arm_commit_bomb,
    audit_count,
    demo_report_id,
    rainstorm,
    user_named,
)
from tests.security.sweep import fingerprint

TZ = ZoneInfo("Asia/Shanghai")

# name -> function(session, people) performing ONE mutation, returning (expected action, the record)
Mutation = Callable[[sa.orm.Session, People], tuple[str, object]]


def _report(s, key: str) -> Report:  # noqa: ANN001
    return s.get(Report, demo_report_id(s, key))


def _retracted(s, people: People) -> Report:  # noqa: ANN001
    report = _report(s, "hengshui-arrival")
    report.status = ReportStatus.RETRACTED  # arranged without a trail row: only the restore is under test
    s.flush()
    return report


MUTATIONS: dict[str, Mutation] = {
    "create report": lambda s, p: ("create", reports.create_report(s, "activity", {
        "event_id": rainstorm(s).id, "area_id": area_named(s, "西钟楼巷").id,
        "observed_at": datetime(2021, 7, 24, 9, 0, tzinfo=TZ), "title": "巡查积水"}, p.reporter)),
    "edit report": lambda s, p: ("update", reports.edit_report(
        s, _report(s, "hengshui-arrival"), {"note": "更正"}, p.coordinator, expected_version=1)),
    "verify report": lambda s, p: ("verify", reports.set_status(
        s, _report(s, "bdj-outage-zdl64"), ReportStatus.VERIFIED, p.coordinator)),
    "send a report back": lambda s, p: ("return", reports.set_status(
        s, _report(s, "bdj-outage-zdl64"), ReportStatus.RETURNED, p.coordinator, reason="户数不对")),
    "retract report": lambda s, p: ("retract", reports.set_status(
        s, _report(s, "hengshui-wfh-volume"), ReportStatus.RETRACTED, p.coordinator)),
    "restore report": lambda s, p: ("restore", reports.set_status(
        s, _retracted(s, p), ReportStatus.SUBMITTED, p.coordinator)),
    "create event": lambda s, p: ("create", events.create_event(
        s, code="test-typhoon", name="测试台风", kind="typhoon", starts_at=datetime(2021, 7, 27, tzinfo=TZ),
        user_id=p.coordinator)),
    "update event": lambda s, p: ("update", events.update_event(
        s, rainstorm(s), {"brief_time": time(7, 30)}, p.coordinator, expected_version=1)),
    "create area": lambda s, p: ("create", areas.create_area(
        s, name="东关社区", level="community", parent=area_named(s, "东关街道"), user_id=p.coordinator)),
    "update area": lambda s, p: ("update", areas.update_area(
        s, area_named(s, "安彩嘉园二期"), {"households": 1200}, p.coordinator, expected_version=1)),
    "create user": lambda s, p: ("create", accounts.create_user(
        s, "newbie", "long enough password", "viewer", actor_id=p.admin)),
    "update user": lambda s, p: ("update", accounts.update_user(
        s, s.get(User, p.reporter), {"role": "coordinator"}, p.admin, expected_version=1)),
    "reset password": lambda s, p: ("password", accounts.set_password(
        s, s.get(User, p.reporter), "another long password", p.admin)),
}


@pytest.mark.parametrize("name", MUTATIONS)
def test_every_mutation_leaves_exactly_one_audit_row(database, seeded, people, name):
    with database.transaction() as s:
        before = audit_count(s)
        action, record = MUTATIONS[name](s, people)
        s.flush()
        assert audit_count(s) == before + 1, name
        entity, entity_id = audit.entity_name(record), record.id
        snapshot = audit.snapshot(record)
    with database.read_session() as s:
        [row] = s.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
        assert (row.action, row.entity, row.entity_id) == (action, entity, entity_id)
        assert row.user_id is not None and row.at.tzinfo is not None
        assert row.after == snapshot  # the row describes the record as committed
        assert (row.before is None) == (action == "create")
        assert "password_hash" not in row.after


@pytest.mark.parametrize("name", MUTATIONS)
def test_a_failed_commit_leaves_neither_the_change_nor_its_audit_row(database, seeded, people, name):
    before = fingerprint(database.engine)
    with database.write_session() as s:
        MUTATIONS[name](s, people)
        s.flush()
        arm_commit_bomb(s)
        with pytest.raises(sa.exc.DBAPIError):
            s.commit()
    assert fingerprint(database.engine) == before


def test_an_unchanged_save_is_not_a_version(database, seeded, people):
    with database.transaction() as s:
        before = audit_count(s)
        event = rainstorm(s)
        events.update_event(s, event, {"name": event.name}, people.coordinator, expected_version=event.version)
        area = area_named(s, "安彩嘉园二期")
        areas.update_area(s, area, {"buildings": 24}, people.coordinator, expected_version=area.version)
        accounts.update_user(s, s.get(User, people.reporter), {"role": "reporter"}, people.admin)
        assert audit_count(s) == before
        assert event.version == 1 and area.version == 1


def test_the_demo_loader_leaves_system_rows(database, seeded):
    with database.read_session() as s:
        rows = s.execute(sa.select(AuditEntry.entity, sa.func.count()).where(AuditEntry.user_id.is_(None))
                         .group_by(AuditEntry.entity)).all()
        by_entity = dict(rows)
        # One per area created, and one per area the gazetteer then placed (北大街街道, 天宁寺).
        assert by_entity["areas"] == seeded.areas + 2 and by_entity["events"] == seeded.events
        assert by_entity["users"] == 1  # the loader's own account
        loader = user_named(s, "demo-loader")
        actions = dict(s.execute(sa.select(AuditEntry.action, sa.func.count()).where(
            AuditEntry.entity == "reports", AuditEntry.user_id == loader.id).group_by(AuditEntry.action)).all())
        # One row per report, plus one per outage whose restoration an update recorded (3 in the seed), and
        # one per pumping end added when it ended (2: an end is no part of the report that began it).
        assert actions == {"create": seeded.reports, "restoration": 3, "update": 2}


def test_event_and_area_rules_name_the_field(database, seeded, people):
    from incidents.errors import ValidationError

    with database.transaction() as s:
        cases = [
            (lambda: events.update_event(s, rainstorm(s), {"timezone": "Mars/Olympus"}, None), "timezone"),
            (lambda: events.update_event(s, rainstorm(s), {"ends_at": datetime(2020, 1, 1, tzinfo=TZ)}, None),
             "ends_at"),
            (lambda: events.update_event(s, rainstorm(s), {"code": "wenfeng-2021-07-infa"}, None), "code"),
            (lambda: events.update_event(s, rainstorm(s), {"version": 9}, None), "version"),
            (lambda: areas.update_area(s, area_named(s, "北大街街道"), {"parent_id": area_named(s, "彰德路64号院").id},
                                       None), "parent_id"),
            (lambda: areas.update_area(s, area_named(s, "北大街街道"), {"level": "site"}, None), "level"),
            (lambda: areas.update_area(s, area_named(s, "西钟楼巷"), {"name": "彰德路64号院"}, None), "name"),
            (lambda: areas.update_area(s, area_named(s, "西钟楼巷"), {"latitude": 91}, None), "latitude"),
            (lambda: areas.update_area(s, area_named(s, "西钟楼巷"), {"households": -1}, None), "households"),
            (lambda: areas.create_area(s, name="x", level="district", parent=area_named(s, "文峰区")), "level"),
        ]
        before = audit_count(s)
        for call, field in cases:
            with pytest.raises(ValidationError) as caught:
                call()
            assert field in caught.value.errors, (field, caught.value.errors)
        assert audit_count(s) == before


def test_moving_an_area_keeps_its_history(database, seeded, people):
    with database.transaction() as s:
        lane = area_named(s, "西钟楼巷")
        areas.update_area(s, lane, {"parent_id": area_named(s, "东关街道").id, "name": "西钟楼巷（东）"},
                          people.coordinator, expected_version=1)
    with database.read_session() as s:
        rows = audit.history(s, "areas", lane.id)
        assert [r.action for r in rows] == ["create", "update"]
        assert rows[1].before["name"] == "西钟楼巷" and rows[1].after["name"] == "西钟楼巷（东）"
        assert "xzlx" in rows[1].after["search_key"]  # pinyin initials follow the new name
