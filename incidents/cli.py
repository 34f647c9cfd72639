"""The `incidents` command: one click group for operators (also `flask --app wsgi incidents`)."""

from __future__ import annotations

import importlib
import secrets
import sys
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import click
from flask import Flask

from incidents.cliapp import cli_app as _app
from incidents.cliapp import cli_database as _database

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy.orm import Session

    from incidents.auth.models import User


class Day(click.ParamType):
    """A day as the forms read one (2026-12-31, 2026/12/31, 2026年12月31日: reports.parsing.parse_day)."""

    name = "day"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from incidents.reports.parsing import parse_day

        day = parse_day(value)
        if not isinstance(day, date):
            self.fail(f"{value!r} is not a day (2026-12-31, 2026/12/31 or 2026年12月31日)", param, ctx)
        return day


@click.group(name="incidents")
def group() -> None:
    """Incident Log: migrate, load demo data, manage users, serve, schedule briefs."""


@group.command()
def upgrade() -> None:
    """Bring the database schema to the newest migration and load reference lists."""
    from incidents import demo, migrations

    app = _app()
    database = _database(app)
    migrations.upgrade(database.engine)
    with database.transaction() as session:
        changed = demo.load_reference(session)
    click.echo(f"database at {migrations.head()}; {changed} reference rows changed")


@group.command("load-demo")
@click.option("--file", "path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def load_demo(path: Path | None) -> None:
    """Load the Wenfeng July 2021 scenario, replayed with its briefs (loading twice changes nothing)."""
    from incidents import demo

    app = _app()
    database = _database(app)
    with click.progressbar(length=100, label="loading demo reports") as bar:
        def progress(done: int, total: int) -> None:
            bar.update(round(done / total * 100) - bar.pos)

        try:
            with database.transaction() as session:
                summary = demo.load_file(session, path or demo.DEMO_FILE, progress=progress, briefs=True)
        except demo.LoadError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"added {summary.areas} areas, {summary.events} events, {summary.reports} reports, "
               f"{summary.briefs} briefs (each compiled as of its due time); {summary.skipped} already present")


@group.command("load-drill")
def load_drill() -> None:
    """Add the demo's drill: an event running since today, over the demo's areas, to try the forms on (once a day)."""
    from incidents import demo, drill

    app = _app()
    database = _database(app)
    try:
        with database.transaction() as session:
            summary = drill.load_drill(session)
    except demo.LoadError as exc:
        raise click.ClickException(str(exc)) from exc
    if summary.events:
        click.echo(f"added the drill {drill.DRILL_CODE} (running since today, to try the report forms on) with "
                   f"{summary.reports} reports")
    else:
        click.echo(f"the drill {drill.DRILL_CODE} is already there")


@group.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice(["reporter", "coordinator", "viewer", "admin"]), required=True)
@click.option("--name", "display_name", help="display name")
@click.option("--scope", "scope", help="area path the user may report for, e.g. 文峰区/北大街街道")
@click.option("--password", help="at least 10 characters; asked twice, unseen, when left out on a terminal")
def create_user(username: str, role: str, display_name: str | None, scope: str | None, password: str | None) -> None:
    """Create a user account."""
    if password is None:
        if not sys.stdin.isatty():  # a script or a pipe: nobody to ask, so say what is missing ("Aborted!" did not)
            raise click.UsageError("give --password (no terminal to ask it on)")
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    from incidents.auth.services import AccountError
    from incidents.auth.services import create_user as create
    from incidents.demo import _area_by_path

    app = _app()
    database = _database(app)
    try:
        with database.transaction() as session:
            scope_area = _area_by_path(session, scope) if scope else None
            if scope and scope_area is None:
                raise AccountError("scope", f"unknown area {scope!r}")
            create(session, username, password, role, display_name,
                   scope_area_id=scope_area.id if scope_area else None)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"created {role} {username}")


