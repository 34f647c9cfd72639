"""The `incidents` command: one click group for operators (also `flask --app wsgi incidents`)."""

from __future__ import annotations

import importlib
import secrets
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import click
from flask import Flask

if TYPE_CHECKING:
    from incidents.db import Database


def _app() -> Flask:
    from flask import current_app
    from flask.cli import ScriptInfo

    # The console entry point (incidents/__main__.py) runs us inside the app's context; under
    # `flask --app wsgi incidents ...` (and Flask's CLI test runner) Flask's ScriptInfo knows the app.
    if current_app:
        # Flask types current_app as Flask, not as the LocalProxy it is: the proxy's own method is unseen.
        return current_app._get_current_object()  # type: ignore[attr-defined]
    return click.get_current_context().ensure_object(ScriptInfo).load_app()


def _database(app: Flask) -> Database:
    database = app.extensions["incidents.db"]
    database.check()
    return database


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


@group.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice(["reporter", "coordinator", "viewer", "admin"]), required=True)
@click.option("--name", "display_name", help="display name")
@click.option("--scope", "scope", help="area path the user may report for, e.g. 文峰区/北大街街道")
@click.password_option(help="at least 10 characters")
def create_user(username: str, role: str, display_name: str | None, scope: str | None, password: str) -> None:
    """Create a user account."""
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
    """Create demo accounts once, with random passwords kept in the instance folder."""
    from incidents.auth.services import create_user as create
    from incidents.demo import _area_by_path

    path = Path(app.instance_path) / "demo-accounts.txt"
    if path.exists():
        return dict(line.split(" ", 1) for line in path.read_text().splitlines() if " " in line)
    database = app.extensions["incidents.db"]
    accounts = {}
    with database.transaction() as session:
        for username, role, scope in (("coordinator", "coordinator", None), ("reporter", "reporter", None),
                                      ("beidajie", "reporter", "文峰区/北大街街道"),
                                      ("viewer", "viewer", None), ("admin", "admin", None)):
            from sqlalchemy import select

            from incidents.auth.models import User

            if session.scalar(select(User.id).where(User.username == username)) is not None:
                continue
            password = secrets.token_urlsafe(9)
            area = _area_by_path(session, scope) if scope else None
            create(session, username, password, role, scope_area_id=area.id if area else None)
            accounts[username] = password
    path.write_text("".join(f"{u} {p}\n" for u, p in accounts.items()))
    path.chmod(0o600)
    return accounts


@group.command()
@click.option("--demo", is_flag=True, help="migrate, load the demo data and create demo accounts first")
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=5000, type=int)
@click.option("--no-scheduler", is_flag=True, help="do not run the brief scheduler in this process")
def serve(demo: bool, host: str, port: int, no_scheduler: bool) -> None:
    """Serve the app on one machine (embedded scheduler); use gunicorn for many workers."""
    from werkzeug.serving import run_simple

    app = _app()
    ctx = click.get_current_context()
    if demo:
        ctx.invoke(upgrade)
        ctx.invoke(load_demo)
        accounts = ensure_demo_accounts(app)
        click.echo("demo accounts (also in instance/demo-accounts.txt):")
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
@click.option("--once", is_flag=True, help="compile what is due and missing, then exit")
@click.option("--as-of", "as_of",
              help="with --once: decide what is due as of this ISO time, e.g. 2021-07-31T09:00+08:00")
@click.option("--catchup-days", type=int, help="how many days back to look for missing briefs (default 7)")
def scheduler(once: bool, as_of: str | None, catchup_days: int | None) -> None:
    """Run the daily-brief scheduler in this process (BlockingScheduler), or one catch-up with --once."""
    from incidents import scheduler as jobs

    app = _app()
    database = _database(app)
    if catchup_days:
        app.config["BRIEF_CATCHUP_DAYS"] = catchup_days
    if not once:
        click.echo("brief scheduler running (Ctrl-C stops it)")
        jobs.run_blocking(app)
        return
    from datetime import datetime

    from incidents.briefs.services import compile_due

    try:
        now = datetime.fromisoformat(as_of) if as_of else jobs.clock()
    except ValueError as exc:
        raise click.BadParameter("give an ISO time with its offset", param_hint="--as-of") from exc
    if now.tzinfo is None:
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
    if counts["failed"]:
        sys.exit(1)


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
