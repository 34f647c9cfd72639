"""An areas file once stored opens the area list with the new places in it, as a reports file opens the report
list: it came back to an empty upload form under 已导入：新增 2, with no way on to what was imported."""

from __future__ import annotations

import sqlalchemy as sa

from incidents.models import Area
from tests.conftest import csrf_from
from tests.imports.conftest import csv_bytes
from tests.imports.test_pages import upload


def test_a_stored_areas_file_opens_the_area_list(client, auth, make_user, seeded, session):
    make_user("root", "admin")
    auth.login("root")
    data = csv_bytes([["路径", "级别"], ["文峰区/北大街街道/西大街社区", "社区"]])
    token, preview = upload(client, "/areas/import", data, "areas.csv")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200, html
    confirm = client.post(f"/imports/{token}/confirm", data={"csrf_token": csrf_from(html), "token": token})
    assert confirm.status_code == 302 and confirm.headers["Location"] == "/areas"
    landed = client.get(confirm.headers["Location"], follow_redirects=True)
    page = landed.get_data(as_text=True)
    district = session.scalar(sa.select(Area.id).where(Area.name == "文峰区"))
    assert landed.request.path == f"/areas/{district}"  # the district's page
    assert "已导入：新增 1，更正 0，已存在 0。" in page
