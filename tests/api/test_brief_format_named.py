"""A format a brief has not (xlsx) is a 404 naming `fmt` and the formats there are, on the API and the brief's page.

Found by an outside replay tester: `GET /api/v1/briefs/<id>/xlsx` answered a bare 404 "页面不存在" with empty
`errors`, unlike every other refusal of the API; the brief page's download of it, a bare "Nothing here" page.
"""

from __future__ import annotations

from tests.api.conftest import TokenClient, compiled_brief
from tests.briefs.conftest import local, make_builder
from tests.conftest import unspanned

FORMATS = "txt, md, csv, json, docx, pdf"


def test_a_format_the_brief_has_not_is_named_with_those_it_has(database, coordinator_api: TokenClient, client,
                                                                 auth, make_user):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    brief = compiled_brief(api, database, f"/api/v1/events/{b.event_id}/briefs/compile", {"day": "2021-07-01"})
    url = f"/api/v1/briefs/{brief['id']}"
    assert api.get(f"{url}/json").status_code == 200 and api.get(f"{url}/md").status_code == 200
    zh = api.get(f"{url}/xlsx")
    assert zh.status_code == 404 and zh.mimetype == "application/problem+json"
    assert zh.json["errors"] == {"fmt": f"不是简报的格式：可用的格式有 {FORMATS}"}
    en = api.get(f"{url}/xlsx", headers={"Accept-Language": "en"})
    assert (en.status_code, en.json["errors"]) == (404, {"fmt": f"is not a format of a brief: it has {FORMATS}"})
    # The actions beside the formats are still theirs: a GET of one is its 405, not a format refused.
    for action in ("publish", "recompile"):
        wrong_method = api.get(f"{url}/{action}")
        assert wrong_method.status_code == 405 and "POST" in wrong_method.headers["Allow"], action
    # The document still lists the formats a client may ask for.
    spec = api.get("/api/v1/openapi.json").json
    fmt = next(p for p in spec["paths"]["/api/v1/briefs/{brief_id}/{fmt}"]["get"]["parameters"] if p["name"] == "fmt")
    assert fmt["schema"]["enum"] == FORMATS.split(", ")
    # The brief page's download says it too, in the reader's words.
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    page = client.get(f"/briefs/{brief['id']}/export/xlsx")
    assert page.status_code == 404
    assert f"格式：不是简报的格式：可用的格式有 {FORMATS}" in unspanned(page.get_data(as_text=True))
    assert client.get(f"/briefs/{brief['id']}/export/md").status_code == 200
