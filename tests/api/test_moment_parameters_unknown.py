"""The outages, the timeline and the map read `as_of` and `known_at` and ignored any other parameter: a client
that wrote `asof=` or `as_at=` got the event's end as known now, and compared it with the moment it meant.
Each now refuses a parameter it does not take (400, naming it), as the report list does."""

from __future__ import annotations

import pytest

from tests.api.conftest import TokenClient


@pytest.mark.parametrize("answer", ["outages", "timeline", "map"])
def test_a_parameter_of_no_meaning_is_named_not_ignored(viewer_api: TokenClient, where, answer):
    event = where[0].split("/")[4]
    url = f"/api/v1/events/{event}/{answer}"
    assert viewer_api.get(f"{url}?as_of=2021-07-25%2001:00&known_at=2021-07-26%2001:00").status_code == 200
    refused = viewer_api.get(f"{url}?asof=2021-07-25%2001:00", headers={"Accept-Language": "en"})
    assert refused.status_code == 400, refused.get_data(as_text=True)[:200]
    assert refused.get_json()["errors"] == {"asof": "is not a parameter here (it takes as_of, known_at)"}
    both = viewer_api.get(f"{url}?as_of=2021-07-25%2001:00&area=3").get_json()["errors"]
    assert set(both) == {"area"} and "as_of" in both["area"]
