"""Every interface string has its Chinese translation, and the compiled catalogs are current."""

import pytest

from incidents import i18n
from tests.conftest import switch_language


@pytest.mark.parametrize("domain", i18n.DOMAINS)
def test_every_string_translated(domain):
    assert i18n.missing(domain) == []


@pytest.mark.parametrize("domain", i18n.DOMAINS)
def test_compiled_catalog_is_current(domain, tmp_path):
    from io import BytesIO

    from babel.messages.mofile import write_mo

    mo = i18n.po_path(domain).with_suffix(".mo")
    if not i18n.po_path(domain).exists():
        pytest.skip("no strings in this domain yet")
    buf = BytesIO()
    write_mo(buf, i18n.load(domain))
    assert mo.read_bytes() == buf.getvalue(), "run `incidents translations`"


def test_a_message_reads_the_same_in_every_catalog_the_pages_merge():
    # The pages merge every domain's catalog into one, a later folder's string winning: the same English
    # read two ways meant one page showed another's words (a pumped volume's "To" read 接收人, the
    # recipient). The brief's own text reads the briefs catalog alone, so its wording may differ.
    seen: dict[str, dict[str, str]] = {}
    for domain in i18n.DOMAINS:
        if domain == "briefs":
            continue
        for message in i18n.load(domain):
            if message.id and message.string and isinstance(message.id, str):
                seen.setdefault(message.id, {})[domain] = message.string
    assert {k: v for k, v in seen.items() if len(set(v.values())) > 1} == {}


def test_login_page_chinese_by_default_and_english_on_request(client):
    html = client.get("/login").get_data(as_text=True)
    assert "登录" in html and "防汛救灾信息平台" in html  # core and auth catalogs both load
    switch_language(client, "en")
    html = client.get("/login").get_data(as_text=True)
    assert "Log in" in html and 'lang="en"' in html
