"""A restored archive's outages are restored where the timeline's rule says so, whatever mirror it carried.

An archive written before the mirror followed the rule (restored_at set only by a tick of 全部恢复) held
an outage whose 100 households all came back as open: restored as it was, the headline said 1 open
outage and the brief 0. The restore sets every outage's mirror from the rule (reports/restoration.py).
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from incidents.backup import services
from incidents.events.services import headline_figures
from incidents.models import PowerOutage
from tests.briefs.conftest import local, make_builder


def test_restore_sets_the_mirror_by_the_rule(database, target: Flask, tmp_path: Path):  # noqa: ANN001
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    outage = b.report("outage", "site-a", local("2021-07-01 20:30"), started_at=local("2021-07-01 20:00"),
                      households_affected=100)
    b.report("outage_update", "site-a", local("2021-07-02 09:30"), outage_id=outage,
             observed_at=local("2021-07-02 09:00"), households_restored=100)
    with database.transaction() as s:
        # As an older version left it: no tick of 全部恢复, no mirror.
        s.execute(sa.update(PowerOutage.__table__).values(restored_at=None, restored_precision=None))
    archive = services.backup(database, tmp_path / "old.zip").path

    restored = target.extensions["incidents.db"]
    services.restore(restored, archive)
    with restored.read_session() as s:
        assert s.get(PowerOutage, outage).restored_at == local("2021-07-02 09:00")
        assert headline_figures(s, [b.event_id])[b.event_id]["open_outages"] == 0
