"""A download's format there is not (export.docx) is a 404 naming `fmt` and the formats there are, on every route.

As the brief's export already said (tests/api/test_brief_format_named.py): the list exports and the import templates
answered a bare 404 "页面不存在", leaving a person (and a script with a token) guessing which formats there are.
"""

from __future__ import annotations

from tests.api.conftest import TokenClient
from tests.conftest import unspanned

EVENT = {"code": "fmt-2021", "name": "格式", "kind": "rainstorm", "starts_at": "2021-07-01 00:00",
         "timezone": "Asia/Shanghai"}
LISTS = "csv, xlsx, json"


def test_every_download_names_a_format_it_has_not(app, coordinator_api: TokenClient, client, auth, make_user):
    event_id = coordinator_api.post("/api/v1/events", json=EVENT).get_json()["id"]
    values = {"event_id": event_id, "entity": "events", "entity_id": event_id, "kind": "outage"}
    found = sorted((r for r in app.url_map.iter_rules() if r.rule.endswith(".<fmt>")), key=lambda r: r.rule)
    assert len(found) >= 6, [r.rule for r in found]
    make_user("coordinator1", "coordinator")
    auth.login("coordinator1")
    for rule in found:
        has = "csv, xlsx" if rule.endpoint == "imports.template" else LISTS
        url = rule.build({k: v for k, v in values.items() if k in rule.arguments} | {"fmt": "csv"})[1]
        assert client.get(url).status_code == 200, url
        wrong = url.removesuffix(".csv") + ".docx"
        page = client.get(wrong)
        assert page.status_code == 404, wrong
        assert f"格式：不是此下载的格式：可用的格式有 {has}" in unspanned(page.get_data(as_text=True)), wrong
        if rule.endpoint != "imports.template":  # a page, not a download a token may read
            scripted = coordinator_api.get(wrong)
            assert scripted.status_code == 404, wrong
            assert f"格式：不是此下载的格式：可用的格式有 {has}" in unspanned(scripted.get_data(as_text=True)), wrong
