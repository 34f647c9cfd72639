"""The database itself refuses what must never be stored, whatever the code above it does."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from incidents.demo import loader_user
from incidents.models import Area, Event, OutageUpdate, PowerOutage, PumpingOperation, PumpingVolume

T0 = datetime(2021, 7, 23, 11, 0, tzinfo=UTC)


@pytest.fixture
def base(seeded, session):
    event = session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
    site = session.scalar(sa.select(Area).where(Area.name == "安彩嘉园二期"))
    user = loader_user(session)
    return {"event_id": event.id, "area_id": site.id, "reporter_id": user.id,
            "observed_precision": "exact"}


def insert_fails(session, obj):
    session.add(obj)
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_negative_volume_refused(session, base):
    op = session.scalar(sa.select(PumpingOperation).limit(1))
    insert_fails(session, PumpingVolume(**base, observed_at=T0, operation_id=op.id, period_start=T0,
                                        period_start_precision="exact", period_end=T0 + timedelta(hours=1),
                                        period_end_precision="exact", volume_m3=-1))


def test_volume_interval_backwards_refused(session, base):
    op = session.scalar(sa.select(PumpingOperation).limit(1))
    insert_fails(session, PumpingVolume(**base, observed_at=T0, operation_id=op.id, period_start=T0,
                                        period_start_precision="exact", period_end=T0 - timedelta(hours=1),
                                        period_end_precision="exact", volume_m3=10))


def test_restoration_before_outage_start_refused(session, base):
    insert_fails(session, PowerOutage(**base, observed_at=T0, started_at=T0, started_precision="exact",
                                      restored_at=T0 - timedelta(minutes=1), restored_precision="exact"))


def test_restored_more_than_affected_refused(session, base):
    outage = session.scalar(sa.select(PowerOutage).limit(1))
    insert_fails(session, OutageUpdate(**base, observed_at=T0, outage_id=outage.id, households_affected=10,
                                       households_restored=11))


def test_negative_households_refused(session, base):
    insert_fails(session, PowerOutage(**base, observed_at=T0, started_at=T0, started_precision="exact",
                                      households_affected=-3))


def test_unknown_precision_refused(session, base):
    session.execute(sa.text("SELECT 1"))
    with pytest.raises(Exception):  # noqa: B017 - enum CHECK or the ORM's own enum check
        session.add(PowerOutage(**{**base, "observed_precision": "roughly"}, observed_at=T0, started_at=T0,
                                started_precision="exact"))
        session.flush()
    session.rollback()
