"""The API's reference read in English (Accept-Language: en, or the page after 切换到 English): no Chinese gloss
left in a summary or a field's description, only examples of what people type in Chinese; the Chinese as it was."""

from __future__ import annotations

import json

from tests.api.conftest import TokenClient
from tests.conftest import switch_language
from tests.english import chinese_left, visible

# What a person pastes or searches for, in Chinese: examples, not words of the reference.
EXAMPLES = ["彰德路64号院", "北纬36.0977 东经114.3924", "2021年7月24日", "2021年7月25日"]
# The Chinese of the descriptions whose English lost its gloss, as it was.
ZH = {"签发日报", "至少（余）", "上限（不超过）：由“已恢复××余户”推得",
      "估计（约）：其中“余”（下限）与“不超过”（上限）的数量相遇", "期号（第N期）",
      "true：各数为该地点自事件开始以来的累计数（截至目前）；每个类别以它替代该地点此前的计数，"
      "此后各轮再累加"}


def words(spec: dict) -> str:
    """Every string of the document, each on its line."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            found.append(node)

    walk(spec)
    return "\n".join(found)


def without_examples(text: str) -> str:
    for example in EXAMPLES:
        text = text.replace(example, " ")
    return text


def test_the_english_reference_holds_no_chinese_but_examples(viewer_api: TokenClient, client, auth, make_user):
    spec = viewer_api.get("/api/v1/openapi.json", headers={"Accept-Language": "en"}).json
    assert chinese_left(without_examples(words(spec)), []) == []
    assert "Sign off a brief" in words(spec).splitlines()
    make_user("reader", "viewer")
    auth.login("reader")
    switch_language(client, "en")
    page = client.get("/api/docs").get_data(as_text=True)
    assert "Sign off a brief" in page
    assert chinese_left(without_examples(visible(page)), []) == []


def test_the_chinese_reference_keeps_its_words(viewer_api: TokenClient):
    spec = viewer_api.get("/api/v1/openapi.json", headers={"Accept-Language": "zh"}).json
    assert set(words(spec).splitlines()) >= ZH
    assert "彰德路64号院" in json.dumps(spec, ensure_ascii=False)
