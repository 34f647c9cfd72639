"""五、数据质量 explains the estimate's mark （估） only in a format that shows one.

Found by an outside typhoon replay: a brief whose own figures carried no （估） (the day's volume 未报, to date
exact) still said "标“（估）”的数字为…" in its text, Markdown and DOCX, which draw no trend bars: the only
（估） was on the page's bars of earlier days. The page keeps the note; the text formats say it when they mark.
"""

from __future__ import annotations

import io

import docx

from tests.api.conftest import TokenClient, compiled_brief, pumped_across_midnight

NOTE = "标“（估）”的数字"


def test_the_estimate_note_follows_the_mark(database, coordinator_api: TokenClient):
    api = coordinator_api
    compile_url = f"/api/v1/events/{pumped_across_midnight(database, api, '600+')}/briefs/compile"
    first = compiled_brief(api, database, compile_url, {"day": "2021-07-01"})
    assert NOTE in api.get(first["formats"]["txt"]).get_data(as_text=True)  # 200余（估） in its own figures
    compiled_brief(api, database, compile_url, {"day": "2021-07-02"})
    third = compiled_brief(api, database, compile_url, {"day": "2021-07-03"})
    text = api.get(third["formats"]["txt"]).get_data(as_text=True)
    assert "（估）" not in text, text
    assert "（估）" not in api.get(third["formats"]["md"]).get_data(as_text=True)
    document = docx.Document(io.BytesIO(api.get(third["formats"]["docx"]).data))
    assert "（估）" not in "\n".join(p.text for p in document.paragraphs)
    page = api.page(f"/briefs/{third['id']}").get_data(as_text=True)
    assert "200余（估）" in page and NOTE in page  # the trend's bars carry the mark, the note explains it