def ensure_demo_accounts(app: Flask) -> dict[str, str]:
    """Create the demo accounts not yet made, with random passwords kept in the instance folder."""
    from incidents.auth.services import create_user as create
    from incidents.demo import _area_by_path

    path = Path(app.instance_path) / "demo-accounts.txt"
    # An instance made before an account joined the list (shequ, 6 December) gets it added, the others kept.
    accounts = dict(line.split(" ", 1) for line in path.read_text().splitlines() if " " in line) \
        if path.exists() else {}
    database = app.extensions["incidents.db"]
    with database.transaction() as session:
        # Each with a person's name, as real accounts have (the form's hint: 北大街街道 张伟): a name left to
        # default to the username made the header "coordinator · coordinator".
        for username, name, role, scope in (
                ("coordinator", "区应急办 刘洋", "coordinator", None), ("reporter", "区供电所 陈明", "reporter", None),
                ("beidajie", "北大街街道 张伟", "reporter", "文峰区/北大街街道"),
                # A community's worker (社区工作人员), the level below a 街道: its community's places only.
                ("shequ", "安彩嘉园社区 王芳", "reporter", "文峰区/银杏大街街道/安彩嘉园社区"),
                ("viewer", "区防指 赵敏", "viewer", None), ("admin", "区应急办 周杰", "admin", None)):
            from sqlalchemy import select

            from incidents.auth.models import User

            if session.scalar(select(User.id).where(User.username == username)) is not None:
                continue
            password = secrets.token_urlsafe(9)
            area = _area_by_path(session, scope) if scope else None
            create(session, username, password, role, name, scope_area_id=area.id if area else None)
            accounts[username] = password
    path.write_text("".join(f"{u} {p}\n" for u, p in accounts.items()))
    path.chmod(0o600)
    return accounts


def listen_problem(host: str, port: int) -> str | None:
    """Why the server could not listen on host:port, said as what to do; None when it can."""
    import errno
    import socket

    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror:
        return f"--host {host} is not a known host name: use --host 127.0.0.1 (this machine only)"
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as werkzeug's server: TIME_WAIT is free
        try:
            probe.bind(address)
        except OSError as exc:
            # Each refusal its own way out: "in use" for all of them sent people hunting for a program not there.
            if exc.errno == errno.EADDRINUSE:
                if not _listened_on(family, address):
                    # The kernel lent the port to a connection as its own end (ports above 32768 on Linux), still
                    # closing: no program to find, and free again within a minute.
                    return (f"port {port} is held by a connection still closing (nothing listens on it): try again "
                            f"in a minute, or serve on another with --port, e.g. --port {port + 1}")
                return f"port {port} is in use by another program: serve on another with --port, e.g. --port {port + 1}"
            if exc.errno == errno.EADDRNOTAVAIL:
                return (f"--host {host} is not an address of this machine: use --host 127.0.0.1 (this machine only) "
                        "or --host 0.0.0.0 (every network it is on)")
            if exc.errno == errno.EACCES and port < 1024:
                return f"port {port} is below 1024, which only an administrator may open: serve on --port 5000"
            return f"cannot listen on {host}:{port}: {exc.strerror}"
    return None


def _listened_on(family: int, address: tuple) -> bool:
    """Whether a program accepts connections at address (an unspecified one: this machine's own)."""
    import socket

    host, port = address[0], address[1]
    if host in ("0.0.0.0", "::"):
        host = "127.0.0.1" if family == socket.AF_INET else "::1"
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        try:
            probe.connect((host, port))
        except ConnectionRefusedError:
            return False
        except OSError:  # a firewall's silence or a timeout: say "in use", as before
            return True
    return True


@group.command()
@click.option("--demo", is_flag=True,
              help="migrate, load the demo data and its drill (an event running today), create demo accounts first")
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=5000, type=int)
@click.option("--no-scheduler", is_flag=True, help="do not run the brief scheduler in this process")
def serve(demo: bool, host: str, port: int, no_scheduler: bool) -> None:
    """Serve the app on one machine (embedded scheduler); use gunicorn for many workers."""
    from werkzeug.serving import run_simple

    app = _app()
    problem = listen_problem(host, port)
    if problem:
        # Before the demo, the accounts and "serving on": werkzeug says so only after all of them.
        raise click.ClickException(problem)
    ctx = click.get_current_context()
    if demo:
        ctx.invoke(upgrade)
        ctx.invoke(load_demo)
        ctx.invoke(load_drill)  # after the scenario: over its areas
        accounts = ensure_demo_accounts(app)
        click.echo(f"demo accounts (also in {Path(app.instance_path) / 'demo-accounts.txt'}):")
        for username, password in accounts.items():
            click.echo(f"  {username:12} {password}")
    if not no_scheduler:
        # Imported by name: the embedded scheduler is optional and the module may be absent.
        scheduler: ModuleType | None
        try:
            scheduler = importlib.import_module("incidents.scheduler")
        except ImportError:
            scheduler = None
        if scheduler is not None and hasattr(scheduler, "start_embedded"):
            scheduler.start_embedded(app)
    click.echo(f"serving on http://{host}:{port}/")
    run_simple(host, port, app, threaded=True, use_reloader=False, use_debugger=app.debug)


