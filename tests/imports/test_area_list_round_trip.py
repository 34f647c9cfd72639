"""The area list's download imports as an areas file as it is: the tree moves to another instance by file."""

from __future__ import annotations

import csv
import io

from incidents import demo
from tests.conftest import csrf_from, empty_tables, switch_language
from tests.imports.conftest import csv_bytes
from tests.imports.test_pages import upload


def _tree(client, fmt: str = "csv") -> list[dict[str, str]]:
    """The area list as downloaded (CSV), without this database's own numbers."""
    text = client.get(f"/areas/export.{fmt}").get_data().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    return [{k: v for k, v in row.items() if k not in ("编号", "上级编号", "ID", "Parent ID")} for row in rows]


def _import(client, data: bytes, filename: str) -> None:
    """Upload an areas file and confirm it."""
    token, preview = upload(client, "/areas/import", data, filename)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200, html
    if f"/imports/{token}/confirm" not in html:
        # Nothing new (the same tree again): the preview says so and offers nothing to confirm.
        assert "新增：0" in html, html
        return
    confirm = client.post(f"/imports/{token}/confirm", data={"csrf_token": csrf_from(html), "token": token})
    assert confirm.status_code == 302


def test_the_downloaded_area_list_rebuilds_the_tree_in_an_empty_instance(app, client, auth, make_user, seeded,
                                                                         database):
    make_user("root", "admin")
    auth.login("root")
    tree = _tree(client)
    assert len(tree) > 10 and any(row["纬度"] for row in tree) and any(row["行政代码"] for row in tree)
    downloaded = client.get("/areas/export.csv").get_data()
    # The same file into the database it came from: every area found, nothing changed.
    _import(client, downloaded, "areas.csv")
    assert tree == _tree(client)

    # Into an empty instance: the whole tree, its codes, coordinates, levels and sizes.
    empty_tables(database.engine)
    with database.transaction() as s:
        demo.load_reference(s)
    make_user("root", "admin")
    auth.login("root")
    assert _tree(client) == []
    _import(client, downloaded, "areas.csv")
    assert _tree(client) == tree


def test_the_english_download_imports_too(client, auth, make_user, seeded, database):
    make_user("root", "admin")
    auth.login("root")
    switch_language(client, "en")
    book = client.get("/areas/export.xlsx").get_data()
    english = client.get("/areas/export.csv").get_data()
    assert b"Parent ID" in english and b"Subdistrict / town" in english
    switch_language(client, "zh")
    tree = _tree(client)
    empty_tables(database.engine)
    with database.transaction() as s:
        demo.load_reference(s)
    make_user("root", "admin")
    auth.login("root")
    _import(client, book, "areas.xlsx")
    assert _tree(client) == tree


def test_a_name_that_is_not_the_paths_last_part_or_half_a_point_is_refused(client, auth, make_user, seeded):
    make_user("root", "admin")
    auth.login("root")
    rows = [["编号", "上级编号", "层级", "名称", "路径", "纬度", "经度"],
            ["", "", "区", "北关区", "北关区", "36.1", "114.3"],
            ["", "", "街道/镇", "别的名字", "北关区 › 红旗街道", "", ""],
            ["", "", "社区/村", "豆腐营社区", "北关区 › 豆腐营社区", "36.1", ""]]
    token, preview = upload(client, "/areas/import", csv_bytes(rows), "areas.csv")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 422
    assert "<td>3</td><td>名称</td>" in html and "红旗街道" in html
    assert "<td>4</td><td>经度</td>" in html
    assert f"/imports/{token}/confirm" not in html


def test_a_manager_scoped_to_a_subdistrict_imports_areas_within_it_only(client, auth, make_user, seeded, session):
    from sqlalchemy import select

    from incidents.models import Area

    make_user("root", "admin")
    auth.login("root")
    downloaded = client.get("/areas/export.csv").get_data()
    make_user("bdj", "coordinator", scope="文峰区/北大街街道")
    auth.login("bdj")
    # The whole district's list back, unchanged: rows outside the scope change nothing, so it passes.
    _import(client, downloaded, "areas.csv")
    rows = [["路径", "户数"], ["文峰区/北大街街道/新建小区", "30"], ["文峰区/东关街道/新建小区", "30"],
            ["文峰区/光华路街道", "999"], ["文峰区/另一街道", ""],
            ["文峰区/北大街街道", "999"]]  # its own subdistrict: the district office sets it (can_change_area)
    token, preview = upload(client, "/areas/import", csv_bytes(rows), "areas.csv")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 422
    for line in (3, 4, 5, 6):  # another subdistrict's new area, its change, a new top-level branch, its own
        assert f"<td>{line}</td><td>路径</td><td>不在您管理的地点范围内</td>" in html, line
    assert "<td>2</td><td>路径</td>" not in html and f"/imports/{token}/confirm" not in html
    names = set(session.scalars(select(Area.name)))
    assert "新建小区" not in names and "另一街道" not in names
    # Within the scope alone, it is stored.
    _import(client, csv_bytes(rows[:2]), "areas.csv")
    session.rollback()
    assert session.scalar(select(Area.households).where(Area.name == "新建小区")) == 30


def test_names_the_download_quotes_against_formulas_come_back_as_they_were(client, auth, make_user, seeded,
                                                                          database):
    # The CSV download puts ' before text a spreadsheet would take for a formula: read back, the
    # quote was taken for part of the name ("is not the last part of the path") or stored in it.
    from incidents.areas import services
    from incidents.areas.models import Area, AreaLevel

    with database.transaction() as s:
        parent = s.get(Area, demo._area_by_path(s, "文峰区/北大街街道").id)
        services.create_area(s, parent=parent, user_id=None, name="-1层停车场", name_en="@Home Inn car park",
                             level=AreaLevel.SITE)
    make_user("root", "admin")
    auth.login("root")
    downloaded = client.get("/areas/export.csv").get_data()
    assert "'-1层停车场,'@Home Inn car park" in downloaded.decode("utf-8-sig")
    tree = _tree(client)
    _import(client, downloaded, "areas.csv")
    assert _tree(client) == tree
    empty_tables(database.engine)
    with database.transaction() as s:
        demo.load_reference(s)
    make_user("root", "admin")
    auth.login("root")
    _import(client, downloaded, "areas.csv")
    assert _tree(client) == tree
