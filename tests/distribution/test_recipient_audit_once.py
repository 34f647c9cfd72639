"""A recipient saved as it stands, or removed a second time, adds nothing to the trail (as events, areas, accounts)."""

from __future__ import annotations

import sqlalchemy as sa

from incidents.distribution.models import Recipient
from incidents.models import AuditEntry
from tests.conftest import csrf_from
from tests.security import sweep


def _trail(database) -> list[str]:  # noqa: ANN001
    with database.read_session() as s:
        return list(s.scalars(sa.select(AuditEntry.action).where(AuditEntry.entity == "recipients")
                              .order_by(AuditEntry.id)))


def test_an_unchanged_save_and_a_second_removal_write_no_audit_row(client, auth, make_user, database, rainstorm):
    make_user("coord", "coordinator")
    auth.login("coord")
    url = f"/events/{rainstorm.id}/recipients"
    token = csrf_from(client.get(url).get_data(as_text=True))
    assert client.post(url, data={"name": "区防指", "channel": "email", "lang": "zh", "briefs": "y", "area_id": "",
                                  "address": "fzb@wenfeng.example", "csrf_token": token}).status_code == 303
    with database.read_session() as s:
        recipient_id = s.scalar(sa.select(Recipient.id))
    edit = f"/recipients/{recipient_id}/edit"
    # Saved as the form shows it (a second tab, a double tap): an "update" whose before and after were the same.
    fields = sweep.form_fields(client.get(edit).get_data(as_text=True))
    assert client.post(edit, data=fields).status_code == 303
    assert _trail(database) == ["create"]
    for _ in range(2):  # removed, then removed again from a list opened before the first
        response = client.post(f"/recipients/{recipient_id}/remove", data={"csrf_token": token})
        assert response.status_code == 303
    assert _trail(database) == ["create", "deactivate"]
    # A change that only the credentials make is still written down (without them).
    robot = {"name": "钉钉群", "channel": "dingtalk", "lang": "zh", "briefs": "y", "area_id": "",
             "address": "https://oapi.dingtalk.com/robot/send?access_token=abc123", "csrf_token": token}
    assert client.post(url, data=robot).status_code == 303
    with database.read_session() as s:
        robot_id = s.scalar(sa.select(Recipient.id).where(Recipient.name == "钉钉群"))
    fields = sweep.form_fields(client.get(f"/recipients/{robot_id}/edit").get_data(as_text=True))
    assert client.post(f"/recipients/{robot_id}/edit", data={**fields, "secret": "SEC" + "0" * 40}).status_code == 303
    assert _trail(database) == ["create", "deactivate", "create", "update"]
