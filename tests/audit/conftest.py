"""Audit fixtures: the people who change things, and a commit the database refuses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.audit.models import AuditEntry, IdempotencyKey
from incidents.models import Area, Event, User


def arm_commit_bomb(session: Session) -> None:
    """Make this transaction's COMMIT fail inside the database (a deferred constraint), not in Python."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(sa.text("PRAGMA defer_foreign_keys=ON"))
        # A dangling foreign key is only checked at COMMIT once deferred.
        session.execute(sa.text(
            "INSERT INTO idempotency_keys (key, user_id, entity, entity_id, created_at) "
            "VALUES ('commit-bomb', 987654321, 'reports', 1, '2021-07-24 00:00:00')"))
    else:
        session.execute(sa.text(
            "CREATE TEMP TABLE IF NOT EXISTS commit_bomb (x int) ON COMMIT DELETE ROWS"))
        session.execute(sa.text(
            "CREATE OR REPLACE FUNCTION pg_temp.refuse_commit() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'commit refused by the test'; END $$"))
        session.execute(sa.text(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'commit_bomb_trigger') THEN "
            "CREATE CONSTRAINT TRIGGER commit_bomb_trigger AFTER INSERT ON commit_bomb "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pg_temp.refuse_commit(); END IF; END $$"))
        session.execute(sa.text("INSERT INTO commit_bomb VALUES (1)"))


@dataclass
class People:
    """Ids of the people in a scenario."""

    coordinator: int
    reporter: int
    admin: int


@pytest.fixture
def people(make_user) -> People:
    """A coordinator, an unscoped reporter and an administrator."""
    return People(coordinator=make_user("coord", "coordinator"), reporter=make_user("field1", "reporter"),
                  admin=make_user("root", "admin"))


def demo_report_id(session: Session, key: str) -> int:
    """The id of a demo report by its key in the YAML."""
    return session.get(IdempotencyKey, f"demo:{key}").entity_id


def edited_verified_retracted(database: Any, session: Session, people: Any) -> int:
    """The demo's 彰德路64号院 outage edited by its reporter, verified, then retracted by the coordinator: its id."""
    from incidents.models import Report, ReportStatus
    from incidents.reports import services as reports

    report_id = demo_report_id(session, "bdj-outage-zdl64")
    with database.transaction() as s:
        report = s.get(Report, report_id)
        reports.edit_report(s, report, {"households_affected": 120, "households_affected_lb": True,
                                        "note": "物业补报户数"}, people.reporter, expected_version=report.version)
        reports.set_status(s, report, ReportStatus.VERIFIED, people.coordinator)
        reports.set_status(s, report, ReportStatus.RETRACTED, people.coordinator)
    return report_id


def rainstorm(session: Session) -> Event:
    """The seed's rainstorm event."""
    return session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))


def area_named(session: Session, name: str) -> Area:
    """A seed area by name."""
    return session.scalar(sa.select(Area).where(Area.name == name))


def audit_count(session: Session) -> int:
    """How many audit rows there are."""
    return session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))


def user_named(session: Session, username: str) -> User:
    """A user by username."""
    return session.scalar(sa.select(User).where(User.username == username))
