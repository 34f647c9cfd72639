"""A checkbox is ticked (the value its page sends: y, or 1 for a "more than" box; a browser's default "on") or left
out; any other value is a 400 naming it, nothing saved (probed 5 December, evening).

WTForms reads every value but "false" and "" as ticked: an outage update sent with fully_restored=0 (or no, 否, off)
was saved as *power fully restored*, the outage's households counted back; an administrator's active=0 left the
account able to log in; households_restored-more=0 stored "more than", and confirm_duplicate=0 saved a near-duplicate
without the question. What 0 or 否 meant cannot be read from a box that sends y.
"""

from __future__ import annotations

import secrets
from typing import Any

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from incidents.auth.models import User
from incidents.labels import field_label
from incidents.reports.forms import LABELS
from incidents.reports.models import OutageUpdate
from tests.security import sweep

NOT_TICKS = ["0", "no", "否", "off", "n", "false", "yes please"]


def _label(app: Any, name: str) -> str:
    with app.test_request_context(), force_locale("zh"):
        return str(field_label(name, LABELS))


def _update(client: Any, ids: Any, **given: str) -> Any:
    url = f"/events/{ids.event_id}/reports/new/outage_update"
    form = sweep.form_fields(client.get(url).get_data(as_text=True))
    form.update({"outage_id": str(ids.reports["bdj-outage-zdl64"]), "observed_at-day": "2021-07-24",
                 "observed_at-time": "12:00", "observed_at-precision": "exact", "households_restored": "3",
                 "token": secrets.token_urlsafe(16), "csrf_token": sweep.csrf_token(client), **given})
    return client.post(url, data={k: v for k, v in form.items() if v is not None})


@pytest.mark.parametrize("value", NOT_TICKS)
def test_an_update_fully_restored_by_a_value_no_box_sends_is_refused_naming_it(app, database, ids, login_as, value):
    coordinator = login_as("coordinator")
    before = sweep.fingerprint(database.engine)
    for given in ({"fully_restored": value}, {"households_restored-more": value},
                  {"confirm_duplicate": value}):
        response = _update(coordinator, ids, **given)
        name = next(iter(given))
        assert response.status_code == 400, (given, response.status_code)
        assert f"{_label(app, name)}：" in response.get_data(as_text=True), (given, response.get_data(as_text=True))
    assert sweep.fingerprint(database.engine) == before


def test_an_update_ticked_or_left_out_saves_as_the_box_says(app, database, ids, login_as):
    coordinator = login_as("coordinator")
    for given, restored in (({"fully_restored": "y"}, True), ({"fully_restored": "on"}, True), ({}, False)):
        response = _update(coordinator, ids, confirm_duplicate="1", **given)
        assert response.status_code == 302, (given, response.status_code)
        with database.read_session() as s:
            report = s.get(OutageUpdate, int(response.headers["Location"].rsplit("/", 1)[1]))
            assert report.fully_restored is restored, given


def test_an_account_deactivated_by_a_value_no_box_sends_is_refused_naming_it(app, database, login_as, make_user):
    admin = login_as("admin")
    user_id = make_user("alice", "reporter")
    url = f"/admin/users/{user_id}"
    form = sweep.form_fields(admin.get(url).get_data(as_text=True))
    assert form.get("active") == "y", form
    before = sweep.fingerprint(database.engine)
    response = admin.post(url, data={**form, "active": "0", "csrf_token": sweep.csrf_token(admin)})
    assert response.status_code == 400, response.status_code
    assert f"{_label(app, 'active')}：" in response.get_data(as_text=True)
    assert sweep.fingerprint(database.engine) == before
    # Left out, the box is unticked: the account is disabled.
    form.pop("active")
    assert admin.post(url, data={**form, "csrf_token": sweep.csrf_token(admin)}).status_code == 302
    with database.read_session() as s:
        assert s.scalar(sa.select(User.active).where(User.id == user_id)) is False


def test_the_report_forms_show_their_checkboxes_as_checkboxes(ids, login_as):
    coordinator = login_as("coordinator")
    for kind, name in (("outage_update", "fully_restored"), ("disinfection", "cumulative")):
        html = coordinator.get(f"/events/{ids.event_id}/reports/new/{kind}").get_data(as_text=True)
        assert f'type="checkbox" id="{name}" name="{name}" value="y"' in html, kind
