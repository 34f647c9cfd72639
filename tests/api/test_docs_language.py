"""The API reference reads in the reader's language: route and field descriptions alike, and the page
follows the interface (not the browser's Accept-Language) like every other page of the site."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask_babel import force_locale, get_translations

from incidents import i18n
from tests.api.conftest import TokenClient
from tests.conftest import switch_language


def _descriptions(node: Any) -> Iterator[str]:
    """Every `description` in the OpenAPI document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "description" and isinstance(value, str):
                yield value
            else:
                yield from _descriptions(value)
    elif isinstance(node, list):
        for value in node:
            yield from _descriptions(value)


@pytest.fixture
def fake_zh(app, monkeypatch) -> dict[str, str]:
    """A Chinese catalog that also knows a few field descriptions (the real ones are the translators')."""
    words = {"a user id": "用户编号", "the areas above, joined by ›": "上级地点，以 › 连接",
             "reports per page (default %(n)s)": "每页报告数（默认 %(n)s）", "query string": "查询参数"}
    with app.test_request_context(), force_locale("zh"):
        catalog = get_translations()._catalog  # the cached zh catalog every request of this app reads
        for msgid, text in words.items():
            monkeypatch.setitem(catalog, msgid, text)
    return words


def test_every_description_is_marked_for_translation(viewer_api: TokenClient):
    spec = viewer_api.get("/api/v1/openapi.json", headers={"Accept-Language": "en"}).json
    ids = [m.id for m in i18n.extract("api") if isinstance(m.id, str) and m.id]
    # A message with %(name)s stands for any value there ("reports per page (default 100)").
    patterns = [re.compile(re.sub(r"%\\\(\w+\\\)s", ".+", re.escape(i)) + r"\Z", re.S) for i in ids]
    unmarked = sorted({d for d in _descriptions(spec) if not any(p.match(d) for p in patterns)})
    assert unmarked == []


def test_field_descriptions_follow_the_language(fake_zh, viewer_api: TokenClient, client, auth, make_user):
    zh = viewer_api.get("/api/v1/openapi.json", headers={"Accept-Language": "zh"}).json
    en = viewer_api.get("/api/v1/openapi.json", headers={"Accept-Language": "en"}).json
    assert "用户编号" in set(_descriptions(zh)) and "a user id" in set(_descriptions(en))
    assert "每页报告数（默认 100）" in set(_descriptions(zh))
    assert "reports per page (default 100)" in set(_descriptions(en))
    make_user("reader", "viewer")
    auth.login("reader")
    page = client.get("/api/docs").get_data(as_text=True)
    assert "上级地点，以 › 连接" in page and "the areas above" not in page
    # Every tag has its heading in the page's language, and a success answer is not a bare English "OK".
    assert ">maps<" not in page and ">timelines<" not in page and "恢复时间线" in page
    assert "<strong>200</strong> OK" not in page
    assert "<td>查询参数</td>" in page and "<td>query</td>" not in page


def test_reference_page_follows_the_interface_not_the_browser(client, auth, make_user, viewer_api: TokenClient):
    make_user("reader", "viewer")
    auth.login("reader")
    english_browser = {"Accept-Language": "en-US,en;q=0.9"}
    home = client.get("/", headers=english_browser).get_data(as_text=True)
    docs = client.get("/api/docs", headers=english_browser).get_data(as_text=True)
    assert 'lang="zh-CN"' in home and 'lang="zh-CN"' in docs and "防汛救灾信息平台 API" in docs
    # A program still chooses its language per request.
    assert viewer_api.get("/api/v1/openapi.json", headers=english_browser).json["info"]["title"] == "Incident Log API"
    switch_language(client, "en")
    assert "Incident Log API" in client.get("/api/docs").get_data(as_text=True)
