"""The first view's work per subdistrict: a province's 250 groups and their lines of the thresholds table asked
the catalog and the URL builder again for each (~5,000 times a page at the pages bench's event), and looked each
curve's group up in the list of groups; now each word is looked up and each link built once a page."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

import flask_babel
import pytest
from werkzeug.routing import MapAdapter

from incidents.areas.models import Area
from incidents.areas.services import create_area
from incidents.formatting import fmt_number, fmt_quantity
from incidents.timelines import groups
from incidents.timelines.display import fast_qty, whole
from tests.timelines.conftest import T0


def _add_subdistricts(build: Any, first: int, count: int) -> None:
    """Subdistricts first..first+count-1, each with a site and an outage: odd ones still out, even ones back."""
    with build.database.transaction() as s:
        district = s.get(Area, build.areas["district"])
        for n in range(first, first + count):
            sub = create_area(s, name=f"第{n}街道", level="subdistrict", parent=district)
            build.areas[f"site-{n}"] = create_area(s, name=f"第{n}小区", level="site", parent=sub).id
    for n in range(first, first + count):
        outage = build.outage(f"site-{n}", start=T0 + timedelta(minutes=n), households_affected=10 * n,
                              etr_at=T0 + timedelta(hours=3))
        if n % 2 == 0:
            build.update(outage, T0 + timedelta(hours=2, minutes=n), households_restored=10 * n)


def _work(client: Any, event_id: int, monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """The catalog lookups and the group links built while the first view is made."""
    work: Counter[str] = Counter()
    lookup, build_url = flask_babel.Domain.get_translations, MapAdapter.build

    def counted_lookup(self: flask_babel.Domain) -> Any:
        work["catalog"] += 1
        return lookup(self)

    def counted_build(self: MapAdapter, endpoint: str, *args: Any, **kwargs: Any) -> str:
        work[endpoint] += 1
        return build_url(self, endpoint, *args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(flask_babel.Domain, "get_translations", counted_lookup)
        m.setattr(MapAdapter, "build", counted_build)
        page = client.get(f"/events/{event_id}/timeline?at=2021-07-23T12:00")
    assert page.status_code == 200
    return work


def test_the_first_view_asks_for_words_and_links_once_whatever_the_subdistricts(build, client, auth, make_user,
                                                                                   monkeypatch):
    # A big event's first view (groups collapsed, each with its links), with a few outages.
    monkeypatch.setattr(groups, "INLINE_LIMIT", 0)
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    _add_subdistricts(build, 1, 3)
    few = _work(client, build.event_id, monkeypatch)
    _add_subdistricts(build, 4, 6)
    many = _work(client, build.event_id, monkeypatch)
    page = client.get(f"/events/{build.event_id}/timeline?at=2021-07-23T12:00").get_data(as_text=True)
    assert page.count('class="tl-load"') == 9 and "第9街道" in page  # the nine groups, each to open
    assert many["catalog"] == few["catalog"], (few, many)
    assert many["timeline_groups.page"] == few["timeline_groups.page"] == 1, (few, many)
    assert many["timeline_groups.fragment"] == 0  # static/timelines.js reads it off the page's link


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_whole_numbers_read_as_the_filters_write_them(lang):
    """The page's counts skip Babel: the same text as the num and qty filters' functions."""
    values = [0, 1, 2, 9, 999, 1_000, 1_234, 12_345, 999_999, 1_000_000, 123_456_789]
    for n in values:
        assert whole(n) == fmt_number(n, lang)
        for unit in ("", "households", "buildings", "户", "栋"):
            for lb in (False, True):
                for ub in (False, True):
                    for approx in (False, True):
                        assert fast_qty(n, lb, unit, lang, ub, approx) == fmt_quantity(n, lb, unit, lang, 0, approx,
                                                                                       ub), (n, unit, lb, ub, approx)
    assert fast_qty(None, False, "户", lang) == fmt_quantity(None, False, "户", lang)
