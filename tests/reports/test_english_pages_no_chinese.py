"""The demo's pages in English, crawled as a coordinator follows their links: no Chinese but the data's own."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.conftest import switch_language
from tests.english import chinese_left, data_strings, visible

pytestmark = pytest.mark.any_database  # the pages' English wording (tests/conftest.py)

SKIP = re.compile(r"/(logout|lang/|static/|export|download|print|api/)|\.(csv|xlsx|json|docx|pdf|txt|md|svg|png)\b")
PAGES = 150
# Where an English page shows what a person types in Chinese, the example is data: an import file's paths, levels
# and 余 quantities, a recipient's group name (real names are typed in Chinese, as the account form's 北大街街道
# 张伟), and Chinese named in its own words in the recipient's language select (as the header's switch names it).
# DingTalk's signing is named as its English console names it (Sign request), never 加签.
EXAMPLES = {
    r"/areas/import": ["文峰区/北大街街道", "区, 街道, 镇, 社区, 村", "地点"],
    r"/events/\d+/import": ["文峰区/北大街街道", "30余"],
    r"/events/\d+/recipients": ["区防指值班群", "北大街街道办", "中文"],
}


def test_the_english_pages_hold_no_chinese_but_the_datas(client, auth, make_user, seeded, database):
    make_user("coord1", "coordinator")
    auth.login("coord1")
    switch_language(client, "en")
    with database.read_session() as s:
        data = data_strings(s)
    queue, seen, found = ["/"], {"/"}, {}
    while queue and len(seen) <= PAGES:
        url = queue.pop(0)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        html = response.get_data(as_text=True)
        shown = visible(html)
        for path, examples in EXAMPLES.items():
            if re.fullmatch(path, urlsplit(url).path):
                for example in examples:
                    shown = shown.replace(example, " ")
        for run, around in chinese_left(shown, data):
            found.setdefault(run, set()).add(f"{url}: {around}")
        for link in re.findall(r'href="([^"#]+)"', html):
            link = link.replace("&amp;", "&")
            parts = urlsplit(link)
            if parts.netloc or SKIP.search(parts.path):
                continue
            # One page of a kind is enough: a query string's other values make the same words.
            key = re.sub(r"\d+", "N", parts.path)
            if key not in seen:
                seen.add(key)
                queue.append(link)
    assert len(seen) > 20
    assert not found, found
