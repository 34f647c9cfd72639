"""An account named with a capital beyond ASCII logs in, on SQLite as on PostgreSQL.

The lookup folded the stored name with the database's lower() and the typed one with Python's:
SQLite folds ASCII only, so "Ölaf" was compared as "Ölaf" against "ölaf" and never matched.
"""

from __future__ import annotations

import pytest

from tests.auth.test_login import post_login
from tests.conftest import PASSWORD


@pytest.mark.parametrize("name", ["Ölaf", "Дима", "Ｂob"])
def test_a_name_with_a_non_ascii_capital_logs_in(client, make_user, name):
    make_user(name, "reporter")
    response = post_login(client, name, PASSWORD)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    assert client.get("/account").status_code == 200


def test_ascii_case_still_does_not_matter(client, make_user):
    make_user("Ölaf", "reporter")
    assert post_login(client, "öLAF".replace("ö", "Ö"), PASSWORD).status_code == 302
