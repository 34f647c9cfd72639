"""Benchmark: signing a brief for many recipients, and the sweep that sends it (issue 17).

Loads the demo into a fresh SQLite file, compiles 2021-07-24's brief and adds `--recipients`
e-mail recipients (half zh, half en) plus as many WeCom robots, all on local stand-in servers
(aiosmtpd, http.server). Prints how long signing (the enqueue, in the signing transaction)
took, how long one sweep took to send everything, and the bare cost of rendering the brief's
message once per language with its Word file: the sweep renders once per language, not once per
recipient.

    python -m benches.distribution_bench --recipients 20
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=20)
    args = parser.parse_args()

    import sqlalchemy as sa
    from aiosmtpd.controller import Controller

    from incidents import create_app, demo
    from incidents.briefs import services as briefs
    from incidents.distribution import sending, services
    from incidents.distribution.messages import outgoing
    from incidents.distribution.models import Notice
    from incidents.distribution.settings import Settings
    from incidents.models import Brief, Event, User
    from tests.distribution.conftest import Mailbox, free_port, serve_robots

    folder = Path(tempfile.mkdtemp(prefix="distribution-bench-"))
    app = create_app({"DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}", "INSTANCE_PATH": str(folder)})
    database = app.extensions["incidents.db"]
    from incidents import migrations

    migrations.upgrade(database.engine)
    with database.transaction() as s:
        demo.load_reference(s)
        demo.load_file(s)
        event_id = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    brief_id = briefs.compile_once(database, event_id, date(2021, 7, 24),
                                   now=datetime(2021, 7, 25, 0, 0, tzinfo=UTC)).brief.id
    box = Mailbox()
    smtp = Controller(box, hostname="127.0.0.1", port=free_port())
    smtp.start()
    stand_in = serve_robots()
    bots = stand_in.__enter__()
    n = args.recipients
    with database.transaction() as s:
        event = s.get(Event, event_id)
        for i in range(n):
            lang = "zh" if i % 2 == 0 else "en"
            services.save_recipient(s, None, event, services.RecipientFields(
                name=f"mail {i}", channel="email", address=f"r{i}@bench.example", lang=lang), hosts=("127.0.0.1",))
            services.save_recipient(s, None, event, services.RecipientFields(
                name=f"bot {i}", channel="wecom", address=bots.url(f"/b{i}", "key", f"k{i}")), hosts=("127.0.0.1",))
        user = s.merge(User(username="bench", display_name="bench", role="coordinator"))
    settings = Settings(smtp_host="127.0.0.1", smtp_port=smtp.port, smtp_security="none", bot_hosts=("127.0.0.1",))

    started = time.perf_counter()
    with database.transaction() as s:
        brief = s.get(Brief, brief_id)
        briefs.publish(s, brief, user.id)
        services.brief_signed(s, brief)
    signed = time.perf_counter() - started

    started = time.perf_counter()
    outcome = sending.send_due(database, settings, limit=10 * n)
    swept = time.perf_counter() - started

    started = time.perf_counter()
    with database.read_session() as s:
        notice = s.scalar(sa.select(Notice))
        for lang in ("zh", "en"):
            outgoing(s, notice, lang, settings.base_url, files=True)
    render = time.perf_counter() - started
    smtp.stop()
    stand_in.__exit__(None, None, None)
    print(f"{2 * n} recipients ({n} e-mail, {n} WeCom): signing (enqueue) {signed * 1000:.0f} ms; "
          f"one sweep sent {outcome.sent} (failed {outcome.failed}) in {swept:.2f} s; "
          f"bare render of the message in zh and en with the Word file: {render:.2f} s; "
          f"mails received {len(box.messages)}, robot posts {len(bots.posts)}")


if __name__ == "__main__":
    main()
