"""The timeline's statistics speak Chinese on a Chinese page: the per-household figure said 每户停电时长（CAIDI）.

Found reading the demo's timeline as a subdistrict's reporter: CAIDI, an English acronym of the power industry's
reliability indices, was the one Latin word of the page; a district office reads 每户停电时长, as the figure is.
"""

from __future__ import annotations

import re


def test_the_per_household_figure_is_named_in_chinese(client, auth, make_user, rainstorm):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    html = client.get(f"/events/{rainstorm.id}/timeline").get_data(as_text=True)
    stats = html.split('id="stats"')[1].split(">", 1)[1].split("</section>")[0]
    assert "每户停电时长（平均 / 中位数）" in stats
    assert not re.search(r"[A-Za-z]{2,}", re.sub(r"<[^>]*>", "", stats)), stats
