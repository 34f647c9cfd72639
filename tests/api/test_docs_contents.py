"""The API page is 150,000 px tall on a phone. Its contents (地点 · 工作日报 · 事件 …) were 24 px links a few
px apart, and once a reader had followed one there was no way back to them but to scroll: each contents
link is now a thumb's target and each part of the page leads back to the contents."""

from __future__ import annotations

import re

from tests.conftest import switch_language


def test_the_contents_are_taps_and_every_part_leads_back_to_them(client, auth, make_user):
    make_user("reader", "viewer")
    auth.login("reader")
    page = client.get("/api/docs").get_data(as_text=True)
    nav = re.search(r'<nav class="api-toc" id="contents"[^>]*>(.*?)</nav>', page, re.S)
    assert nav, "the contents have an anchor to come back to"
    links = re.findall(r"<a ([^>]*)>", nav.group(1))
    assert len(links) >= 8 and all('class="tap"' in a for a in links), links
    parts = re.findall(r'<h2 id="(tag-[^"]+|problems)"', page)
    back = re.findall(r'<a class="tap" href="#contents">返回目录</a>', page)
    assert len(parts) == len(links) and len(back) == len(parts)


def test_the_opening_lines_read_in_chinese_punctuation(client, auth, make_user):
    """The page opened with …openapi.json</a> (OpenAPI 3.1.0). 在账户页面创建令牌。: an English bracket and full
    stop inside the Chinese, and 账户页面 for the page the menu calls 我的账号."""
    make_user("reader", "viewer")
    auth.login("reader")
    page = client.get("/api/docs").get_data(as_text=True)
    assert "</a>（OpenAPI 3.1.0）。" in page and "(OpenAPI" not in page
    assert "在“我的账号”页面创建令牌。" in page
    switch_language(client, "en")
    assert "</a> (OpenAPI 3.1.0)." in client.get("/api/docs").get_data(as_text=True)
