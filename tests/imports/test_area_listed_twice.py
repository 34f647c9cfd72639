"""An areas file listing one path twice is refused at the later line, naming the earlier (an h1 audit, 7 December).

Found: the second row silently corrected the area the first had just made (文峰区/北大街街道/测试社区甲 as Test A, then
as Test B: the preview said "新增：1，更正：1", and Test A was lost without a word); the same row twice was counted
"already imported". A reports file says each row the same as an earlier one (two patrols logged alike are two
facts); an area is one place, listed once.
"""

from __future__ import annotations

import sqlalchemy as sa

from incidents.areas.models import Area
from tests.imports.conftest import csv_bytes
from tests.imports.test_pages import upload

PATH = "文峰区/北大街街道/测试社区甲"


def test_a_path_listed_twice_is_refused_naming_the_earlier_line(client, auth, make_user, seeded, session):
    make_user("root", "admin")
    auth.login("root")
    rows = [["路径", "级别", "英文名"], [PATH, "社区", "Test A"], [PATH, "社区", "Test B"], [PATH, "社区", "Test B"]]
    _token, preview = upload(client, "/areas/import", csv_bytes(rows), "areas.csv")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 422, page[:2000]
    assert page.count("与第2行是同一地区：每个地区只能列一行") == 2, page
    assert session.scalar(sa.select(sa.func.count()).select_from(Area).where(Area.name == "测试社区甲")) == 0