@group.command()
@click.option("--once", is_flag=True,
              help="compile what is due and missing, run the compiles asked for on the web or API, then exit")
@click.option("--as-of", "as_of",
              help="with --once: decide what is due as of this ISO time, e.g. 2021-07-31T09:00+08:00")
@click.option("--catchup-days", type=int, help="how many days back to look for missing briefs (default 7)")
def scheduler(once: bool, as_of: str | None, catchup_days: int | None) -> None:
    """Run the daily-brief scheduler in this process (BlockingScheduler), or one run of its jobs with --once."""
    from incidents import scheduler as jobs

    app = _app()
    database = _database(app)
    if catchup_days:
        app.config["BRIEF_CATCHUP_DAYS"] = catchup_days
    if not once:
        click.echo("brief scheduler running (Ctrl-C stops it)")
        jobs.run_blocking(app)
        return
    from zoneinfo import ZoneInfo

    from incidents.briefs.services import compile_due
    from incidents.briefs.sweep import before_window_words, left_before_window
    from incidents.vague import iso_datetime, parse_instant

    try:
        # As every time the product reads (vague.parse_instant): a calendar date, a year this log holds; a week
        # date or ISO's basic form was an instant nobody meant, year 9999 a traceback.
        typed = iso_datetime(as_of.strip()) if as_of else None
        now = parse_instant(as_of, ZoneInfo("UTC")) if as_of else jobs.clock()
    except ValueError as exc:
        raise click.BadParameter("give an ISO time with its offset, e.g. 2021-07-31T09:00+08:00 (a year from 1900 "
                                 "to 2999)", param_hint="--as-of") from exc
    if typed is not None and typed.tzinfo is None:
        raise click.BadParameter("give the offset too, e.g. +08:00", param_hint="--as-of")
    results = compile_due(database, now=now, catchup_days=jobs.catchup_days(app), compiled_at=jobs.clock())
    why = {"busy": "another compile of this day was running; it makes the brief (or the next run does)"}
    for result in results:
        if result.brief is not None:
            click.echo(f"{result.reason}: event {result.brief.event_id} {result.brief.day} "
                       f"revision {result.brief.revision}")
        elif result.reason == "busy":
            click.echo(f"skipped: event {result.event_id} {result.day}: {why['busy']}")
        else:
            click.echo(f"{result.reason}: event {result.event_id} {result.day}: {result.error}")
    counts = {reason: sum(r.reason == reason for r in results) for reason in ("busy", "failed")}
    summary = f"{sum(r.created for r in results)} briefs compiled"
    if counts["busy"]:
        summary += f", {counts['busy']} skipped (another compile held the day)"
    if counts["failed"]:
        summary += f", {counts['failed']} failed (see above; the next run tries again)"
    click.echo(summary)
    # A past event loaded at once has days older than the window: said, with the option that reaches them.
    for code, missing, needed in left_before_window(database, now, jobs.catchup_days(app)):
        click.echo(f"{before_window_words(code, missing)}: run again with --catchup-days {needed}")
    # The compiles coordinators asked for (compile now, recompile): queued for the scheduler process, so
    # a run of it does them too; without this they waited for a long-running scheduler.
    from incidents.briefs.queue import forget_dead_runs, run_queued

    forget_dead_runs(database)  # a request a killed scheduler on this host was compiling is taken now too
    asked = run_queued(database)
    if asked:
        click.echo(f"{asked} compile requests run (asked for on the web or the API)")
    if counts["failed"]:
        sys.exit(1)


@group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--event", "event_code", help="the event's code (reports); not for --kind areas")
@click.option("--kind", type=click.Choice(["outage", "outage_update", "pumping", "pumping_volume", "disinfection",
                                           "debris", "activity", "zero_report", "areas"]),
              help="the kind of rows (default: read from the file's columns)")
