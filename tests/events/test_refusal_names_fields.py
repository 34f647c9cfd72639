"""An event's or a place's form refused says, at the top, which fields to fix, each a link to its field.

Found on a 360 px phone: an empty 新建事件 said only 未保存：请检查下方标出的栏目 above a form four screens long,
its four 必填 marks below the fold; the alert named none of them and led to none.
"""

from __future__ import annotations

import re

import pytest

from incidents import demo
from tests.conftest import csrf_from, switch_language


def _alert_links(html: str) -> list[tuple[str, str]]:
    alert = re.search(r'<div class="flash flash-error" role="alert">(.*?)</div>', html, re.S)
    assert alert, "no alert"
    return re.findall(r'<a class="tap" href="#(\w+)">([^<]+)</a>', alert.group(1))


def _label(html: str, field: str) -> str:
    return re.search(rf'<label for="{field}">([^<]+)', html).group(1).strip()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_empty_new_event_names_each_required_field_and_leads_to_it(seeded, client, auth, make_user, lang):
    make_user("co", "coordinator")
    auth.login("co")
    if lang == "en":
        switch_language(client, "en")
    page = client.get("/events/new").get_data(as_text=True)
    refused = client.post("/events/new", data={"csrf_token": csrf_from(page)})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    links = _alert_links(html)
    assert [field for field, _ in links] == ["name", "code", "kind", "starts_at"]
    assert all(text == _label(html, field) for field, text in links), links


def test_a_place_refused_names_its_field(seeded, client, auth, make_user, database):
    make_user("co", "coordinator")
    auth.login("co")
    with database.read_session() as s:
        district_id = demo._area_by_path(s, "文峰区").id
    page = client.get(f"/areas/new?parent={district_id}").get_data(as_text=True)
    html = client.post(f"/areas/new?parent={district_id}",
                       data={"csrf_token": csrf_from(page), "parent_id": str(district_id), "level": "subdistrict",
                             "name": ""}).get_data(as_text=True)
    assert _alert_links(html) == [("name", _label(html, "name"))]
