"""An outage's page heads the list of its follow-up updates as a list (该停电的后续更新), not with the
timelines' count of updates (更新次数), which shared the msgid "Updates"."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask_babel import force_locale, gettext

from incidents.models import OutageUpdate
from tests.conftest import switch_language


def _children_heading(html: str) -> str:
    section = re.search(r'<section>\s*<h2>(.*?)</h2>\s*<ul class="reports[^"]*">', html, re.S)
    assert section, "no list of updates on the outage's page"
    return section.group(1).strip()


def test_the_list_of_an_outages_updates_has_a_heading_of_its_own(seeded, session, make_user, auth, client, app):
    make_user("v", "viewer")
    auth.login("v")
    outage_id = session.scalar(sa.select(OutageUpdate.outage_id).order_by(OutageUpdate.id))
    assert _children_heading(client.get(f"/reports/{outage_id}").get_data(as_text=True)) == "该停电的后续更新"
    switch_language(client, "en")
    assert _children_heading(client.get(f"/reports/{outage_id}").get_data(as_text=True)) == "Updates on this outage"
    # The timelines' column still counts updates.
    with app.test_request_context(), force_locale("zh"):
        assert gettext("Updates") == "更新次数"
