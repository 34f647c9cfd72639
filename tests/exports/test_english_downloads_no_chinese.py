"""Every download the demo offers (CSV, XLSX, JSON, a brief's text, Markdown, DOCX and the HTML its PDF is printed
from), found as a coordinator reading in English follows the pages' links: no Chinese but the data's own
(tests/english.py's scanner, as the pages' and the brief's crawls). Found by it: the timeline's and the API
reference's glosses (余, 不超过, 约), the report list's place path and the events list's issuer in Chinese."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from incidents.briefs import pdf
from incidents.models import Area, Event
from tests import seedcopy
from tests.conftest import switch_language
from tests.english import chinese_left, data_strings, download_text

from ..briefs.conftest import local

pytestmark = pytest.mark.any_database  # the downloads' English wording (tests/conftest.py)

PAGES = 400
NOT_A_PAGE = re.compile(r"/(logout|lang/|static/)|\.(svg|png|js|webmanifest)$")
# A download offered as Chinese: the import page's 中文 templates (their links are marked lang="zh-CN").
ASKED_IN_CHINESE = re.compile(r"(^|&)lang=zh\b")
# Examples of what people type or paste in Chinese, which an English download shows as they are.
EXAMPLES = {r"/api/v1/openapi\.json": ["彰德路64号院", "北纬36.0977 东经114.3924", "2021年7月24日", "2021年7月25日"]}
# Lists of the records themselves, giving each one's Chinese name beside its English one (a column each): there
# the Chinese name is data. The area list's path is the tree's identity an import reads back (docs/imports.md).
RECORDS = {r"/areas/export\.\w+": sa.select(Area.name), r"/events/export\.\w+": sa.select(Event.name)}


def kind_of(url: str) -> str:
    """One page or download of a kind is enough, per event (another record's or filter's has the same words); a
    brief's CSV tables are four downloads."""
    parts = urlsplit(url)
    table = parse_qs(parts.query).get("table", [""])[0]
    return re.sub(r"(?<!/events/)\b\d+", "N", parts.path) + (f"?table={table}" if table else "")


def crawl(client) -> dict[str, str]:  # noqa: ANN001
    """Every download the pages link to, one of each kind, following the links from the home page."""
    queue, seen, downloads = ["/"], {"/"}, {}
    while queue and len(seen) <= PAGES:
        url = queue.pop(0)
        response = client.get(url)
        if response.status_code != 200:
            continue
        if "text/html" not in response.content_type:
            downloads[kind_of(url)] = url
            continue
        for link in re.findall(r'href="([^"#]+)"', response.get_data(as_text=True)):
            link = link.replace("&amp;", "&")
            parts = urlsplit(link)
            if parts.netloc or NOT_A_PAGE.search(parts.path) or ASKED_IN_CHINESE.search(parts.query):
                continue
            if kind_of(link) not in seen:
                seen.add(kind_of(link))
                queue.append(link)
    return downloads


@pytest.fixture
def english_coordinator(client, auth, make_user, seeded, database, monkeypatch):
    """A coordinator reading in English, the rainstorm's briefs compiled; a PDF is the HTML it is printed from."""
    with database.read_session() as s:
        event_id = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    assert seedcopy.compiled(database, event_id, local("2021-07-31 09:00"), 30) == ["created"] * 9
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: html.encode())
    make_user("coord1", "coordinator")
    auth.login("coord1")
    switch_language(client, "en")
    return client


def test_every_english_download_holds_no_chinese_but_the_datas(english_coordinator, database):
    with database.read_session() as s:
        data = data_strings(s)
        records = {path: [v for v in s.scalars(query)] for path, query in RECORDS.items()}
    downloads = crawl(english_coordinator)
    kinds = {re.sub(r"\d+", "N", kind) for kind in downloads}
    assert len(kinds) >= 50, sorted(kinds)
    found: dict[str, set[str]] = {}
    for kind, url in sorted(downloads.items()):
        response = english_coordinator.get(url)
        assert response.status_code == 200, (url, response.status_code)
        path = urlsplit(url).path
        # The PDF's HTML (html_to_pdf above) is read as the page it is.
        text = download_text(path, "text/html" if path.endswith("/pdf") else response.content_type,
                             response.get_data())
        for pattern, examples in EXAMPLES.items():
            if re.fullmatch(pattern, path):
                for example in examples:
                    text = text.replace(example, " ")
        own = [v for pattern, values in records.items() if re.fullmatch(pattern, path) for v in values]
        for run, around in chinese_left(text, sorted(own, key=len, reverse=True) + data):
            found.setdefault(run, set()).add(f"{kind}: {around}")
    assert not found, found
