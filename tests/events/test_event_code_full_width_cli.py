"""The command line finds an event by its code typed full-width, as the web form and the API now store it."""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa

from incidents.distribution.models import Recipient
from incidents.events.models import Event
from incidents.reports.models import Report


def _wide(code: str) -> str:
    """The code as a Chinese IME types it: every ASCII character full-width."""
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in code)
    assert wide != code and unicodedata.normalize("NFKC", wide) == code
    return wide


def test_import_and_recipients_take_the_code_typed_full_width(runner, seeded, make_user, database, tmp_path):
    # The form stores ＦＸ２０２１ as FX2021 (NFKC): an operator pasting the code as their IME typed it was told
    # "no event" by `incidents import` and "unknown event" by `incidents recipients add`.
    code = "wenfeng-2021-07-rainstorm"
    make_user("co", "coordinator")
    path = tmp_path / "log.csv"
    path.write_text("地点,事项,时间\n文峰区,会商,2021-07-24 10:00\n", encoding="utf-8")
    with database.read_session() as s:
        before = s.scalar(sa.select(sa.func.count()).select_from(Report))
    done = runner.invoke(args=["incidents", "import", str(path), "--event", _wide(code), "--as", "co"])
    assert done.exit_code == 0, done.output
    added = runner.invoke(args=["incidents", "recipients", "add", "--event", _wide(code), "--name", "值班群",
                                "--channel", "email", "--address", "duty@example.org"])
    assert added.exit_code == 0, added.output
    with database.read_session() as s:
        event_id = s.scalar(sa.select(Event.id).where(Event.code == code))
        assert s.scalar(sa.select(sa.func.count()).select_from(Report)) == before + 1
        assert s.scalars(sa.select(Recipient.event_id)).all() == [event_id]


def test_a_code_of_no_event_is_still_refused_by_name(runner, seeded, make_user, tmp_path):
    make_user("co", "coordinator")
    path = tmp_path / "log.csv"
    path.write_text("地点,事项,时间\n文峰区,会商,2021-07-24 10:00\n", encoding="utf-8")
    missing = runner.invoke(args=["incidents", "import", str(path), "--event", _wide("no-such"), "--as", "co"])
    assert missing.exit_code == 2 and "--event" in missing.output
