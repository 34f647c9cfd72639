"""The language page's question leaves a space where its Chinese meets a Latin word, as the other pages do
(API 令牌, CSV 或 XLSX): it read 将页面切换为English？."""

from __future__ import annotations

import re


def _question(client, code: str) -> str:  # noqa: ANN001
    page = client.get(f"/lang/{code}").get_data(as_text=True)
    return re.search(r"<form[^>]*>.*?<p>([^<]*)</p>", page, re.S).group(1)


def test_the_question_spaces_english_from_chinese_and_not_chinese_from_chinese(client):
    client.get("/login")
    assert _question(client, "en") == "将页面切换为 English？"
    assert _question(client, "zh") == "将页面切换为中文？"  # an old bookmark read in Chinese: no space inside Chinese
