"""Overdue alerts: an outage past its ETR with no update, a pumping operation with no volume for hours; once each."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from incidents.distribution import alerts, sending
from incidents.distribution.models import Notice

from .conftest import local
from .helpers import add

SILENT = timedelta(hours=6)


def _outage(b, area: str, reported, **fields) -> int:  # noqa: ANN001
    """An outage with a forward ETR. The report rules refuse any time after the server's clock, ETRs
    included ("is in the future"), so the clock here is a day on (reported_at stays as given)."""
    from incidents.reports.services import create_report

    data = {"event_id": b.event_id, "area_id": b.areas[area], "started_precision": "exact", "etr_precision": "exact",
            **fields}
    with b.database.transaction() as s:
        return create_report(s, "outage", data, b.user_id, reported_at=reported, now=reported + timedelta(days=1)).id


def _keys(database) -> list[str]:  # noqa: ANN001
    with database.read_session() as s:
        return sorted(s.scalars(sa.select(Notice.key)))


def test_overdue_outage_and_silent_pumping_alert_once(database, builder, robots, settings):
    add(database, builder.event_id, "区防指", "wecom", robots.url("/coord", "key", "kc"), briefs=False, alerts=True)
    add(database, builder.event_id, "甲街道", "wecom", robots.url("/a", "key", "ka"), briefs=False, reminders=True)
    b = builder
    late = _outage(b, "site-a", local("2021-07-02 08:05"), started_at=local("2021-07-02 08:00"),
                    households_affected=300, etr_at=local("2021-07-02 12:00"))
    updated = _outage(b, "site-b", local("2021-07-02 08:05"), started_at=local("2021-07-02 08:00"),
                       households_affected=100, etr_at=local("2021-07-02 12:00"))
    b.report("outage_update", "site-b", local("2021-07-02 12:35"), outage_id=updated,
             observed_at=local("2021-07-02 12:30"), households_out=40)
    done = _outage(b, "site-a", local("2021-07-02 08:05"), started_at=local("2021-07-02 08:00"),
                    households_affected=50, etr_at=local("2021-07-02 10:00"))
    b.report("outage_update", "site-a", local("2021-07-02 09:35"), outage_id=done,
             observed_at=local("2021-07-02 09:30"), fully_restored=True)
    op = b.report("pumping", "site-a", local("2021-07-02 06:05"), team="区排水队",
                  observed_at=local("2021-07-02 06:00"))
    fed = b.report("pumping", "site-b", local("2021-07-02 06:05"), team="消防大队",
                   observed_at=local("2021-07-02 06:00"))
    b.report("pumping_volume", "site-b", local("2021-07-02 11:00"), operation_id=fed,
             period_start=local("2021-07-02 06:00"), period_end=local("2021-07-02 11:00"), volume_m3=3000)

    # 11:59: nothing is overdue yet (ETR 12:00; pumping silent 5 h 54 min).
    assert alerts.alert_due(database, SILENT, local("2021-07-02 11:59")) == 0
    # 13:00: the outage at 甲小区 is past its ETR with no word; 乙's was updated after its ETR; the
    # restored one is not open (the timeline's state rule); 区排水队 has sent no volume for 7 hours.
    at = local("2021-07-02 13:00")
    assert alerts.alert_due(database, SILENT, at) == 2
    assert _keys(database) == sorted([f"alert:outage:{late}:{int(local('2021-07-02 12:00').timestamp())}",
                                      f"alert:pumping:{op}:{int(local('2021-07-02 06:05').timestamp())}"])
    # Sweeps every minute after that tell nobody again.
    for minutes in (1, 2, 30):
        assert alerts.alert_due(database, SILENT, at + timedelta(minutes=minutes)) == 0
    assert sending.send_due(database, settings, at).sent == 2
    texts = sorted(p.body["markdown"]["content"] for p in robots.at("/coord"))
    assert robots.at("/a") == [] and len(texts) == 2
    assert "甲小区 停电：预计恢复时间 2021-07-02 12:00 已过，尚无更新。" in texts[0] + texts[1]
    assert "区排水队 抽排作业：自 2021-07-02 06:05 起已 6 小时无抽排量报告" in texts[0] + texts[1]

    # A new ETR that passes in turn is a new item; so is a new silence after a volume.
    from incidents.reports.services import create_report

    with database.transaction() as s:
        create_report(s, "outage_update", {"event_id": b.event_id, "area_id": b.areas["site-a"], "outage_id": late,
                                           "observed_at": local("2021-07-02 13:05"), "observed_precision": "exact",
                                           "etr_at": local("2021-07-02 15:00"), "etr_precision": "exact"},
                      b.user_id, reported_at=local("2021-07-02 13:10"), now=local("2021-07-03 00:00"))
    assert alerts.alert_due(database, SILENT, local("2021-07-02 14:00")) == 0
    assert alerts.alert_due(database, SILENT, local("2021-07-02 15:30")) == 1
