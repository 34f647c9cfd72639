"""Another reporter's report opened for editing by its address, or its status changed by hand: the 403 page says
why as a sentence. Before, it glued the field's label to it: "填报人：是其他信息员的报告：…" (English alike).
The API still names the field (tests/api/test_refusals_name_the_reason.py)."""

from __future__ import annotations

import re
from html import unescape

from tests.api.test_reports_api import rid, stored
from tests.conftest import csrf_from, switch_language, unspanned

ZH = "这是其他信息员的报告：信息员只能修改自己的报告。"
EN = "This is another reporter's report: a reporter changes only their own reports."


def said(response) -> str:  # noqa: ANN001
    """The page's text, tags and entities gone."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", unspanned(response.get_data(as_text=True)))))


def test_another_reporters_report_is_refused_in_a_sentence(seeded, database, client, auth, make_user):
    make_user("li", "reporter")
    auth.login("li")
    other = rid(database, "acjy2-outage")  # the demo's, not li's
    before = stored(database, other)
    opened = client.get(f"/reports/{other}/edit")
    assert opened.status_code == 403
    assert ZH in said(opened) and "填报人：" not in said(opened)
    token = csrf_from(client.get("/account").get_data(as_text=True))
    retracted = client.post(f"/reports/{other}/status",
                            data={"csrf_token": token, "action": "retract", "version": str(before[0])})
    assert retracted.status_code == 403 and ZH in said(retracted)
    assert stored(database, other) == before

    switch_language(client, "en")
    english = client.get(f"/reports/{other}/edit")
    assert english.status_code == 403
    assert EN in said(english) and "Reporter:" not in said(english)

