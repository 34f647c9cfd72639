"""A moment refused under the API's name (`as_of`, `known_at`) is named as under the page's (`at`: 截至时刻): the page
and its downloads read "as_of：…" beside "截至时刻：…", though the refusal says one is another name for the other."""

from __future__ import annotations

import re

import pytest


@pytest.fixture
def viewer(client, auth, make_user):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    return client


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


@pytest.mark.parametrize("path", ["/timeline", "/timeline.csv"])
def test_the_apis_name_of_a_moment_is_named_by_its_label(viewer, rainstorm, path):
    base = f"/events/{rainstorm.id}{path}"
    for query, label in (({"as_of": "yesterday-ish"}, "截至时刻："), ({"known_at": "yesterday-ish"}, "获知时间："),
                         ({"at": "2021-07-24T22:00", "as_of": "2021-07-24T22:00"}, "截至时刻：与 at 是同一参数")):
        response = viewer.get(base, query_string=query)
        text = _text(response)
        assert response.status_code == 400 and label in text, text
        assert "as_of：" not in text and "known_at：" not in text, text


def test_the_api_keeps_its_own_name_of_the_moment(viewer, rainstorm):
    """The API's problem keeps the key it was sent (its clients read it): only a page names it by its label."""
    response = viewer.get(f"/api/events/{rainstorm.id}/timeline", query_string={"as_of": "yesterday-ish"})
    assert response.status_code == 400 and "as_of" in response.get_data(as_text=True)
