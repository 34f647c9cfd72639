"""A zero report's form, for a reporter not scoped to one subdistrict, opens on the subdistrict holding the
worker's last place (a compound inside it). Before, it opened on no place: tap and search every time."""

from __future__ import annotations

import pytest

from tests.reports.test_zero_keeps_last_place import PLACE, chosen_place, last_choice
from tests.reports.test_zero_reports import area


@pytest.mark.parametrize("scope", [None, "文峰区"], ids=["unscoped", "district"])
def test_the_zero_form_opens_on_the_last_places_subdistrict(live, make_user, auth, client, session, database,
                                                             scope):
    make_user("wf", "reporter", scope=scope)
    auth.login("wf")
    last_choice(database, "wf", live.id, area(session, PLACE))
    form = client.get(f"/events/{live.id}/reports/new/zero_report").get_data(as_text=True)
    assert chosen_place(form) == area(session, "北大街街道")


def test_the_zero_form_opens_on_the_last_place_when_it_is_a_subdistrict(live, make_user, auth, client, session,
                                                                         database):
    make_user("wf", "reporter")
    auth.login("wf")
    last_choice(database, "wf", live.id, area(session, "北大街街道"))
    form = client.get(f"/events/{live.id}/reports/new/zero_report").get_data(as_text=True)
    assert chosen_place(form) == area(session, "北大街街道")
