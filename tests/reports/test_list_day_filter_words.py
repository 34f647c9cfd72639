"""The report list's day filter names each day as the page's dates read (2021年7月24日, 24 Jul 2021), its value
the ISO day the link and the API keep; it listed 2021-07-24 under 日期 on a Chinese page."""

from __future__ import annotations

import re

from tests.conftest import switch_language


def test_the_day_filter_names_days_in_words(client, auth, make_user, event):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    page = client.get(f"/events/{event.id}/reports?day=2021-07-24").get_data(as_text=True)
    select = re.search(r'<select id="f-day".*?</select>', page, re.S).group(0)
    assert '<option value="2021-07-24" selected>2021年7月24日</option>' in select
    assert ">2021-07-" not in select
    switch_language(client, "en")
    page = client.get(f"/events/{event.id}/reports").get_data(as_text=True)
    assert '<option value="2021-07-24">24 Jul 2021</option>' in page
