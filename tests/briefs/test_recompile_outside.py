"""Recompile from the web when the brief's day has left the event (its end or start moved since): a 400
page naming the problem, as compile-now answers, never a 500; nothing queued."""

from __future__ import annotations

import sqlalchemy as sa

from incidents.briefs import services
from incidents.briefs.models import CompileRequest
from incidents.models import Event

from .conftest import day_of, local


def test_recompile_of_a_day_after_the_moved_end_is_refused_by_name(client, auth, make_user, database,
                                                                  rainstorm):
    brief = services.compile_once(database, rainstorm.id, day_of("2021-07-25"), now=local("2021-07-26 08:00")).brief
    make_user("coord1", "coordinator")
    auth.login("coord1")
    with database.transaction() as s:
        s.get_one(Event, rainstorm.id).ends_at = local("2021-07-25 00:00")  # the 25th is now after the end
    response = auth.post(f"/briefs/{brief.id}/recompile", {}, form_url=f"/briefs/{brief.id}")
    assert response.status_code == 400
    assert "日期：晚于事件结束" in response.get_data(as_text=True)
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(CompileRequest)) == 0


def test_recompile_of_a_day_before_the_moved_start_is_refused_by_name(client, auth, make_user, database,
                                                                     rainstorm):
    brief = services.compile_once(database, rainstorm.id, day_of("2021-07-23"), now=local("2021-07-24 08:00")).brief
    make_user("coord1", "coordinator")
    auth.login("coord1")
    with database.transaction() as s:
        s.get_one(Event, rainstorm.id).starts_at = local("2021-07-24 06:00")
    response = auth.post(f"/briefs/{brief.id}/recompile", {}, form_url=f"/briefs/{brief.id}")
    assert response.status_code == 400
    assert "日期：早于事件开始" in response.get_data(as_text=True)
