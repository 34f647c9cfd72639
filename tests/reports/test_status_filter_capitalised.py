"""The report list's status filter reads as one list in English: "not retracted (sent back included)" and "counted in
figures and briefs …" stood lower-case above "Submitted", "Verified", as found at 1280 px by a newcomer."""

from __future__ import annotations

import re

from tests.conftest import event_id_of, switch_language


def test_every_status_choice_starts_with_a_capital_in_english(client, auth, make_user, seeded, database):
    make_user("c1", "coordinator")
    auth.login("c1")
    switch_language(client, "en")
    event_id = event_id_of(database, "wenfeng-2021-07-rainstorm")
    page = client.get(f"/events/{event_id}/reports").get_data(as_text=True)
    select = re.search(r'<select id="f-status".*?</select>', page, re.S)
    assert select, "no status filter"
    choices = [re.sub(r"<[^>]+>", "", o).strip() for o in re.findall(r"<option[^>]*>(.*?)</option>", select.group(0))]
    assert len(choices) >= 5, choices
    assert [c for c in choices if not c[:1].isupper()] == []
