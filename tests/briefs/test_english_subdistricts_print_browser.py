"""分街道 printed in English: the disinfection column, the long one, keeps a readable width.

Found printing the English brief to PDF: "Still without power" and "Restored in period" were kept on one line
("1 (at most 90 households)", "0 (30+ households back)"), far wider than in the Chinese brief, and squeezed
"Disinfected, by category" to two words a line: the district's total ran down 30 lines beside empty cells.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.briefs import services
from incidents.models import Brief
from tests.conftest import browser_login, screenshot

from .conftest import day_of, local, make_builder

pytestmark = pytest.mark.browser

# The A4 text width: 210 mm less 2 × 16 mm margins = 178 mm, at 96 px an inch.
A4_TEXT = round(178 / 25.4 * 96)


def test_the_english_subdistrict_table_leaves_the_disinfection_column_room(live_server, desktop, make_user,
                                                                          database):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    for site in ("site-a", "site-b"):
        out = b.report("outage", site, local("2021-07-01 16:10"), started_at=local("2021-07-01 16:00"),
                       households_affected=120)
        b.report("outage_update", site, local("2021-07-01 22:10"), outage_id=out,
                 observed_at=local("2021-07-01 22:00"), households_restored=30, households_restored_lb=True)
        b.report("disinfection", site, local("2021-07-01 18:10"), observed_at=local("2021-07-01 18:00"),
                 person_times=40, counts={"street": 3, "compound": 13, "courtyard": 66, "garbage_point": 68,
                                          "drain_grate": 86, "litter_bin": 2700, "public_toilet": 229})
    services.compile_once(database, b.event_id, day_of("2021-07-01"), now=local("2021-07-02 08:00"))
    with database.read_session() as s:
        brief_id = s.scalar(sa.select(Brief.id).where(Brief.event_id == b.event_id))
    make_user("viewer1", "viewer")
    browser_login(desktop, live_server, "viewer1")
    desktop.set_viewport_size({"width": A4_TEXT, "height": 900})
    desktop.emulate_media(media="print")
    for lang in ("en", "zh"):
        desktop.goto(f"{live_server}/briefs/{brief_id}/print?lang={lang}")
        screenshot(desktop, f"brief-subdistricts-print-{lang}")
        cells = desktop.eval_on_selector_all(".brief-subs tfoot td", "cs => cs.map(c => c.innerText)")
        assert "at most" in cells[0] or "不超过" in cells[0], cells  # the case that widened the column
        widths = desktop.eval_on_selector_all(".brief-subs thead th",
                                              "hs => hs.map(h => h.getBoundingClientRect().width)")
        assert len(widths) == 7
        # 消杀 by category is the 5th column: never narrower than the still-out or the restored one beside it.
        assert widths[4] >= max(widths[1], widths[2]), (lang, widths)
        # Figures stay whole: each half of "— / 50,000" on one line (an English pair, "Not reported / not
        # reported", may wrap after its slash: formatting.keep_halves); a Chinese one never wraps.
        halves = desktop.locator(".brief-subs td:nth-child(4) .nb")
        assert halves.count() >= 2
        assert halves.evaluate_all("ns => ns.every(n => n.getClientRects().length === 1)"), lang
        if lang == "zh":
            assert desktop.locator(".brief-subs td:nth-child(4)").evaluate_all(
                "cs => cs.every(c => getComputedStyle(c).whiteSpace === 'nowrap')")
        table = desktop.locator(".brief-subs")
        assert table.evaluate("t => t.getBoundingClientRect().width <= t.parentElement.clientWidth + 1"), lang
