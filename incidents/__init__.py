"""Incident Log: field reports, restoration timelines and daily briefs."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy.orm import configure_mappers


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Application factory: config, database, extensions, blueprints, CLI; nothing else."""
    from incidents import cli, web
    from incidents.config import ROOT, load_config
    from incidents.db import Database
    from incidents.geo import geocoder_for
    from incidents.ops.logs import init_request_log
    from incidents.request_db import close_request_session

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
    # Built here so a bad INCIDENTS_GEOCODER stops the start with its message; no network until asked.
    app.extensions["incidents.geocoder"] = geocoder_for(settings)

    if settings["PROXIES"]:
        # Trust X-Forwarded-For/-Proto/-Host exactly as deep as the proxies we run: one more and a
        # client could forge its address past the login throttle.
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = settings["PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]

    init_request_log(app)
    web.init_app(app)
    cli.init_app(app)
    # Every model is imported by now (the blueprints'): a mapping mistake stops the start with its
    # message, and no request finds a model unconfigured (generation.attach builds objects without a query).
    configure_mappers()
    return app
