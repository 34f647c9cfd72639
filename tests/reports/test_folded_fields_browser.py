"""A report's edit form on a phone: a folded field (信息来源, 队伍或单位英文名称), opened because it has a value, is
named once, by its summary; its label said the same words again right under it."""

import pytest
import sqlalchemy as sa

from incidents.reports.models import PumpingOperation
from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser

# The words a reader sees for each opened folded field: the summary's, then those of any label drawn under it.
SEEN_NAMES = """() => [...document.querySelectorAll('details.more-fields[open]')].map(d => [
  d.querySelector('summary').innerText.trim(),
  ...[...d.querySelectorAll(':scope > .field > label')].filter(l => l.getBoundingClientRect().height > 1)
     .map(l => l.innerText.trim())])"""


def test_an_opened_folded_field_is_named_once(phone, live_server, seeded, make_user, database):
    with database.read_session() as s:
        pumping_id = s.scalars(sa.select(PumpingOperation.id).where(PumpingOperation.team_en.is_not(None))
                               .order_by(PumpingOperation.id)).first()
    make_user("c", "coordinator")
    browser_login(phone, live_server, "c")
    phone.goto(f"{live_server}/reports/{pumping_id}/edit")
    screenshot(phone, "report-folded-fields-phone")
    assert phone.evaluate(SEEN_NAMES) == [["队伍或单位英文名称"], ["信息来源"]]
    # Named for a screen reader all the same.
    assert phone.get_by_label("信息来源").count() == 1
