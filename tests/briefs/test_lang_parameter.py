"""`?lang=` of no language served (`xx`, `EN`, `en-US`) on a brief or an import template was read as not sent: the
reader's language (a brief) or Chinese (a template), a 200 the sender took for the language asked. It is now the
400 naming 语言 (Language) that every other query value naming nothing gets; zh and en, or none, as before."""

from __future__ import annotations

import pytest

from incidents.briefs import services
from tests.conftest import switch_language

from .conftest import day_of, local

BAD = ["xx", "EN", "en-US", "zh-CN", "ＥＮ"]


@pytest.mark.parametrize("value", BAD)
def test_a_brief_and_its_downloads_refuse_a_language_not_served(client, auth, make_user, database, rainstorm, value):
    make_user("viewer1", "viewer")
    brief = services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-25 08:00")).brief
    auth.login("viewer1")
    for path in (f"/briefs/{brief.id}", f"/briefs/{brief.id}/print", f"/briefs/{brief.id}/export/txt",
                 f"/briefs/{brief.id}/export/csv"):
        query = {"lang": value, "table": "outages"} if path.endswith("csv") else {"lang": value}
        refused = client.get(path, query_string=query)
        assert refused.status_code == 400, path
        assert "语言：须为 zh 或 en" in refused.get_data(as_text=True), path
    switch_language(client, "en")
    refused = client.get(f"/briefs/{brief.id}/export/md", query_string={"lang": value})
    assert refused.status_code == 400 and "Language: must be zh or en" in refused.get_data(as_text=True)


def test_a_brief_in_a_language_served_or_none(client, auth, make_user, database, rainstorm):
    make_user("viewer1", "viewer")
    brief = services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-25 08:00")).brief
    auth.login("viewer1")
    english = client.get(f"/briefs/{brief.id}/export/txt?lang=en")
    assert english.status_code == 200 and "daily brief" in english.get_data(as_text=True)
    assert english.headers["Content-Disposition"].endswith('-en.txt"')
    for query in ("?lang=zh", "", "?lang="):
        chinese = client.get(f"/briefs/{brief.id}/export/txt{query}")
        assert chinese.status_code == 200 and "文峰区防汛救灾工作日报" in chinese.get_data(as_text=True), query


@pytest.mark.parametrize("value", BAD)
def test_an_import_template_refuses_a_language_not_served(client, auth, make_user, value):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    refused = client.get("/imports/templates/outage.csv", query_string={"lang": value})
    assert refused.status_code == 400 and "语言：须为 zh 或 en" in refused.get_data(as_text=True)
    english = client.get("/imports/templates/outage.csv?lang=en")
    assert english.status_code == 200 and "import-outage-en.csv" in english.headers["Content-Disposition"]
    chinese = client.get("/imports/templates/outage.csv")
    assert chinese.status_code == 200 and "import-outage-zh.csv" in chinese.headers["Content-Disposition"]
