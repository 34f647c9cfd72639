"""The API reference (the web page and its JSON) names no file of the repository a reader cannot open: the area's
coordinates said "see docs/geo.md"; it says what matters there in its own words, in both languages."""

from __future__ import annotations

import html as htmllib
import re

from tests.api.conftest import TokenClient
from tests.conftest import switch_language


def test_the_reference_says_the_coordinates_rule_in_words(viewer_api: TokenClient, client, auth, make_user):
    make_user("reader", "viewer")
    auth.login("reader")
    for lang, words in (("en", ("latitude first", "WGS-84", "Baidu")), ("zh", ("纬度在前", "WGS-84", "百度"))):
        spec = viewer_api.get("/api/v1/openapi.json", headers={"Accept-Language": lang})
        switch_language(client, lang)
        page = htmllib.unescape(re.sub(r"<[^>]+>", "", client.get("/api/docs").get_data(as_text=True)))
        for text in (spec.get_data(as_text=True), page):
            assert "docs/geo" not in text and ".md" not in text
        described = spec.json["components"]["schemas"]["AreaCreate"]["properties"]["coordinates"]["description"]
        assert all(w in described for w in words), described
        assert described in page
