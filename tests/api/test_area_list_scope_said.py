"""The area list and the document said it lists "only areas the user may report for": a viewer reports for none
and a coordinator without a scope for all, yet each is given every area. What narrows it is the scope
(`auth/policy.visible_area_ids`), and the document now says so."""

from __future__ import annotations

from tests.api.conftest import TokenClient


def _names(api: TokenClient) -> set[str]:
    answer = api.get("/api/v1/areas?limit=500", headers={"Accept-Language": "zh"}).get_json()
    return {a["name"] for a in answer["areas"]}


def test_the_list_is_narrowed_by_scope_as_the_document_says(viewer_api: TokenClient, scoped_api: TokenClient):
    everything = _names(viewer_api)
    assert "彰德路64号院" in everything and "东关街道" in everything, "a viewer without a scope lists every area"
    scoped = _names(scoped_api)
    assert "彰德路64号院" in scoped and "东关街道" not in scoped, "a scoped reporter lists its own subtree"
    for lang in ("en", "zh"):
        spec = viewer_api.get("/api/v1/openapi.json", headers={"Accept-Language": lang}).get_json()
        said = spec["paths"]["/api/v1/areas"]["get"]["description"]
        assert ("scope" in said) if lang == "en" else ("负责范围" in said), said
        assert "may report for" not in said and "可报送" not in said, said
