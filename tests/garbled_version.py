"""An edit form sent back with a hidden `version` no page wrote: the 400 every edit form answers (limits.form_version).

Shared by the area, event and account edits' tests: the versions sent, the refusal and its one alert.
"""

from __future__ import annotations

import html as htmllib
import re
from typing import Any

from tests.conftest import switch_language

GARBLED = ["-1", "0", "abc", "12345678901234567890", "١", "1.0", "", None]
UNREAD = "表单的版本号无法识别：未保存任何内容"
# The alert in each language: (language, the generic "fields marked" line it must not say, the sentence it says).
ALERTS = [("zh", "请检查下方标出的栏目", UNREAD),
          ("en", "check the fields marked below", "The form's version cannot be read: nothing was saved")]


def refused(client: Any, url: str, sent: dict[str, str], version: str | None) -> str:
    """Send the form with `version` (None: left out): a 400 naming the version; the page, unescaped."""
    sent = dict(sent)
    if version is None:
        del sent["version"]
    else:
        sent["version"] = version
    answer = client.post(url, data=sent)
    page = htmllib.unescape(answer.get_data(as_text=True))
    assert answer.status_code == 400, answer.status_code
    assert "version" in page and UNREAD in page
    return page


def said_once(client: Any, url: str, fields: dict[str, str], lang: str, marked: str, said: str) -> None:
    """No field is marked: the alert says what is wrong, once, not "check the fields marked below" and "version：…"."""
    if lang == "en":
        switch_language(client, "en")
    answer = client.post(url, data={**fields, "version": "abc"})
    page = htmllib.unescape(answer.get_data(as_text=True))
    assert answer.status_code == 400
    alerts = re.findall(r'<p class="flash flash-error" role="alert">(.*?)</p>', page, re.S)
    assert len(alerts) == 1 and said in alerts[0] and marked not in alerts[0], alerts
    assert re.search(r"version\s*[：:]\s*(表单|The form)", page) is None  # the name once, inside the sentence
