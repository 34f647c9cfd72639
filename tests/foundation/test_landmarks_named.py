"""Landmarks a screen reader lists: one main, each menu (nav) named, no two alike on a page."""

from datetime import UTC, date, datetime

import lxml.html
import pytest
import sqlalchemy as sa

from incidents.briefs.compiling import compile_brief
from incidents.models import Event, Report
from tests.conftest import event_id_of, switch_language

RAIN = "wenfeng-2021-07-rainstorm"


def landmarks(html: str) -> tuple[list[str | None], int]:
    """Each nav's aria-label (None when it has none) and the number of main landmarks."""
    doc = lxml.html.fromstring(html)
    return [n.get("aria-label") for n in doc.iter("nav")], len(doc.xpath("//main | //*[@role='main']"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_menu_is_named_and_told_apart(client, auth, seeded, make_user, database, session, lang):
    make_user("coord1", "coordinator")
    auth.login("coord1")
    if lang == "en":
        switch_language(client, "en")
    event = event_id_of(database, RAIN)
    report = session.scalar(sa.select(Report.id).where(Report.event_id == event).limit(1))
    for path in ["/", f"/events/{event}", f"/events/{event}/reports", f"/reports/{report}", f"/events/{event}/import",
                 f"/events/{event}/map", f"/events/{event}/timeline"]:
        response = client.get(path)
        assert response.status_code == 200, path
        names, mains = landmarks(response.get_data(as_text=True))
        assert mains == 1, path
        assert all(names), f"{path}: a menu without a name among {names}"
        assert len(set(names)) == len(names), f"{path}: two menus named alike: {names}"


def test_print_page_has_its_main_landmark(client, auth, seeded, make_user, database):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    with database.transaction() as s:
        event = s.get(Event, event_id_of(database, RAIN))
        brief = compile_brief(s, event, date(2021, 7, 24), now=datetime(2021, 7, 25, 1, tzinfo=UTC)).brief.id
    response = client.get(f"/briefs/{brief}/print?lang=zh")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "print-page" in html
    assert landmarks(html)[1] == 1
