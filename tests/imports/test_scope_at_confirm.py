"""A confirm judges the rows by the importer's scope at the confirm, not the one the preview was checked under.

An auditor's late pass on scope (5 December): 北大街街道's reporter previews a file of its own rows, the office
moves its scope to 银杏大街街道, and the confirm is pressed. Held as it was: the confirm is the 422 naming the place,
and nothing is stored (this test keeps it so).
"""

from __future__ import annotations

import html as htmllib

import sqlalchemy as sa

from incidents import demo
from incidents.auth.models import User
from tests.conftest import csrf_from
from tests.imports.conftest import count_reports, csv_bytes
from tests.imports.test_pages import upload
from tests.imports.test_rows import activity_rows


def test_a_scope_moved_between_preview_and_confirm_stores_nothing(client, auth, event, make_user, database):
    make_user("bdj", "reporter", scope="文峰区/北大街街道")
    auth.login("bdj")
    rows = [activity_rows(0)[0], ["文峰区/北大街街道/西钟楼巷", "巡查", "2021-07-24 09:00", ""]]
    token, preview = upload(client, f"/events/{event.id}/import", csv_bytes(rows))
    assert preview.status_code == 200 and f"/imports/{token}/confirm" in preview.get_data(as_text=True)
    with database.transaction() as s:
        user = s.scalar(sa.select(User).where(User.username == "bdj"))
        user.scope_area_id = demo._area_by_path(s, "文峰区/银杏大街街道").id
    before = count_reports(database)
    confirmed = client.post(f"/imports/{token}/confirm",
                            data={"csrf_token": csrf_from(preview.get_data(as_text=True)), "token": token})
    assert confirmed.status_code == 422
    assert "不在您负责的区域内" in htmllib.unescape(confirmed.get_data(as_text=True))
    assert count_reports(database) == before
