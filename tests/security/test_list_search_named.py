"""The report list's search refused by its label, not its key (probed 7 December, morning).

A search the list cannot read — over the box's 200 characters, given twice, holding NUL or bytes that are not UTF-8 —
was the 400 "q：最多 200 个字符" (q: at most 200 characters), the parameter's key where every other refusal of the
page names its field as the page labels it (日期, 类型, 页码). Now 搜索（文字或 #编号）, the search box's own
label, in the page's language; its CSV download alike.
"""

from __future__ import annotations

import pytest

from tests.conftest import switch_language


@pytest.mark.parametrize("query", ["q=" + "x" * 201, "q=a&q=b", "q=%00", "q=%FF"])
@pytest.mark.parametrize("path", ["", "/export.csv"])
def test_a_search_the_list_cannot_read_is_named_by_its_label(ids, login_as, query, path):
    client = login_as("viewer")
    response = client.get(f"/events/{ids.event_id}/reports{path}?{query}")
    text = response.get_data(as_text=True)
    assert response.status_code == 400, response.status_code
    assert "搜索（文字或 #编号）：" in text and "q：" not in text


def test_in_english(ids, login_as):
    client = login_as("viewer")
    switch_language(client, "en")
    text = client.get(f"/events/{ids.event_id}/reports?q={'x' * 201}").get_data(as_text=True)
    assert "Words or #number:" in text and "q:" not in text
