"""A download's error (a bad parameter, an unknown format, a 404) answers in the language its ?lang= asks for.

A token's script sending ?lang=en got its refusals in Chinese (its file in English, where the download reads lang):
the error page and the API's problem followed the session or the account, never the address.
"""

from __future__ import annotations

import pytest

from tests.conftest import switch_language

# (path, what the English page says, what the Chinese says)
REFUSALS = [
    ("/events/export.docx", "Format: is not a format of this download: it has csv, xlsx, json",
     "格式：不是此下载的格式：可用的格式有 csv, xlsx, json"),
    ("/events/export.csv?asof=2021-07-24", "asof: is not a parameter of this download", "asof：不是此下载的参数"),
    ("/briefs/999999/export/txt", "Nothing here.", "页面不存在。"),
]


def _with(path: str, lang: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


@pytest.mark.parametrize(("path", "english", "chinese"), REFUSALS)
def test_a_scripts_download_refused_in_the_language_asked(token_script, path, english, chinese):
    client, headers = token_script
    refused = client.get(_with(path, "en"), headers=headers)
    assert refused.status_code in (400, 404)
    assert english in refused.get_data(as_text=True), refused.get_data(as_text=True)[-600:]
    chinese_page = client.get(_with(path, "zh"), headers=headers)
    assert chinese in chinese_page.get_data(as_text=True)


@pytest.mark.parametrize(("path", "english", "chinese"), REFUSALS)
def test_a_browsers_download_refused_in_the_language_asked(client, auth, make_user, path, english, chinese):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    refused = client.get(_with(path, "en"), headers={"Accept": "text/html"})
    assert english in refused.get_data(as_text=True) and '<html lang="en"' in refused.get_data(as_text=True)
    switch_language(client, "en")
    assert chinese in client.get(_with(path, "zh")).get_data(as_text=True)
    assert english in client.get(path).get_data(as_text=True)  # no ?lang=: the reader's own language


def test_the_apis_brief_problem_in_the_language_asked(token_script):
    client, headers = token_script
    missing = client.get("/api/v1/briefs/999999/txt?lang=en", headers=headers)
    assert missing.status_code == 404 and missing.json["title"] == "Nothing here."
    assert missing.headers["Content-Language"] == "en"
    chinese = client.get("/api/v1/briefs/999999/txt?lang=zh", headers={**headers, "Accept-Language": "en"})
    assert chinese.json["title"] == "页面不存在。" and chinese.headers["Content-Language"] == "zh"


def test_a_language_not_served_is_refused_in_the_readers_language(token_script):
    client, headers = token_script
    refused = client.get("/events/export.csv?lang=xx", headers=headers)
    assert refused.status_code == 400 and "语言：须为 zh 或 en" in refused.get_data(as_text=True)


def test_a_lists_download_is_written_in_the_language_asked(token_script):
    """A list's download took ?lang= and wrote the reader's language (Chinese for a script) whatever it asked."""
    client, headers = token_script
    english = client.get("/events/export.csv?lang=en", headers=headers).get_data(as_text=True)
    chinese = client.get("/events/export.csv?lang=zh", headers=headers).get_data(as_text=True)
    assert english.splitlines()[0] != chinese.splitlines()[0]
    assert not any("\u4e00" <= c <= "\u9fff" for c in english.splitlines()[0]), english[:200]
