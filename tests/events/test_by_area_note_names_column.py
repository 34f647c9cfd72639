"""The note under 分街道（镇）情况 names the figure that counts every report by its heading, not by its place.

Found by a newcomer's pass at 360 px: the note said 最后一列统计全部报告 (the last column counts every report), but on
a phone the table is a card per subdistrict, each figure beside its heading (test_by_area_stacks_browser), so there
is no last column to find; 报告 is the row at the foot of each card.
"""

from __future__ import annotations

import re

from tests.briefs.conftest import local, make_builder
from tests.conftest import switch_language


def _note(page: str) -> str:
    """The hint paragraph under the subdistricts table."""
    found = re.search(r'</table>\s*</div>.*?<p class="hint">([^<]+)</p>', page, re.S)
    assert found, page
    return found.group(1)


def test_the_note_names_the_reports_figure_by_its_heading(database, client, auth, make_user):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    b.report("outage", "site-a", local("2021-07-02 10:10"), started_at=local("2021-07-02 10:00"))
    make_user("viewer1", "viewer")
    auth.login("viewer1")

    page = client.get(f"/events/{b.event_id}").get_data(as_text=True)
    assert 'data-label="报告"' in page
    note = _note(page)
    assert "“报告”" in note and "最后一列" not in note, note

    switch_language(client, "en")
    page = client.get(f"/events/{b.event_id}").get_data(as_text=True)
    assert 'data-label="Reports"' in page
    note = _note(page)
    assert "“Reports”" in note and "last column" not in note, note
