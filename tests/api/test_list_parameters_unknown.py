"""The area list and a brief's format ignored a parameter they do not take: `?parent=2` or `?search=zdl` was every
area, `?tabel=outages` the figures table, each a 200 the client took for what it asked. Each is now a 400
naming the parameter and what the view takes, as the report list's is."""

from __future__ import annotations

import pytest

from tests.api.conftest import TokenClient, compiled_brief

EN = {"Accept-Language": "en"}


@pytest.mark.parametrize("query", ["parent=2", "search=zdl", "level=site&page=2"])
def test_the_area_list_names_a_parameter_it_does_not_take(viewer_api: TokenClient, seeded, query):
    refused = viewer_api.get(f"/api/v1/areas?{query}", headers=EN)
    assert refused.status_code == 400, refused.get_json()
    name = query.split("&")[-1].split("=")[0]
    assert refused.get_json()["errors"] == {
        name: "is not a parameter here (it takes q, level, parent_id, limit, cursor)"}
    assert viewer_api.get("/api/v1/areas?parent_id=2&limit=5").status_code == 200


def test_a_brief_format_names_a_parameter_it_does_not_take(coordinator_api: TokenClient, database, where):
    event = where[0].split("/")[4]
    brief = compiled_brief(coordinator_api, database, f"/api/v1/events/{event}/briefs/compile", {"day": "2021-07-24"})
    csv = brief["formats"]["csv"]
    assert coordinator_api.get(f"{csv}?table=outages&lang=en").status_code == 200
    refused = coordinator_api.get(f"{csv}?tabel=outages", headers=EN)
    assert refused.status_code == 400
    assert refused.get_json()["errors"] == {"tabel": "is not a parameter here (it takes table, lang)"}


@pytest.mark.parametrize("url", ["/api/v1/events?status=open", "/api/v1/events/{event}/briefs?day=2021-07-24"])
def test_a_list_that_filters_nothing_names_a_filter_sent_to_it(viewer_api: TokenClient, where, url):
    """The events and an event's briefs list everything: `?status=open` or `?day=` was every event or day."""
    url = url.format(event=where[0].split("/")[4])
    refused = viewer_api.get(url, headers=EN)
    assert refused.status_code == 400
    name = url.split("?")[1].split("=")[0]
    assert refused.get_json()["errors"] == {name: "is not a parameter here: this takes none"}
    assert viewer_api.get(url.split("?")[0]).status_code == 200


@pytest.mark.parametrize("value", ["xx", "EN", "en-US"])
def test_a_brief_format_names_a_language_it_does_not_serve(coordinator_api: TokenClient, database, where, value):
    event = where[0].split("/")[4]
    brief = compiled_brief(coordinator_api, database, f"/api/v1/events/{event}/briefs/compile", {"day": "2021-07-24"})
    refused = coordinator_api.get(brief["formats"]["md"], query_string={"lang": value}, headers=EN)
    assert refused.status_code == 400
    assert refused.get_json()["errors"] == {"lang": "must be zh or en"}
    assert coordinator_api.get(f"{brief['formats']['md']}?lang=en").status_code == 200
