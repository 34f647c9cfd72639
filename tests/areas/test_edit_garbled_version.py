"""An area edit whose hidden `version` cannot be read is a 400 naming the version, not the 409 "someone changed it".

As the event and report edits (limits.form_version): -1, 0, "abc", 20 digits or none is no version the page
wrote; nothing is saved. A stale whole version is still the 409 with the newer version.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Area
from tests.conftest import switch_language
from tests.garbled_version import ALERTS, GARBLED, refused, said_once
from tests.security.sweep import form_fields


def _edit(client, auth, make_user, database) -> tuple[str, dict[str, str], int]:  # noqa: ANN001
    """A site's edit form as a coordinator's browser would send it back."""
    make_user("wang", "coordinator")
    auth.login("wang")
    with database.read_session() as s:
        area_id = s.scalar(sa.select(Area.id).where(Area.name == "西钟楼巷"))
    url = f"/areas/{area_id}/edit"
    fields = form_fields(client.get(url).get_data(as_text=True))
    assert fields["version"] == "1" and fields["csrf_token"] and fields["name"] == "西钟楼巷"
    return url, fields, area_id


@pytest.mark.parametrize("version", GARBLED)
def test_a_garbled_version_is_a_400_naming_it(seeded, client, auth, make_user, database, version):
    url, fields, area_id = _edit(client, auth, make_user, database)
    page = refused(client, url, {**fields, "households": "321"}, version)
    assert "新版本" not in page and 'value="321"' in page  # the form again, as sent; not the newer version
    with database.read_session() as s:
        stored = s.get(Area, area_id)
        assert (stored.version, stored.households) == (1, None if not fields["households"]
                                                       else int(fields["households"]))


def test_in_english_too(seeded, client, auth, make_user, database):
    url, fields, _area_id = _edit(client, auth, make_user, database)
    switch_language(client, "en")
    answer = client.post(url, data={**fields, "version": "-1"})
    assert answer.status_code == 400
    assert "The form&#39;s version cannot be read: nothing was saved" in answer.get_data(as_text=True)


def test_a_stale_version_is_still_a_409(seeded, client, auth, make_user, database):
    url, fields, area_id = _edit(client, auth, make_user, database)
    assert client.post(url, data={**fields, "households": "320"}).status_code == 302
    stale = client.post(url, data={**fields, "households": "300"})
    assert stale.status_code == 409 and 'value="320"' in stale.get_data(as_text=True)
    # Said above the form, as the event form says it (the one macro, reports/_fields.html refusal), and no more.
    html = stale.get_data(as_text=True)
    assert "他人已保存了该地点的新版本（第" in html and "请检查下方标出的栏目" not in html
    with database.read_session() as s:
        assert s.get(Area, area_id).households == 320


@pytest.mark.parametrize("lang, marked, said", ALERTS)
def test_the_page_says_it_once_in_the_alert(seeded, client, auth, make_user, database, lang, marked, said):
    """No field is marked: the alert says what is wrong, once (garbled_version.said_once)."""
    url, fields, _id = _edit(client, auth, make_user, database)
    said_once(client, url, fields, lang, marked, said)
