"""An e-mailed brief's files are named as its downloads are: a quote in the event's code is no part of either."""

from __future__ import annotations

import sqlalchemy as sa
from werkzeug.http import parse_options_header

from incidents.distribution import sending
from incidents.events.models import Event

from .conftest import local
from .helpers import add, compile_day


def test_a_mailed_brief_names_its_files_as_the_download_does(client, auth, make_user, database, rainstorm, smtp,
                                                             settings):
    with database.transaction() as s:  # a code as an office may type it, quotes and all (no rule refuses them)
        s.execute(sa.update(Event).where(Event.id == rainstorm.id).values(code='wf-"7.20"-暴雨'))
    add(database, rainstorm.id, "区防指", "email", "fzb@wenfeng.example")
    brief_id = compile_day(database, rainstorm.id, "2021-07-24", local("2021-07-25 08:00"))
    make_user("coord", "coordinator")
    auth.login("coord")
    assert auth.post(f"/briefs/{brief_id}/publish", {}, form_url=f"/briefs/{brief_id}").status_code == 303
    assert sending.send_due(database, settings).sent == 1

    [mail] = smtp[1].messages
    mailed = [part.get_filename() for part in mail.iter_attachments()]
    downloaded = client.get(f"/briefs/{brief_id}/export/docx")
    assert downloaded.status_code == 200
    # The UTF-8 name (filename*) where it has one, as a browser takes it.
    name = parse_options_header(downloaded.headers["Content-Disposition"])[1]["filename"]
    assert name == "brief-wf-_7.20_-暴雨-2021-07-24-r1.docx"
    assert mailed[0] == name and all('"' not in m for m in mailed)
