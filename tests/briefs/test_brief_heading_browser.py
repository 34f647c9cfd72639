"""The brief page's headings: its red title is the page's level-1 heading (for a screen reader); the by-subdistrict
table's columns name their units alike, in both languages; on a phone a key figure's unit follows its item where it
says something."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from incidents.briefs import services
from incidents.models import Brief
from tests.conftest import browser_language, browser_login, event_id_of

from .conftest import local

pytestmark = pytest.mark.browser


def _a_viewer_and_a_brief(page, live_server: str, make_user, database, now: str, catchup_days: int) -> int:  # noqa: ANN001
    """The rainstorm's briefs compiled as the scheduler does at `now`, a viewer logged in on `page`: the first's id."""
    event_id = event_id_of(database, "wenfeng-2021-07-rainstorm")
    services.compile_due(database, now=local(now), catchup_days=catchup_days, event_ids=[event_id])
    with database.read_session() as s:
        brief_id = s.scalar(sa.select(Brief.id).where(Brief.event_id == event_id).limit(1))
    make_user("v", "viewer")
    browser_login(page, live_server, "v")
    return brief_id


def test_a_brief_page_has_a_top_heading(desktop, live_server, seeded, make_user, database):
    """A screen reader listing headings found 一、总体情况 … but no heading for the brief itself (its red
    title was a paragraph): the title is now the page's level-1 heading."""
    brief_id = _a_viewer_and_a_brief(desktop, live_server, make_user, database, "2021-07-25 09:00", 3)
    desktop.goto(f"{live_server}/briefs/{brief_id}")
    expect(desktop.get_by_role("heading", level=1)).to_have_text("文峰区防汛救灾工作日报")


def test_subdistrict_columns_name_their_units_alike(desktop, live_server, seeded, make_user, database):
    """The by-subdistrict table's figure columns said their units three ways: 排水（立方米）本日/累计 beside
    消杀（分类别）本日 / 累计, and in English "Pumped m³ period / to date", "Debris t period / to date" (a bare t)
    beside "Disinfected, by category: period / to date"."""
    brief_id = _a_viewer_and_a_brief(desktop, live_server, make_user, database, "2021-07-25 09:00", 0)
    desktop.goto(f"{live_server}/briefs/{brief_id}")
    headings = desktop.locator("table.brief-subs thead th")
    expect(headings).to_have_text(["街道（镇）", "仍停电（处）", "本日恢复（处）", "排水（立方米）本日/累计",
                                   "消杀（分类别）本日/累计", "清运（吨）本日/累计", "报告数"])
    browser_language(desktop, live_server, "en", then=f"/briefs/{brief_id}")
    expect(headings).to_have_text(["Subdistrict / town", "Still without power", "Restored in period",
                                   "Pumped (m³): period / to date", "Disinfected, by category: period / to date",
                                   "Debris (t): period / to date", "Reports"])


def test_a_key_figures_unit_on_a_phone_says_something(phone, live_server, seeded, make_user, database):
    """Stacked on a phone, each key figure's item carries its unit (the unit column is hidden): in English that read
    "Streets (each)" and "Buildings without power (buildings)". The English overview's paragraphs open alike."""
    brief_id = _a_viewer_and_a_brief(phone, live_server, make_user, database, "2021-07-29 09:00", 0)
    browser_language(phone, live_server, "en", then=f"/briefs/{brief_id}")
    items = phone.locator("table.brief-figures tbody th").all_inner_texts()
    for item in ("Outages still open (places)", "Buildings without power", "Streets", "Volume pumped (m³)"):
        assert item in items, items
    # Each overview paragraph opens as a sentence after its label (it was "Power: Still…", "Debris: no new…").
    openings = phone.locator(".brief .para").evaluate_all(
        "ps => ps.map(p => p.textContent.slice(p.querySelector('strong').textContent.length))")
    assert len(openings) == 5 and all(o[:1].isupper() for o in openings), openings
    browser_language(phone, live_server, "zh", then=f"/briefs/{brief_id}")
    items = phone.locator("table.brief-figures tbody th").all_inner_texts()
    for item in ("仍停电（处）", "停电楼栋（栋）", "街道（条）"):
        assert item in items, items
