"""Incident Log: field reports, restoration timelines and daily briefs."""

from __future__ import annotations

from typing import Any

from flask import Flask


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Application factory: config, database, extensions, blueprints, CLI; nothing else."""
    from incidents import cli, web
    from incidents.config import ROOT, load_config
    from incidents.db import Database, close_request_session

    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    settings = load_config(config)
    app.config.update(settings)
    app.instance_path = settings["INSTANCE_PATH"]
    app.debug = bool(settings["DEBUG"])

    database = Database(settings["DATABASE_URL"], echo=settings["DB_ECHO"])
    app.extensions["incidents.db"] = database
    app.teardown_appcontext(close_request_session)

    web.init_app(app)
    cli.init_app(app)
    return app
