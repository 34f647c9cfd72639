"""Every interface string has its Chinese translation, and the compiled catalogs are current."""

import pytest

from incidents import i18n


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


def test_login_page_chinese_by_default_and_english_on_request(client):
    html = client.get("/login").get_data(as_text=True)
    assert "登录" in html and "防汛救灾信息平台" in html  # core and auth catalogs both load
    client.get("/lang/en")
    html = client.get("/login").get_data(as_text=True)
    assert "Log in" in html and 'lang="en"' in html
