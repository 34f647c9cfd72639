"""The way back above a page's title (its crumbs) starts where the title does, and › sits evenly between crumbs.

Found at 360 and 1280 px: a two-character crumb (用户 above an account's form) was widened to its 44 px target with
its word centred, so it stood 8 px right of the title under it; a longer one (the event's name) 2 px; and on a report
the › before 报告 had 2 px of blank on its left and 8 px on its right.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Report
from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser

# Where each word of the crumbs and of the title starts and ends on the screen (the links' words and the ›).
WORDS = """() => {
  const words = [], walker = document.createTreeWalker(document.querySelector('.crumbs'), NodeFilter.SHOW_TEXT);
  for (let n; (n = walker.nextNode());) {
    for (const m of n.data.matchAll(/\\S+/g)) {
      const r = document.createRange(); r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
      const box = r.getBoundingClientRect();
      words.push({text: m[0], left: box.left, right: box.right});
    }
  }
  const r = document.createRange(); r.selectNodeContents(document.querySelector('h1'));
  return {words, title: r.getBoundingClientRect().left};
}"""


@pytest.mark.parametrize("width_fixture", ["phone", "desktop"])
def test_crumbs_line_up_with_the_title(request, width_fixture, live_server, seeded, make_user, session):
    page = request.getfixturevalue(width_fixture)
    make_user("root", "admin")
    viewer = make_user("viewer1", "viewer")
    browser_login(page, live_server, "root")

    page.goto(f"{live_server}/admin/users/{viewer}")
    screenshot(page, f"crumbs-user-{width_fixture}")
    seen = page.evaluate(WORDS)
    assert [w["text"] for w in seen["words"]] == ["用户"]
    assert abs(seen["words"][0]["left"] - seen["title"]) <= 1, seen

    report_id = session.scalar(sa.select(sa.func.min(Report.id)))
    page.goto(f"{live_server}/reports/{report_id}")
    screenshot(page, f"crumbs-report-{width_fixture}")
    seen = page.evaluate(WORDS)
    event, mark, reports = seen["words"][0], seen["words"][-2], seen["words"][-1]
    assert (mark["text"], reports["text"]) == ("›", "报告"), seen
    assert abs(event["left"] - seen["title"]) <= 1, seen
    before, after = mark["left"] - seen["words"][-3]["right"], reports["left"] - mark["right"]
    assert abs(before - after) <= 1.5, (before, after)
    # Still a thumb's target each.
    sizes = page.locator(".crumbs a").evaluate_all("as => as.map(a => [a.offsetWidth, a.offsetHeight])")
    assert all(w >= 44 and h >= 44 for w, h in sizes), sizes
