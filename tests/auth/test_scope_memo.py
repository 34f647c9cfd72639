"""Scope answers come from a walk up remembered per transaction (areas.tree.ancestry): never past a move."""

from __future__ import annotations

from incidents.areas.services import create_area, update_area
from incidents.areas.tree import ANCESTRY_MEMO
from incidents.auth.models import User
from incidents.auth.policy import in_scope
from incidents.auth.services import create_user


def _tree(database):  # noqa: ANN001, ANN202
    with database.transaction() as s:
        district = create_area(s, name="备忘区", level="district")
        north = create_area(s, name="北街道", level="subdistrict", parent=district)
        south = create_area(s, name="南街道", level="subdistrict", parent=district)
        site = create_area(s, name="一号院", level="community", parent=north)
        user = create_user(s, "memo-field", None, "reporter", scope_area_id=north.id)
        return user.id, site.id, south.id


def test_moving_an_area_out_of_scope_is_seen_in_the_same_transaction(database):
    user_id, site_id, south_id = _tree(database)
    with database.transaction() as s:
        user = s.get(User, user_id)
        assert in_scope(s, user, site_id)
        assert in_scope(s, user, site_id)  # the second ask is answered from the memo
        update_area(s, s.get(type(user.scope_area), site_id), {"parent_id": south_id}, None)
        assert not in_scope(s, user, site_id)


def test_the_memo_ends_with_its_transaction(database):
    user_id, site_id, south_id = _tree(database)
    with database.write_session() as s:
        with s.begin():
            assert in_scope(s, s.get(User, user_id), site_id)
            assert s.info[ANCESTRY_MEMO]
        assert ANCESTRY_MEMO not in s.info
        # Moved by another session meanwhile: this session's next transaction asks the database again.
        with database.transaction() as other:
            update_area(other, other.get(type(other.get(User, user_id).scope_area), site_id),
                        {"parent_id": south_id}, None)
        with s.begin():
            assert not in_scope(s, s.get(User, user_id), site_id)
