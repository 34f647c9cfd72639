"""The app and database behind a CLI command, shared by every module that adds commands."""

from __future__ import annotations

import click
from flask import Flask

from incidents.db import Database


def cli_app() -> Flask:
    """The app the running command belongs to."""
    from flask import current_app
    from flask.cli import ScriptInfo

    # The console entry point (incidents/__main__.py) runs us inside the app's context; under
    # `flask --app wsgi incidents ...` (and Flask's CLI test runner) Flask's ScriptInfo knows the app.
    if current_app:
        # Flask types current_app as Flask, not as the LocalProxy it is: the proxy's own method is unseen.
        return current_app._get_current_object()  # type: ignore[attr-defined]
    return click.get_current_context().ensure_object(ScriptInfo).load_app()


def cli_database(app: Flask) -> Database:
    """The app's database, checked reachable (a ConfigError naming it otherwise)."""
    database: Database = app.extensions["incidents.db"]
    database.check()
    return database
