"""An account edit whose hidden `version` cannot be read is a 400 naming the version, as every edit form's.

"abc" was a bare 400 page that named nothing, and -1, 0 or 20 digits the 409 saying another administrator had
changed the account first, which nobody had (limits.form_version: the one rule). Nothing is saved.
"""

from __future__ import annotations

import pytest

from incidents.models import User
from tests.conftest import switch_language
from tests.garbled_version import refused
from tests.security.sweep import form_fields

GARBLED = ["-1", "0", "abc", "12345678901234567890", "١", "", None]


@pytest.mark.parametrize("version", GARBLED)
def test_a_garbled_version_is_a_400_naming_it(client, auth, make_user, database, version):
    make_user("root", "admin")
    alice_id = make_user("alice", "reporter")
    auth.login("root")
    sent = {**form_fields(client.get(f"/admin/users/{alice_id}").get_data(as_text=True)), "display_name": "Alice W"}
    page = refused(client, f"/admin/users/{alice_id}", sent, version)
    assert "已被他人先行修改" not in page and 'value="Alice W"' in page
    with database.read_session() as s:
        stored = s.get(User, alice_id)
        assert (stored.version, stored.display_name) == (1, "alice")


def test_in_english_too(client, auth, make_user):
    make_user("root", "admin")
    alice_id = make_user("alice", "reporter")
    auth.login("root")
    switch_language(client, "en")
    sent = form_fields(client.get(f"/admin/users/{alice_id}").get_data(as_text=True))
    answer = client.post(f"/admin/users/{alice_id}", data={**sent, "version": "-1"})
    assert answer.status_code == 400
    # After its label the sentence goes on in lower case (it read "Version: The form's version…").
    assert "Version: the form&#39;s version cannot be read: nothing was saved" in answer.get_data(as_text=True)
