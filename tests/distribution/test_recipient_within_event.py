"""A reminder recipient speaks for a subdistrict within its event's place. check_recipient asked only that the area be a
subdistrict the user manages: a coordinator scoped to 北大街街道 could add a 北大街 reminder recipient to 东关街道's
event, and the command line one of any subdistrict to any event, reminders naming a place the event's briefs never
list. Both are now refused naming area_id, by the rule that lists the form's choices (services.event_subdistricts)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.auth.models import User
from incidents.demo import _area_by_path
from incidents.distribution.models import Recipient
from incidents.distribution.services import RecipientFields, save_recipient
from incidents.errors import ValidationError
from incidents.events.models import Event

BDJ, DGJ = "文峰区/北大街街道", "文峰区/东关街道"


def _event_of(database, event_id: int, path: str) -> int:  # noqa: ANN001
    """The event moved to one subdistrict's place; the id of the other subdistrict named."""
    with database.transaction() as s:
        s.execute(sa.update(Event).where(Event.id == event_id).values(area_id=_area_by_path(s, path).id))
        return _area_by_path(s, BDJ).id


def _count(database) -> int:  # noqa: ANN001
    with database.read_session() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(Recipient))


def test_a_scoped_coordinator_adds_no_reminder_recipient_to_another_subdistricts_event(
        make_user, database, rainstorm):
    make_user("sub", "coordinator", scope=BDJ)
    own = _event_of(database, rainstorm.id, DGJ)
    fields = RecipientFields(name="北大街街道办", channel="email", address="bdj@example.org", lang="zh", briefs=False,
                             reminders=True, alerts=False, area_id=own)
    with database.transaction() as s, pytest.raises(ValidationError) as refused:
        user = s.scalar(sa.select(User).where(User.username == "sub"))
        save_recipient(s, user, s.get(Event, rainstorm.id), fields)
    assert set(refused.value.errors) == {"area_id"}
    assert refused.value.errors["area_id"].msgid == "is outside the place this event concerns"
    assert _count(database) == 0


def test_the_form_offers_what_the_rule_takes(client, auth, make_user, database, rainstorm):
    make_user("coord", "coordinator")
    auth.login("coord")
    own = _event_of(database, rainstorm.id, DGJ)
    page = client.get(f"/events/{rainstorm.id}/recipients").get_data(as_text=True)
    assert ">东关街道</option>" in page and f'value="{own}"' not in page


def test_the_command_line_names_a_subdistrict_outside_the_event(runner, database, rainstorm):
    _event_of(database, rainstorm.id, DGJ)
    args = ["incidents", "recipients", "add", "--event", "wenfeng-2021-07-rainstorm", "--name", "街道办", "--channel",
            "email", "--address", "bdj@example.org", "--receives", "reminders", "--area"]
    refused = runner.invoke(args=[*args, BDJ])
    assert refused.exit_code != 0 and "area_id: is outside the place this event concerns" in refused.output
    assert _count(database) == 0
    added = runner.invoke(args=[*args, DGJ])
    assert added.exit_code == 0, added.output
    assert _count(database) == 1
