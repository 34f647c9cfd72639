"""A report list's parameter it does not know (an h4 audit): `?area_id=5` (the list's filter is `area`) or `?as_of=…`
(the timeline's) answered 200 with every report of the event, so a client believed its filter held and
counted the whole district as one compound. Each is now a 400 naming the parameter and the list's own."""

from __future__ import annotations

import pytest

from tests.api.conftest import TokenClient, new_token, reporter_api, token_client, where  # noqa: F401


@pytest.mark.parametrize("query", ["area_id=3", "as_of=2021-07-23 10:00", "Kind=outage", "page=2"])
def test_an_unknown_parameter_is_named(where, reporter_api: TokenClient, query):  # noqa: F811
    url, _area = where
    refused = reporter_api.get(f"{url}?{query}")
    name = query.split("=")[0]
    assert refused.status_code == 400 and set(refused.json["errors"]) == {name}, refused.json
    assert "area" in refused.json["errors"][name] and "cursor" in refused.json["errors"][name]


def test_its_own_parameters_pass(where, reporter_api: TokenClient):  # noqa: F811
    url, area = where
    assert reporter_api.get(f"{url}?area={area}&kind=outage&status=all&limit=5").status_code == 200
