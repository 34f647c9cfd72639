"""Sibling places with the same English name (probed 6 December, night): "Xiguan Community" was stored twice under
北大街街道 (西关社区 and 西关新村), over the API, the form and the areas import, and the English brief, map and
downloads then named two places alike. The Chinese names were compared for twins, the English ones not. Now an
English name that reads as a sibling's (the Chinese name's rule: spaces, width, case and lookalike letters folded)
is refused naming the English name field and the place that has it; nothing is saved."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from incidents.areas.models import Area
from tests.api.conftest import coordinator_api, new_token, token_client  # noqa: F401
from tests.imports.conftest import csv_bytes
from tests.imports.test_pages import upload


def _parent(session, name: str = "北大街街道") -> int:  # noqa: ANN001
    return session.scalar(sa.select(Area.id).where(Area.name == name))


def _with_english(session, english: str) -> int:  # noqa: ANN001
    session.rollback()
    return session.scalar(sa.select(sa.func.count()).select_from(Area).where(Area.name_en == english))


@pytest.mark.parametrize("second", ["Xiguan Community", "xiguan community", "Xiguan  Community",
                                    "Ｘｉｇｕａｎ Community", "Xiguan Сommunity"])  # last: a Cyrillic С
def test_the_api_refuses_a_sibling_with_the_same_english_name(coordinator_api, seeded, session,  # noqa: F811
                                                              second):
    parent = _parent(session)
    made = coordinator_api.post("/api/v1/areas", json={"name": "西关社区", "name_en": "Xiguan Community",
                                                       "level": "community", "parent_id": parent})
    assert made.status_code == 201, made.json
    refused = coordinator_api.post("/api/v1/areas", json={"name": "西关新村", "name_en": second,
                                                          "level": "community", "parent_id": parent})
    assert refused.status_code == 422 and set(refused.json["errors"]) == {"name_en"}, refused.json
    assert f"“西关社区”（#{made.json['id']}）" in refused.json["errors"]["name_en"]
    session.rollback()
    assert session.scalar(sa.select(sa.func.count()).select_from(Area).where(Area.name == "西关新村")) == 0


def test_the_same_english_name_under_another_parent_or_none_is_taken(coordinator_api, seeded,  # noqa: F811
                                                                     session):
    one, two = _parent(session), _parent(session, "东关街道")
    for parent, name in ((one, "西关社区"), (two, "西关社区"), (one, "东风社区"), (one, "南风社区")):
        english = "Xiguan Community" if name == "西关社区" else None
        made = coordinator_api.post("/api/v1/areas", json={"name": name, "name_en": english, "level": "community",
                                                           "parent_id": parent})
        assert made.status_code == 201, made.json  # two siblings without an English name are no twins


def test_a_rename_to_a_siblings_english_name_is_refused_and_an_old_pair_stays_editable(
        coordinator_api, seeded, session):  # noqa: F811
    parent = _parent(session)
    first = coordinator_api.post("/api/v1/areas", json={"name": "西关社区", "name_en": "Xiguan Community",
                                                        "level": "community", "parent_id": parent})
    second = coordinator_api.post("/api/v1/areas", json={"name": "西关新村", "name_en": "Xiguan New Village",
                                                         "level": "community", "parent_id": parent})
    renamed = coordinator_api.patch(second.json["url"], json={"name_en": "Xiguan community",
                                                              "version": second.json["version"]})
    assert renamed.status_code == 422 and set(renamed.json["errors"]) == {"name_en"}, renamed.json
    assert _with_english(session, "Xiguan community") == 0
    # A pair stored before the rule: another field of either is still changed.
    session.execute(sa.update(Area).where(Area.id == second.json["id"]).values(name_en="Xiguan Community"))
    session.commit()
    again = coordinator_api.get(second.json["url"]).json
    kept = coordinator_api.patch(again["url"], json={"households": 30, "version": again["version"]})
    assert kept.status_code == 200, kept.json
    assert first.status_code == 201


def test_the_form_refuses_a_siblings_english_name_naming_the_field(client, auth, make_user, seeded, session):
    make_user("wang", "coordinator")
    auth.login("wang")
    parent = str(_parent(session))
    made = auth.post("/areas/new", {"parent_id": parent, "level": "site", "name": "一号院", "name_en": "No. 1 Yard"},
                     form_url="/areas/new")
    assert made.status_code == 302, made.get_data(as_text=True)[:1000]
    refused = auth.post("/areas/new", {"parent_id": parent, "level": "site", "name": "壹号院",
                                       "name_en": "No. 1 Yard"}, form_url="/areas/new")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422, html[:1000]
    error = re.search(r'<p class="error" id="name_en-error">([^<]*)</p>', html)
    assert error and "“一号院”" in error.group(1) and "英文名称相同" in error.group(1), html[:3000]
    assert _with_english(session, "No. 1 Yard") == 1


def test_the_areas_import_refuses_a_siblings_english_name(client, auth, make_user, seeded, session):
    make_user("root", "admin")
    auth.login("root")
    rows = [["路径", "英文名"], ["文峰区/北大街街道/二号院", "No. 2 Yard"], ["文峰区/北大街街道/贰号院", "No. 2 yard"]]
    _token, preview = upload(client, "/areas/import", csv_bytes(rows), "areas.csv")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 422, html[:2000]
    assert "“二号院”" in html
    session.rollback()
    assert session.scalar(sa.select(sa.func.count()).select_from(Area).where(Area.name.in_(["二号院", "贰号院"]))) == 0
