"""An administrator scoped to a subdistrict manages that subdistrict's accounts only, never lifts its own scope."""

from __future__ import annotations

import sqlalchemy as sa
from werkzeug.security import check_password_hash

from incidents.models import Area, User
from tests.conftest import PASSWORD
from tests.security.sweep import form_fields

NEW_PASSWORD = "a much longer secret"


def _area(session, name: str) -> int:  # noqa: ANN001
    return session.scalar(sa.select(Area.id).where(Area.name == name))


def test_a_scoped_admin_cannot_lift_its_own_scope(client, auth, make_user, seeded, session):
    make_user("root", "admin")
    me = make_user("bdjadmin", "admin", scope="文峰区/北大街街道")
    auth.login("bdjadmin")
    fields = form_fields(client.get(f"/admin/users/{me}").get_data(as_text=True))
    for scope in ("", str(_area(session, "银杏大街街道"))):
        response = client.post(f"/admin/users/{me}", data={**fields, "scope_area_id": scope})
        assert response.status_code == 400, scope
        session.rollback()
        assert session.get(User, me).scope_area_id == _area(session, "北大街街道")
    # Then it could edit places outside its subdistrict; it still cannot.
    yinxing = _area(session, "安彩嘉园社区")
    assert client.get(f"/areas/{yinxing}/edit").status_code == 403


def test_a_scoped_admin_creates_accounts_within_its_scope_only(client, auth, make_user, seeded, session):
    make_user("root", "admin")
    make_user("bdjadmin", "admin", scope="文峰区/北大街街道")
    auth.login("bdjadmin")
    page = client.get("/admin/users/new").get_data(as_text=True)
    assert "银杏大街街道" not in page and "不限" not in page
    before = session.scalar(sa.select(sa.func.count()).select_from(User))
    for username, scope in (("boss", ""), ("yx", str(_area(session, "银杏大街街道")))):
        response = auth.post("/admin/users/new", {"username": username, "display_name": "", "role": "admin",
                                                  "scope_area_id": scope, "password": NEW_PASSWORD})
        assert response.status_code == 400, scope
    session.rollback()
    assert session.scalar(sa.select(sa.func.count()).select_from(User)) == before
    response = auth.post("/admin/users/new", {"username": "zhang", "display_name": "", "role": "reporter",
                                              "scope_area_id": str(_area(session, "北大街街道")),
                                              "password": NEW_PASSWORD})
    assert response.status_code == 302


def test_a_scoped_admin_cannot_touch_an_account_outside_its_scope(client, auth, make_user, seeded, session):
    root = make_user("root", "admin")
    other = make_user("yxcoord", "coordinator", scope="文峰区/银杏大街街道")
    make_user("bdjadmin", "admin", scope="文峰区/北大街街道")
    auth.login("root")
    forms = {uid: form_fields(client.get(f"/admin/users/{uid}").get_data(as_text=True)) for uid in (root, other)}
    auth.login("bdjadmin")
    listing = client.get("/admin/users").get_data(as_text=True)
    assert f'href="/admin/users/{root}"' not in listing and f'href="/admin/users/{other}"' not in listing
    for uid, fields in forms.items():
        assert client.get(f"/admin/users/{uid}").status_code == 403
        token = form_fields(client.get("/admin/users/new").get_data(as_text=True))["csrf_token"]
        response = client.post(f"/admin/users/{uid}", data={**fields, "csrf_token": token, "password": NEW_PASSWORD,
                                                            "role": "viewer"})
        assert response.status_code == 403
        session.rollback()
        user = session.get(User, uid)
        assert check_password_hash(user.password_hash, PASSWORD) and user.version == 1