@click.option("--as", "username", required=True, help="the account the rows are imported as (its role and scope apply)")
@click.option("--dry-run", is_flag=True, help="check every row and report, store nothing")
def import_file(path: Path, event_code: str | None, kind: str | None, username: str, dry_run: bool) -> None:
    """Import a CSV or XLSX file of reports (or areas): every row checked, all or nothing."""
    if kind == "areas" and event_code:
        raise click.UsageError("--event is for reports: areas belong to no event (leave it out)")
    import sqlalchemy as sa

    from incidents.auth.models import User
    from incidents.events import services as event_services
    from incidents.imports import services as import_services
    from incidents.imports.services import run_import

    app = _app()
    database = _database(app)
    last = {"shown": ""}
    # On a terminal the line is redrawn in place; in a log (a pipe, a file) each report is a line of its own.
    live = sys.stderr.isatty()

    def progress(phase: str, done: int, total: int) -> None:
        line = f"{phase}: {done:,}/{total:,} rows"
        if line != last["shown"]:
            click.echo("\r" + line if live else line, nl=not live, err=True)
            last["shown"] = line

    with database.transaction() as session:
        user = session.scalar(sa.select(User).where(User.username == username))
        if user is None:
            raise click.BadParameter(f"no account {username!r}", param_hint="--as")
        event = event_services.by_code(session, event_code) if event_code else None
        if event_code and event is None:
            raise click.BadParameter(f"no event {event_code!r}", param_hint="--event")
        outcome = run_import(session, filename=path.name, data=path.read_bytes(), user_id=user.id,
                             event_id=event.id if event else None, kind=kind, store=not dry_run, progress=progress)
        zone = event.tz if event else None
        # A column as the file's own header row says it (an older template's 获悉时间), then its English name;
        # one the file lacks as the Chinese template heads it.
        chinese = ({c.name: c.zh for c in import_services.accepted_columns(outcome.kind,
                                                                           import_services.categories(session))}
                   if outcome.kind else {}) | outcome.spelling
    if last["shown"] and live:
        click.echo("", err=True)
    # Each line names the file (a loop over a folder of sheets logs them all in one place); a refusal that is not
    # the file's names the option at fault, in the command's words (the page's say "choose the event").
    not_the_file = {import_services.NO_EVENT.msgid: ("--event", "give the code of the event the reports belong to"),
                    import_services.ROLE_MAY_NOT.msgid: (f"--as {username}",
                                                         "the account's role may not import this kind of file"),
                    import_services.DEACTIVATED.msgid: (f"--as {username}", str(import_services.DEACTIVATED))}
    for problem in outcome.problems:
        column = problem.column or "-"
        if chinese.get(column, column) != column:
            column = f"{chinese[column]} ({column})"
        # A row's own problem (hidden in the sheet) names no column: "line 3", not "line 3, column -".
        where = f"{path}, line {problem.line}, column {column}" if problem.column else f"{path}, line {problem.line}"
        message = str(problem.message)
        if outcome.whole_file and (not problem.column or problem.column in message):
            where = str(path)  # refused as a whole (empty, not text, its header): no row is at fault
        if outcome.whole_file and (option := not_the_file.get(getattr(problem.message, "msgid", ""))):
            where, message = option
        click.echo(f"{where}: {message}", err=True)
    if outcome.whole_file:
        raise click.ClickException("the file was refused as a whole: nothing was imported")
    if outcome.problems:
        n, rows = len(outcome.problems), outcome.total
        raise click.ClickException(f"{n:,} error{'s' if n != 1 else ''} in {rows:,} row{'s' if rows != 1 else ''}: "
                                   "nothing was imported")
    if outcome.totals:
        click.echo(f"totals rows read past, not imported: line {', '.join(map(str, outcome.totals))}")
    if outcome.repeated:
        click.echo("the same as an earlier row, each imported as a report of its own: "
                   + ", ".join(f"line {line} as line {first}" for line, first in outcome.repeated))
    if outcome.open_at:
        click.echo(import_services.open_outages_said(outcome.open_at, zone))
    if not outcome.total:
        click.echo("the file has no rows to import: only its header row (as the import page says)")
        return
    verb = "would import" if dry_run else "imported"
    click.echo(f"{verb} {outcome.created:,} new {outcome.kind} rows, {outcome.updated:,} corrected, "
               f"{outcome.skipped:,} already there ({outcome.total:,} rows in the file)")


