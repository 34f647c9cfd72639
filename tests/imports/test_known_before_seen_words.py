"""A 获知时间 earlier than the time the report tells of is refused in words the file's reader knows.

The preview said 获悉时间 | 早于观察时间（observed_at）: a field code the sheet does not have (its column is 时间,
or 开始时间, 停电时间…), in a Chinese sentence. It now says 早于发生时间 / 'is before the time it happened',
the column named as the file spells it, as every other error is; the API's errors still key it reported_at.
"""

from __future__ import annotations

import re

from tests.imports.conftest import csv_bytes
from tests.imports.test_pages import upload
from tests.imports.test_template_headers import error_cells

PUMPING = [["地点", "队伍", "人数", "泵数", "时间", "获悉时间"],
           ["文峰区/北大街街道/彰德路64号院", "消防", "3", "2", "2021-07-23 10:00", "2021-07-23 09:00"]]


def test_a_known_at_before_the_time_it_tells_of_is_said_plainly(client, auth, event, make_user):
    make_user("co", "coordinator")
    auth.login("co")
    _token, preview = upload(client, f"/events/{event.id}/import", csv_bytes(PUMPING))
    html = preview.get_data(as_text=True)
    assert preview.status_code == 422 and error_cells(html) == [("2", "获悉时间")]
    table = re.search(r'<table class="import-errors">.*?</table>', html, re.S).group(0)
    assert "早于发生时间" in table and "observed_at" not in table
