"""The English areas import page names the level words an English file may use (district, subdistrict, community,
site), which the import reads (imports/places.LEVEL_WORDS), not only the Chinese ones (区, 街道, …)."""

from __future__ import annotations

from tests.conftest import switch_language
from tests.imports.conftest import csv_bytes
from tests.imports.test_pages import upload


def test_the_english_page_names_the_english_level_words_and_they_import(client, auth, make_user, seeded):
    make_user("root", "admin")
    auth.login("root")
    switch_language(client, "en")
    page = client.get("/areas/import").get_data(as_text=True)
    assert "its level (district, subdistrict, community or site;" in page, page
    rows = [["Path", "Level"], ["文峰区/北大街街道/新小区", "community"]]
    _token, preview = upload(client, "/areas/import", csv_bytes(rows), "areas.csv")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "/confirm" in html, html
