"""The English account form offered its roles as reporter, coordinator, viewer, administrator (the lower case a
role has inside a line: "admin · administrator") while the help under it reads "Reporter: logs reports…";
a choice in a list is capitalised as every other list's choices are. The Chinese reads as before."""

from __future__ import annotations

import re

from tests.conftest import switch_language


def _roles(html: str) -> list[str]:
    select = re.search(r'<select[^>]*name="role".*?</select>', html, re.S).group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_the_roles_read_as_choices(client, auth, make_user):
    make_user("boss", "admin")
    auth.login("boss")
    assert _roles(client.get("/admin/users/new").get_data(as_text=True)) == ["信息员", "协调员", "查看者", "管理员"]
    switch_language(client, "en")
    roles = _roles(client.get("/admin/users/new").get_data(as_text=True))
    assert roles == ["Reporter", "Coordinator", "Viewer", "Administrator"]
