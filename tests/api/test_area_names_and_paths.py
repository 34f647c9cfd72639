"""An area's name never holds a path separator: a place called 3/4号楼 could not be named by its path (文峰区/…/3/4号楼
reads as two more levels) in an import or the area list's download, which re-imports as it is."""

import sqlalchemy as sa

from incidents.areas.models import Area


def test_a_name_with_a_path_separator_is_refused_by_name(coordinator_api, seeded, session):
    parent = session.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    for name in ("3/4号楼", "3／4号楼", "A>B", "甲›乙", "C\\D"):
        refused = coordinator_api.post("/api/v1/areas", json={"name": name, "level": "site", "parent_id": parent})
        assert refused.status_code == 422 and "3-4号楼" in refused.json["errors"]["name"], (name, refused.json)
    refused = coordinator_api.post("/api/v1/areas", json={"name": "三四号楼", "name_en": "Blocks 3/4", "level": "site",
                                                          "parent_id": parent})
    assert refused.status_code == 422 and set(refused.json["errors"]) == {"name_en"}
    assert session.scalar(sa.select(sa.func.count()).select_from(Area).where(Area.name.like("%号楼"))) == 0
    made = coordinator_api.post("/api/v1/areas", json={"name": "3、4号楼", "level": "site", "parent_id": parent})
    assert made.status_code == 201, made.json


def test_an_existing_name_with_a_separator_may_stay_but_not_be_typed_anew(coordinator_api, seeded, session):
    # Areas named so before the rule keep working: an edit that leaves the name as it was passes.
    site = session.scalar(sa.select(Area).where(Area.level == "site").order_by(Area.id))
    site.name = "3/4号楼"
    session.commit()
    body = coordinator_api.get(f"/api/v1/areas/{site.id}").json
    kept = coordinator_api.patch(body["url"], json={"households": 120, "version": body["version"]})
    assert kept.status_code == 200, kept.json
    renamed = coordinator_api.patch(body["url"], json={"name": "5/6号楼", "version": kept.json["version"]})
    assert renamed.status_code == 422 and "name" in renamed.json["errors"]
