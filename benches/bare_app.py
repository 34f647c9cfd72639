"""The bare baseline of the load test: Flask + SQLAlchemy storing one row per POSTed report, nothing else.

No login, no validation, no audit row, no idempotency: what the product's write path is measured
against. Same JSON body, same parsing (`request.get_json`; a form's fields by `request.form`), one ORM
INSERT and one COMMIT per POST, answered with the new id (201). SQLite gets the product's connection settings (WAL and
synchronous=NORMAL, so both promise the same durability); PostgreSQL the driver's defaults.

    gunicorn -w 2 "benches.bare_app:create_app('sqlite:////tmp/bare.sqlite3')"
"""

from __future__ import annotations

import os
from typing import Any

import sqlalchemy as sa
from flask import Flask, request
from flask.typing import ResponseReturnValue
from sqlalchemy import event
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

PATH = "/reports"


class Base(DeclarativeBase):
    """The bare app's one table."""


class Row(Base):
    """One stored report: a few of its fields and the key it was sent with."""

    __tablename__ = "bare_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(sa.String(100))
    kind: Mapped[str] = mapped_column(sa.String(24))
    area_id: Mapped[int | None]
    title: Mapped[str | None] = mapped_column(sa.String(300))
    observed_at: Mapped[str | None] = mapped_column(sa.String(40))


def engine_for(url: str) -> sa.Engine:
    """An engine; on SQLite with the product's pragmas (incidents/db.py) so both keep the same durability."""
    if not url.startswith("sqlite"):
        return sa.create_engine(url)
    engine = sa.create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    return engine


def create_app(url: str | None = None, fresh: bool = False) -> Flask:
    """The bare app over `url` (default: $BARE_DATABASE_URL); `fresh` drops and creates its table."""
    engine = engine_for(url or os.environ["BARE_DATABASE_URL"])
    if fresh:
        Base.metadata.drop_all(engine)
        Base.metadata.create_all(engine)
    app = Flask(__name__)
    app.extensions["bare.engine"] = engine

    @app.post(PATH)
    def create() -> ResponseReturnValue:
        # A form's fields (benches.ingest_profile --via form) or a JSON body, as the product takes both.
        payload = request.form.to_dict() if request.mimetype == "application/x-www-form-urlencoded" \
            else request.get_json(silent=True)
        if not isinstance(payload, dict) or not isinstance(payload.get("kind"), str):
            return {"error": "kind required"}, 422
        # expire_on_commit off: the new id is read without a SELECT after the COMMIT.
        with Session(engine, expire_on_commit=False) as session:
            row = Row(key=request.headers.get("Idempotency-Key"), kind=payload["kind"],
                      area_id=payload.get("area_id"), title=payload.get("title"),
                      observed_at=payload.get("observed_at"))
            session.add(row)
            session.commit()
            return {"id": row.id, "kind": row.kind}, 201

    @app.get("/healthz")
    def healthz() -> ResponseReturnValue:
        return {"ok": True}

    return app


def sibling_url(url: str, suffix: str) -> str:
    """A PostgreSQL URL naming `<database>_<suffix>` on the same server (the load test's own databases)."""
    given = sa.make_url(url)
    return given.set(database=f"{given.database}_{suffix}").render_as_string(hide_password=False)


def recreate_database(url: str) -> None:
    """Drop and create the PostgreSQL database a URL names (only ever one of the load test's own)."""
    given = sa.make_url(url)
    engine = sa.create_engine(given.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{given.database}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{given.database}"')
    engine.dispose()


def drop_database(url: str) -> None:
    """Drop a PostgreSQL database the load test made."""
    given = sa.make_url(url)
    engine = sa.create_engine(given.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{given.database}" WITH (FORCE)')
    engine.dispose()
