"""An update or a volume is offered only where the user may write it (auth/policy.can_attach_to): a scoped
reporter sees no 填报排水量 / 填报进展 on another subdistrict's operation or outage; a form with nothing to
attach to says why and links to the report to start with; an out-of-scope ?outage= / ?operation= says so."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.db import now_utc
from incidents.models import Area
from incidents.reports import services
from incidents.reports.models import ReportKind

SCOPE = "文峰区/北大街街道"
OWN_SITE, FOREIGN_SITE = "西钟楼巷", "文峰家园小区"  # 北大街街道 / 宝莲寺镇

CASES = {
    # parent kind: (child kind, query parameter, the action's words, the empty list's words, the parent's data)
    ReportKind.PUMPING: (ReportKind.PUMPING_VOLUME, "operation", "填报排水量",
                         "您负责的区域内暂无排涝作业，请先新建排涝作业报告", {"team": "某排涝队"}),
    ReportKind.OUTAGE: (ReportKind.OUTAGE_UPDATE, "outage", "填报进展或恢复供电",
                        "您负责的区域内暂无停电报告，请先新建停电报告", {"households_affected": 50}),
}


def parent(database, live, user_id: int, kind: ReportKind, place: str) -> int:
    """An operation or outage of the live event at a place, logged by an unscoped coordinator."""
    time = "observed_at" if kind is ReportKind.PUMPING else "started_at"
    with database.transaction() as s:
        area_id = s.scalar(sa.select(Area.id).where(Area.name == place))
        data = {"event_id": live.id, "area_id": area_id, time: now_utc(), f"{time[:-3]}_precision": "exact",
                **CASES[kind][4]}
        return services.create_report(s, kind, data, user_id).id


@pytest.mark.parametrize("kind", list(CASES), ids=lambda k: k.value)
def test_a_scoped_reporter_is_offered_only_what_they_may_write(kind, client, auth, database, live, make_user):
    child, ref, action, empty, _data = CASES[kind]
    office = make_user("office", "coordinator")
    make_user("bdj", "reporter", scope=SCOPE)
    foreign = parent(database, live, office, kind, FOREIGN_SITE)
    auth.login("bdj")
    new_parent = f"/events/{live.id}/reports/new/{kind.value}"

    page = client.get(f"/reports/{foreign}").get_data(as_text=True)
    assert action not in page and f"/reports/new/{child.value}" not in page

    form = client.get(f"/events/{live.id}/reports/new/{child.value}?{ref}={foreign}").get_data(as_text=True)
    assert empty in form and f'href="{new_parent}"' in form
    assert f"#{foreign}（{FOREIGN_SITE}）不在您负责的区域内" in form

    own = parent(database, live, office, kind, OWN_SITE)
    page = client.get(f"/reports/{own}").get_data(as_text=True)
    assert action in page and f"/reports/new/{child.value}?{ref}={own}" in page
    form = client.get(f"/events/{live.id}/reports/new/{child.value}?{ref}={own}").get_data(as_text=True)
    assert empty not in form and "不在您负责的区域内" not in form
    assert f'<option value="{own}" selected>' in form and f'value="{foreign}"' not in form


def test_an_unscoped_reporter_is_told_the_event_has_none_yet(client, auth, live, make_user):
    make_user("li", "reporter")
    auth.login("li")
    form = client.get(f"/events/{live.id}/reports/new/pumping_volume").get_data(as_text=True)
    # The kind is named as its link and the kind chooser name it (排涝作业), not another word for it.
    assert "本事件暂无排涝作业，请先新建排涝作业报告" in form and "排水作业" not in form
    assert f'href="/events/{live.id}/reports/new/pumping"' in form
