"""An event edit whose hidden `version` cannot be read is a 400 naming the version, not the 409 "someone changed it".

The event form read -1, "abc", 20 digits or no version as version -1, and the page said another person had
changed the event first, which nobody had. As the report edit (limits.form_version): a 400 naming `version`,
nothing saved; a stale whole version is still the 409.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Event
from tests.conftest import switch_language
from tests.garbled_version import ALERTS, GARBLED, refused, said_once
from tests.security.sweep import form_fields


def _edit(client, auth, make_user, database) -> tuple[str, dict[str, str], int]:  # noqa: ANN001
    """The seeded event's edit form as a coordinator's browser would send it back."""
    make_user("wang", "coordinator")
    auth.login("wang")
    with database.read_session() as s:
        event_id = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    url = f"/events/{event_id}/edit"
    fields = form_fields(client.get(url).get_data(as_text=True))
    assert fields["version"] == "1" and fields["csrf_token"] and fields["name"]
    return url, fields, event_id


@pytest.mark.parametrize("version", GARBLED)
def test_a_garbled_version_is_a_400_naming_it(seeded, client, auth, make_user, database, version):
    url, fields, event_id = _edit(client, auth, make_user, database)
    page = refused(client, url, {**fields, "name": "改过的名字"}, version)
    assert "新版本" not in page and 'value="改过的名字"' in page  # the form again, as sent; not the newer version
    with database.read_session() as s:
        stored = s.get(Event, event_id)
        assert (stored.version, stored.name) == (1, fields["name"])


def test_in_english_too(seeded, client, auth, make_user, database):
    url, fields, _event_id = _edit(client, auth, make_user, database)
    switch_language(client, "en")
    answer = client.post(url, data={**fields, "version": "abc"})
    assert answer.status_code == 400
    assert "The form&#39;s version cannot be read: nothing was saved" in answer.get_data(as_text=True)


def test_a_stale_version_is_still_a_409(seeded, client, auth, make_user, database):
    url, fields, event_id = _edit(client, auth, make_user, database)
    assert client.post(url, data={**fields, "issuer": "区防指一"}).status_code == 302
    stale = client.post(url, data={**fields, "issuer": "区防指二"})
    assert stale.status_code == 409 and "新版本（第2版）" in stale.get_data(as_text=True)
    with database.read_session() as s:
        assert s.get(Event, event_id).issuer == "区防指一"


@pytest.mark.parametrize("lang, marked, said", ALERTS)
def test_the_page_says_it_once_in_the_alert(seeded, client, auth, make_user, database, lang, marked, said):
    """No field is marked: the alert says what is wrong, once (garbled_version.said_once)."""
    url, fields, _id = _edit(client, auth, make_user, database)
    said_once(client, url, fields, lang, marked, said)
