"""The briefs page says when a brief is made as it is: "at 17:00 the next day", never "the next morning".

Found reading the English briefs page: an event's brief time may be any time of day (an afternoon meeting's
17:00), yet the page said "compiled at 17:00 the next morning". The Chinese said 次日17:00, rightly.
"""

from __future__ import annotations

from datetime import time

from tests.conftest import switch_language


def test_an_afternoon_brief_time_is_not_called_morning(client, auth, make_user, rainstorm, session):
    rainstorm.brief_time = time(17, 0)
    session.commit()
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    switch_language(client, "en")
    page = client.get(f"/events/{rainstorm.id}/briefs").get_data(as_text=True)
    assert "at 17:00 the next day from the reports known by then." in page, page
    assert "the next morning" not in page
    switch_language(client, "zh")
    page = client.get(f"/events/{rainstorm.id}/briefs").get_data(as_text=True)
    assert "次日17:00根据届时已获知的报告" in page
