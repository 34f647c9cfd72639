"""The timeline page's links keep its view: every link that shows the same view again (sort, "Now", list all,
every bar, the form) carries the query's view parameters; a pinned link leaves `known` out where it is `at`."""

from __future__ import annotations

import html as htmlmod
import re

import pytest

from incidents.timelines import groups, views

from .test_views import viewer  # noqa: F401  (the fixture)

AT = "2021-07-24T18:00"
SHOWN = ("thresholds=all", "outstanding=all")


def _page(client, url: str) -> str:
    """The page at url, less the language switch's way back (the URL asked for, whatever it was)."""
    page = re.sub(r'name="next" value="[^"]*"', "", client.get(url).get_data(as_text=True))
    return re.sub(r'(name="csrf_token"[^>]*value=)"[^"]+"', r"\1", page)  # signed with the time


def _hrefs(page: str, event_id: int) -> list[str]:
    """Every link of the page to the timeline page itself (not its groups, downloads or other pages)."""
    return [htmlmod.unescape(h) for h in re.findall(r'href="([^"]+)"', page)
            if re.match(rf"/events/{event_id}/timeline(\?|#|$)", htmlmod.unescape(h))]


@pytest.fixture
def collapsed(monkeypatch):
    """The first view of a big event on the seed's few outages: groups collapsed, the thresholds table cut to one."""
    monkeypatch.setattr(groups, "INLINE_LIMIT", 0)
    monkeypatch.setattr(views, "THRESHOLDS_SHOWN", 1)


def test_every_link_that_keeps_the_view_keeps_its_view_parameters(viewer, rainstorm, collapsed):  # noqa: F811
    query = f"at={AT}&known=2021-07-31T00:00&sort=duration&dir=desc&thresholds=all&outstanding=all"
    page = viewer.get(f"/events/{rainstorm.id}/timeline?{query}").get_data(as_text=True)
    links = _hrefs(page, rainstorm.id)
    sorts = re.findall(r'<p class="tl-sort">.*?</p>', page, re.S)[0]
    assert sorts.count("<a ") == 3 and len(links) >= 5  # three sorts, "Now", every bar
    for link in links:
        assert all(p in link for p in SHOWN), link
    now = [link for link in links if "at=" not in link]  # 此刻 / Now: the same view, live
    assert len(now) == 1 and "sort=duration" in now[0] and "dir=desc" in now[0] and "known=" not in now[0]
    assert all("at=2021-07-24T18:00" in link and "known=2021-07-31T00:00" in link for link in links if link not in now)
    form = page.split('<form class="tl-controls"')[1].split("</form>")[0]
    for name in ("thresholds", "outstanding"):
        assert f'<input type="hidden" name="{name}" value="all">' in form
    # A person who opened the whole table and sorts keeps the whole table.
    by_start = htmlmod.unescape(re.search(r'<a href="([^"]+sort=start[^"]*)"', sorts).group(1))
    sorted_page = viewer.get(by_start).get_data(as_text=True)
    assert "tl-more-thresholds" not in sorted_page and "tl-more-outstanding" not in sorted_page
    cut = viewer.get(f"/events/{rainstorm.id}/timeline?at={AT}").get_data(as_text=True)
    assert "tl-more-thresholds" in cut  # the same page without them is cut
    # Its downloads name the curve alike (found on the demo, 6 Dec: 恢复曲线 CSV beside 曲线 XLSX).
    assert ">恢复曲线 CSV<" in page and ">恢复曲线 XLSX<" in page


def test_a_pinned_link_leaves_known_out_where_it_is_at_and_old_links_work_as_before(viewer, rainstorm, collapsed):  # noqa: F811
    both = _page(viewer, f"/events/{rainstorm.id}/timeline?at={AT}&known={AT}")
    alone = _page(viewer, f"/events/{rainstorm.id}/timeline?at={AT}")
    assert both == alone
    groups_links = [htmlmod.unescape(u) for u in re.findall(r'<div class="tl-load"><a href="([^"]+)"', both)]
    assert groups_links and all("at=" in u and "known=" not in u for u in groups_links)
    assert all("known=" not in link for link in _hrefs(both, rainstorm.id))
    # The same instant written another way is the same moment.
    utc = _page(viewer, f"/events/{rainstorm.id}/timeline?at={AT}&known=2021-07-24T10:00Z")
    assert utc == alone
    # A group's page and fragment as an old link gave them (known=at) are those the new link gives.
    link = groups_links[0]
    at = re.search(r"at=([^&]+)", link).group(1)
    for path in (link, link.replace("/page?", "?", 1)):
        assert viewer.get(f"{path}&known={at}").status_code == 200
        assert _page(viewer, path) == _page(viewer, f"{path}&known={at}")
    more = re.findall(r'(?:href|data-next)="([^"]+/groups/[^"]+)"', viewer.get(link).get_data(as_text=True))
    assert all("known=" not in htmlmod.unescape(u) for u in more)
    # A moment known later than shown keeps its known.
    later = viewer.get(f"/events/{rainstorm.id}/timeline?at={AT}&known=2021-07-31T00:00").get_data(as_text=True)
    assert all("known=" in u for u in re.findall(r'<div class="tl-load"><a href="([^"]+)"', later))


@pytest.mark.parametrize("path, name", [("timeline.csv", "timeline"), ("timeline.xlsx", "timeline"),
                                        ("curve.csv", "curve"), ("curve.xlsx", "curve")])
def test_a_downloads_name_says_what_which_event_and_the_moment_shown(viewer, rainstorm, path, name):  # noqa: F811
    response = viewer.get(f"/events/{rainstorm.id}/{path}?at={AT}&known=2021-07-31T00:00")
    ext = path.rsplit(".", 1)[1]
    assert response.status_code == 200
    assert f'filename="{name}-{rainstorm.code}-20210724-1800.{ext}"' in response.headers["Content-Disposition"]


def test_a_groups_page_links_back_to_the_view_it_was_opened_from(viewer, rainstorm, collapsed, monkeypatch):  # noqa: F811
    monkeypatch.setattr(groups, "PAGE_SIZE", 1)  # a group's second page too: its links back and to its first page
    query = f"at={AT}&known=2021-07-31T00:00&sort=duration&dir=desc&thresholds=all&outstanding=all"
    view = _page(viewer, f"/events/{rainstorm.id}/timeline?{query}")
    opened = [htmlmod.unescape(u) for u in re.findall(r'<div class="tl-load"><a href="([^"]+)"', view)]
    assert opened
    pages, seen = list(opened), 0
    while pages:
        page = viewer.get(pages.pop()).get_data(as_text=True)
        seen += 1
        back = _hrefs(page, rainstorm.id)
        assert back  # 供电恢复时间线 in the crumbs
        for link in back:
            assert _page(viewer, link.split("#")[0]) == view, link
        # its next page (a group of more than PAGE_SIZE outages) keeps the view for its own links
        pages += [htmlmod.unescape(u) for u in re.findall(r'<li class="tl-more"><a class="button" href="([^"]+)"',
                                                          page)]
    assert seen > len(opened)  # a second page was followed
