"""A brief's format takes `?table=` (which CSV table) and `?lang=`: the document said so only in the operation's
prose and declared no query parameter, so a client generated from it could ask for the figures table alone, in
the server's language."""

from __future__ import annotations

import re

from tests.api.conftest import TokenClient, compiled_brief

FORMAT_PATH = "/api/v1/briefs/{brief_id}/{fmt}"


def _query(spec: dict) -> dict[str, dict]:
    """The query parameters the document declares for a brief's format, by name."""
    operation = spec["paths"][FORMAT_PATH]["get"]
    return {p["name"]: p for p in operation["parameters"] if p["in"] == "query"}


def test_the_tables_and_languages_a_brief_is_read_in_are_declared(coordinator_api: TokenClient, database, where):
    query = _query(coordinator_api.get("/api/v1/openapi.json").get_json())
    assert set(query) == {"table", "lang"}
    brief = compiled_brief(coordinator_api, database, f"/api/v1/events/{where[0].split('/')[4]}/briefs/compile",
                           {"day": "2021-07-24"})
    csv = brief["formats"]["csv"]
    firsts = set()
    for table in query["table"]["schema"]["enum"]:
        answer = coordinator_api.get(f"{csv}?table={table}")
        assert answer.status_code == 200, table
        firsts.add(answer.get_data(as_text=True).splitlines()[0])
    assert len(firsts) == len(query["table"]["schema"]["enum"]), "each table is another table"
    refused = coordinator_api.get(f"{csv}?table=totals")
    assert refused.status_code == 400 and "table" in refused.get_json()["errors"]
    assert "400" in coordinator_api.get("/api/v1/openapi.json").get_json()["paths"][FORMAT_PATH]["get"]["responses"]
    text = brief["formats"]["txt"]
    assert query["lang"]["schema"]["enum"] == ["zh", "en"]
    heads = {lang: coordinator_api.get(f"{text}?lang={lang}").get_data(as_text=True).splitlines()[0]
             for lang in ("zh", "en")}
    assert re.search(r"[\u4e00-\u9fff]", heads["zh"]) and not re.search(r"[\u4e00-\u9fff]", heads["en"]), heads
