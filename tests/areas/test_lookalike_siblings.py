"""Sibling places whose names read the same (an h4 audit): "甲 乙", "甲\u00a0乙" (a non-breaking space pasted from
a web page), "甲\u3000乙" (full width), "甲乙", "ＡＢ小区" and "AB小区" were all stored under one parent as
different places, over the API, the form and the areas import. A report then went to one or the other at
random. Now the area rule (areas/services) compares names as they read, and refuses the second by name,
naming the one already there; nothing is saved."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.areas.models import Area
from tests.api.conftest import coordinator_api, new_token, token_client  # noqa: F401
from tests.imports.conftest import csv_bytes
from tests.imports.test_pages import upload

LOOKALIKES = ["甲 乙", "甲\u00a0乙", "甲\u3000乙", "甲  乙", "甲\u2002乙"]


def _count(session, like: str) -> int:  # noqa: ANN001
    session.rollback()
    return session.scalar(sa.select(sa.func.count()).select_from(Area).where(Area.name.like(like)))


PAIRS = [("甲乙", name) for name in LOOKALIKES] + [
    ("甲 乙", "甲\u00a0乙"), ("AB小区", "ＡＢ小区"), ("AB小区", "ab小区"), ("Ab小区", "Аb小区"),  # last: Cyrillic А
    # A radical sign (U+2EC4, ⻄) or a katakana letter (エ) that passes for a Chinese character: both were stored
    # beside 西关小区 / 工人小区 as another place (probed 6 December, evening).
    ("西关小区", "\u2ec4关小区"), ("工人小区", "\u30a8人小区"), ("马坊小区", "\u2ee2坊小区")]


@pytest.mark.parametrize(("first", "second"), PAIRS)
def test_the_api_refuses_a_sibling_that_reads_the_same(coordinator_api,  # noqa: F811
                                                       seeded, session, first, second):
    parent = session.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    made = coordinator_api.post("/api/v1/areas", json={"name": first, "level": "community", "parent_id": parent})
    assert made.status_code == 201, made.json
    refused = coordinator_api.post("/api/v1/areas", json={"name": second, "level": "community", "parent_id": parent})
    assert refused.status_code == 422 and set(refused.json["errors"]) == {"name"}, refused.json
    assert f"“{first}”（#{made.json['id']}）" in refused.json["errors"]["name"]
    assert session.scalar(sa.select(sa.func.count()).select_from(Area).where(Area.parent_id == parent,
                                                                             Area.name == second)) == 0


def test_a_lookalike_under_another_parent_is_another_place(coordinator_api, seeded, session):  # noqa: F811
    one, two = (session.scalar(sa.select(Area.id).where(Area.name == n)) for n in ("北大街街道", "东关街道"))
    assert coordinator_api.post("/api/v1/areas", json={"name": "甲 乙", "level": "community",
                                                       "parent_id": one}).status_code == 201
    assert coordinator_api.post("/api/v1/areas", json={"name": "甲\u00a0乙", "level": "community",
                                                       "parent_id": two}).status_code == 201


def test_a_rename_to_a_lookalike_is_refused_and_an_edit_of_an_old_pair_is_not(
        coordinator_api, seeded, session):  # noqa: F811
    parent = session.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    first = coordinator_api.post("/api/v1/areas", json={"name": "甲乙", "level": "community", "parent_id": parent})
    second = coordinator_api.post("/api/v1/areas", json={"name": "丙丁", "level": "community", "parent_id": parent})
    renamed = coordinator_api.patch(second.json["url"], json={"name": "甲 乙", "version": second.json["version"]})
    assert renamed.status_code == 422 and "甲乙" in renamed.json["errors"]["name"]
    # A pair stored before the rule: editing another field of either is not refused for the other's name.
    session.rollback()  # a fresh snapshot: SQLite will not write from one older than the API's writes
    session.execute(sa.update(Area).where(Area.id == second.json["id"]).values(name="甲 乙"))
    session.commit()
    again = coordinator_api.get(second.json["url"]).json
    kept = coordinator_api.patch(again["url"], json={"households": 30, "version": again["version"]})
    assert kept.status_code == 200, kept.json
    assert first.status_code == 201


def test_the_form_refuses_a_lookalike_sibling(client, auth, make_user, seeded, session):
    make_user("wang", "coordinator")
    auth.login("wang")
    bdj = session.scalar(sa.select(Area).where(Area.name == "北大街街道"))
    made = auth.post("/areas/new", {"parent_id": str(bdj.id), "level": "site", "name": "一号院"}, form_url="/areas/new")
    assert made.status_code == 302
    refused = auth.post("/areas/new", {"parent_id": str(bdj.id), "level": "site", "name": "一号\u00a0院"},
                        form_url="/areas/new")
    assert refused.status_code == 422
    assert "与同一上级下的“一号院”" in refused.get_data(as_text=True)
    assert _count(session, "一号%院") == 1


def test_the_areas_import_refuses_a_lookalike_sibling(client, auth, make_user, seeded, session):
    make_user("root", "admin")
    auth.login("root")
    rows = [["路径"], ["文峰区/北大街街道/二号院"], ["文峰区/北大街街道/二号\u3000院"]]
    _token, preview = upload(client, "/areas/import", csv_bytes(rows), "areas.csv")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 422, html[:2000]
    assert "与同一上级下的“二号院”" in html
    assert _count(session, "二号%院") == 0