def init_app(app: Flask) -> None:
    """Register the group under `flask incidents`."""
    app.cli.add_command(group)


@group.command()
@click.option("--check", is_flag=True, help="fail if any interface string lacks a Chinese translation")
def translations(check: bool) -> None:
    """Update every domain's zh catalog from the code and templates, and compile it."""
    from incidents import i18n

    gaps = {}
    for domain in i18n.DOMAINS:
        todo = i18n.missing(domain) if check else i18n.update(domain)
        if todo:
            gaps[domain] = todo
    for domain, ids in gaps.items():
        click.echo(f"{domain}: {len(ids)} untranslated: " + "; ".join(ids[:20]))
    if check and gaps:
        raise click.ClickException("untranslated strings")


def _register_backup_commands() -> None:
    # Backups keep their commands in their own package (incidents/backup/commands.py).
    from incidents.backup.commands import COMMANDS

    for command in COMMANDS:
        group.add_command(command)


_register_backup_commands()


# ---- API tokens ----------------------------------------------------------------------------

@group.group()
def tokens() -> None:
    """Personal API tokens: create (the secret printed once), list, revoke."""


def _user_named(session: Session, username: str) -> User:
    from sqlalchemy import select

    from incidents.auth.models import User

    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise click.ClickException(f"no user {username!r}")
    return user


@tokens.command("create")
@click.argument("username")
@click.option("--name", required=True, help="what the token is for, e.g. 'district GIS import'")
@click.option("--expires", "expires", type=Day(),
              help="last day the token works (office time), e.g. 2026-12-31; default: never expires")
def tokens_create(username: str, name: str, expires: date | None) -> None:
    """Create a token for USERNAME and print its secret (shown this once only)."""
    from incidents.auth import tokens as service
    from incidents.errors import ValidationError

    app = _app()
    database = _database(app)
    try:
        # --expires 9999-12-31: a ValidationError naming expires_at, not an OverflowError.
        expires_at = service.end_of_day(expires, app.config["BABEL_DEFAULT_TIMEZONE"]) if expires else None
        with database.transaction() as session:
            token, plaintext = service.create_token(session, _user_named(session, username), name, expires_at)
            token_id = token.id
    except ValidationError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"token {token_id} for {username}; copy it now, it is not shown again:")
    click.echo(plaintext)


@tokens.command("list")
@click.argument("username")
def tokens_list(username: str) -> None:
    """List USERNAME's tokens: id, prefix, name, created, last used, expires, state."""
    from incidents.auth import tokens as service
    from incidents.db import now_utc

    database = _database(_app())
    now = now_utc()
    with database.read_session() as session:
        rows = service.list_tokens(session, _user_named(session, username).id)
        for t in rows:
            # As the API sees it: an expired token, or any of a deactivated account, is refused.
            state = ("revoked" if t.revoked_at else "expired" if t.expires_at is not None and t.expires_at <= now
                     else "account deactivated" if not t.user.active else "active")

            def shown(at: datetime | None) -> str:
                return at.isoformat(timespec="minutes") if at else "-"

            click.echo(f"{t.id}\t{t.prefix}…\t{t.name}\tcreated {shown(t.created_at)}\t"
                       f"used {shown(t.last_used_at)}\texpires {shown(t.expires_at)}\t{state}")
        if not rows:
            click.echo(f"{username} has no tokens")


@tokens.command("revoke")
@click.argument("token_id", type=int)
def tokens_revoke(token_id: int) -> None:
    """Revoke token TOKEN_ID: the next request with it is refused."""
    from incidents.auth import tokens as service

    database = _database(_app())
    with database.transaction() as session:
        token = session.get(service.ApiToken, token_id)
        if token is None:
            raise click.ClickException(f"no token {token_id}")
        changed = service.revoke_token(session, token, actor_id=None)
    click.echo(f"token {token_id} revoked" if changed else f"token {token_id} was already revoked")


def _register_distribution_commands() -> None:
    # Distribution keeps its commands in its own package (incidents/distribution/commands.py).
    from incidents.distribution.commands import COMMANDS

    for command in COMMANDS:
        group.add_command(command)


_register_distribution_commands()
