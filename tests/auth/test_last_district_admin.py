"""The last administrator for the whole district stays one, though administrators of a subdistrict remain.

Found (sessions/accounts/tokens audit, 4 December): the last-administrator rule counted every active
administrator, scoped or not. With one for the district and one for a subdistrict, the district's could
demote, deactivate or scope themself: the subdistrict's administrator remained, "an administrator", but
may not touch an account of the whole district nor make one — nobody on the web could manage the
district's accounts again (only `incidents create-user` on the server).
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Area, User
from tests.security.sweep import form_fields


def _area(session, name: str) -> int:  # noqa: ANN001
    return session.scalar(sa.select(Area.id).where(Area.name == name))


@pytest.mark.parametrize(("field", "value"), [("role", "viewer"), ("active", None), ("scope_area_id", "北大街街道")])
def test_the_last_district_administrator_cannot_step_down_while_a_subdistricts_remains(
        client, auth, make_user, seeded, session, field, value):
    root_id = make_user("root", "admin")
    make_user("bdjadmin", "admin", scope="文峰区/北大街街道")
    auth.login("root")
    fields = form_fields(client.get(f"/admin/users/{root_id}").get_data(as_text=True))
    if value is None:
        fields.pop(field)  # the box unticked
    else:
        fields[field] = str(_area(session, value)) if field == "scope_area_id" else value
    response = client.post(f"/admin/users/{root_id}", data=fields)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "全区最后一个启用的管理员" in html
    assert f'id="{field}-error"' in html and f'aria-describedby="{field}-error"' in html  # named on its field
    session.rollback()
    root = session.get(User, root_id)
    assert (root.role, root.active, root.scope_area_id) == ("admin", True, None)


def test_with_another_district_administrator_one_may_step_down(client, auth, make_user, seeded, session):
    root_id = make_user("root", "admin")
    make_user("root2", "admin")
    make_user("bdjadmin", "admin", scope="文峰区/北大街街道")
    auth.login("root")
    fields = form_fields(client.get(f"/admin/users/{root_id}").get_data(as_text=True))
    assert client.post(f"/admin/users/{root_id}", data={**fields, "role": "viewer"}).status_code == 302
    session.rollback()
    assert session.get(User, root_id).role == "viewer"


def test_a_subdistrict_administrator_may_step_down_while_the_district_has_one(client, auth, make_user, seeded,
                                                                               session):
    make_user("root", "admin")
    me = make_user("bdjadmin", "admin", scope="文峰区/北大街街道")
    auth.login("bdjadmin")
    fields = form_fields(client.get(f"/admin/users/{me}").get_data(as_text=True))
    assert client.post(f"/admin/users/{me}", data={**fields, "role": "reporter"}).status_code == 302
