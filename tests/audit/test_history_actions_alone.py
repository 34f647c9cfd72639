"""In English a history's action stands alone under its version's number ("Version 2 / Edited") and in its own
spreadsheet column: capitalised as every word standing alone (csvfile.standalone), not "created", "edited"."""

from __future__ import annotations

import csv
import io
import re

from tests.audit.conftest import edited_verified_retracted
from tests.conftest import switch_language


def test_actions_are_capitalised_on_the_page_and_in_the_download(seeded, database, session, people, auth, client):
    report_id = edited_verified_retracted(database, session, people)
    auth.login("coord")  # the coordinator of `people`
    switch_language(client, "en")
    page = client.get(f"/history/reports/{report_id}").get_data(as_text=True)
    actions = re.findall(r'<span class="action action-\w+">([^<]*)</span>', page)
    assert actions == ["Created", "Restoration recorded by an update", "Edited", "Verified", "Retracted"], actions
    rows = list(csv.reader(io.StringIO(client.get(f"/history/reports/{report_id}/export.csv")
                                       .get_data().decode("utf-8-sig"))))
    column = rows[0].index("Action")
    assert {r[column] for r in rows[1:]} == {"Created", "Restoration recorded by an update", "Edited", "Verified",
                                            "Retracted"}, rows
    switch_language(client, "zh")
    assert "创建" in client.get(f"/history/reports/{report_id}").get_data(as_text=True)
