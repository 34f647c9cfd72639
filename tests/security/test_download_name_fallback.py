"""A download's plain-ASCII file name (probed 6 December, night): `downloads.disposition` writes the name twice,
`filename="…"` for old clients and `filename*=UTF-8''…` beside it, the first made by dropping what is not ASCII
after a compatibility decomposition (NFKD). That decomposition turns the full-width quote ＂ into " and the
full-width backslash ＼ (or ﹨) into \\, after the unsafe characters had been replaced: an event code stored before
codes were folded (5 December: `ＦＸ＂２０２１`) gave `filename="FX"2021.csv"`, a header whose quoted name
ends early (a client reads FX, or refuses the header). Now the plain name is made safe after the decomposition."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from incidents.downloads import disposition
from incidents.events.models import Event
from tests.conftest import event_id_of

# A quoted-string as RFC 6266 / 9110 allow it here: no bare quote, no backslash, no control.
QUOTED_NAME = re.compile(r'(?:attachment|inline); filename="([^"\\\x00-\x1f\x7f]*)"(?:; filename\*=UTF-8\'\'\S+)?')


@pytest.mark.parametrize("name", ["ＦＸ＂２０２１.csv", "审计＂q.csv", "a＼b中.csv", "x﹨y中.csv",
                                  "q\uff02\u2028中.csv"])
def test_the_plain_name_is_one_quoted_string(name):
    header = disposition(name)
    assert QUOTED_NAME.fullmatch(header), header


def test_a_code_stored_before_codes_were_folded_names_its_download_safely(client, auth, make_user, seeded,
                                                                          database):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    event_id = event_id_of(database, "wenfeng-2021-07-rainstorm")
    with database.transaction() as s:  # as stored before 5 December (or restored from an archive of then)
        s.execute(sa.update(Event).where(Event.id == event_id).values(code="ＦＸ＂２０２１"))
    response = client.get(f"/events/{event_id}/reports/export.csv")
    assert response.status_code == 200
    header = response.headers["Content-Disposition"]
    assert QUOTED_NAME.fullmatch(header), header
    assert "filename*=UTF-8''reports-%EF%BC%A6" in header  # the exact name still beside it
