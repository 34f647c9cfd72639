"""The area search answers what it was asked or names what it cannot take: no filter it ignores, no cut query."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Area

SCOPE = "文峰区/北大街街道"


@pytest.fixture
def reporter(ids, login_as):
    return login_as("reporter", scope=SCOPE)


@pytest.mark.parametrize("name, value", [("level", "site"), ("parent_id", "{scope}")])
def test_a_filter_sent_with_a_search_is_refused_by_name(reporter, session, name, value):
    scope = session.scalar(sa.select(Area.id).where(Area.name == SCOPE.split("/")[-1]))
    response = reporter.get("/api/v1/areas", query_string={"q": "北大街", name: value.format(scope=scope)})
    # It was ignored: ?q=北大街&level=site answered 北大街街道 itself, a subdistrict, among the "sites".
    assert response.status_code == 400, response.get_json()
    assert list(response.get_json()["errors"]) == [name]
    assert "q" in response.get_json()["errors"][name]


def test_a_search_longer_than_its_stated_most_is_refused_not_cut(reporter):
    # It was cut to its first 100 characters without a word (the schema says maxLength 100): a query that no
    # area's name holds answered the areas its first 100 characters matched.
    response = reporter.get("/api/v1/areas", query_string={"q": "彰" * 100 + "x"})
    assert response.status_code == 422, response.status_code
    assert list(response.get_json()["errors"]) == ["q"]
    assert reporter.get("/api/v1/areas", query_string={"q": "彰" * 100}).status_code == 200
    found = reporter.get("/api/v1/areas", query_string={"q": "彰德路64号院"}).get_json()["areas"]
    assert [a["name"] for a in found] == ["彰德路64号院"]
