"""The bare app with every guarantee of issue 14 written as lean as this stack allows: the floor of a guarded create.

Issue 14 asks the product's report API for >= 0.6x the bare insert's req/s "keeping every guarantee: token,
role and scope, validation, idempotency, audit row, one transaction". This app keeps exactly those and
nothing else, over the product's own schema (its tables, migrated), in the fewest statements and Python
calls a developer could write with Flask and SQLAlchemy Core:

- one transaction: SQLite's BEGIN IMMEDIATE up front (the lock held from the first statement, so nothing
  read can change before the write), PostgreSQL's READ COMMITTED with the rows' own keys;
- the token: one SELECT of the token and its owner (role, scope, active) by the token's SHA-256, in that
  transaction; revoked, expired or inactive: 401;
- role and scope: the owner's role may report; the place lies at or under the owner's area (the areas' parent
  links read once per process and read again when the product's `cache_generation` moves, as the product does);
- the event: open at the time observed, the place within its area (the same per-process read);
- validation: the body a JSON object, kind activity, a title of 1–300 characters without NUL, a place id, an
  ISO time with an offset, not before the event nor in the future: a 422 naming the field;
- idempotency: the key's row inserted in the same transaction; a key sent again answers what it made (200),
  with another body a 422;
- the audit row: who, when, what, the report's fields after;
- on PostgreSQL the event's arrival lock before the report is stamped, as the product's (incidents/arrival.py);
- then the report's two rows, COMMIT, and a 201 with the new id.

No Flask-Login, no Babel, no request log, no CSRF (a token request has none), no ORM unit of work. It is a
measuring stick for benches/load_floor.py, never the product: its rules are written here a second time.

    gunicorn -w 2 "benches.guarded_app:create_app()"     # DATABASE_URL: a product database (load_setup)
"""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
import sqlalchemy as sa
from flask import Flask, request
from flask.typing import ResponseReturnValue

from benches import bare_app
from incidents.areas.models import Area
from incidents.arrival import ARRIVAL_CLASS
from incidents.audit.models import AuditEntry, IdempotencyKey
from incidents.auth.models import User
from incidents.auth.tokens import ApiToken
from incidents.events.models import Event
from incidents.generation import CACHE_GENERATION
from incidents.reports.models import ActivityEntry, Report

REPORTING_ROLES = {"reporter", "coordinator", "admin"}
SKEW = timedelta(minutes=5)

_LOGIN = (sa.select(ApiToken.id, ApiToken.expires_at, ApiToken.revoked_at, User.id, User.role,
                    User.scope_area_id, User.active,
                    sa.select(CACHE_GENERATION.c.n).limit(1).scalar_subquery())
          .join_from(ApiToken, User, ApiToken.user_id == User.id)
          .where(ApiToken.token_hash == sa.bindparam("h")))
_ARRIVAL = sa.select(sa.func.pg_advisory_xact_lock_shared(ARRIVAL_CLASS, sa.bindparam("event_id", type_=sa.Integer)))
_REPORT = Report.__table__.insert()
_ACTIVITY = ActivityEntry.__table__.insert()
_AUDIT = AuditEntry.__table__.insert()
_KEY = IdempotencyKey.__table__.insert()
_KEY_SEEN = sa.select(IdempotencyKey.entity_id, IdempotencyKey.fingerprint).where(
    IdempotencyKey.key == sa.bindparam("k"), IdempotencyKey.user_id == sa.bindparam("u"))


class Places:
    """Each area's ancestors and each event's window and area, read at once and again when the generation moves."""

    def __init__(self) -> None:
        self.generation: Any = object()
        self.up: dict[int, tuple[int, ...]] = {}
        self.events: dict[int, tuple[datetime, datetime | None, int | None]] = {}

    def fresh(self, conn: sa.Connection, generation: Any) -> None:
        """Read the areas' parents and the events again if the generation is not the one read last."""
        if generation == self.generation:
            return
        parent = dict(conn.execute(sa.select(Area.id, Area.parent_id)).all())
        self.up = {}
        for area in parent:
            chain, at = [], area
            while at is not None:
                chain.append(at)
                at = parent.get(at)
            self.up[area] = tuple(chain)
        self.events = {row[0]: tuple(row[1:]) for row in conn.execute(
            sa.select(Event.id, Event.starts_at, Event.ends_at, Event.area_id))}  # type: ignore[misc]
        self.generation = generation


def _problem(status: int, field: str | None, detail: str) -> ResponseReturnValue:
    return {"title": detail, "errors": {field: [detail]} if field else {}}, status


def _observed(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo is not None else None


def create_app(url: str | None = None) -> Flask:
    """The guarded bare app over a product database (`url`, default $DATABASE_URL)."""
    engine = bare_app.engine_for(url or os.environ["DATABASE_URL"])
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:
        @sa.event.listens_for(engine, "connect")
        def _own_begin(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # the driver's BEGIN off: ours is BEGIN IMMEDIATE

    places = Places()
    app = Flask(__name__)

    @app.get("/healthz")
    def healthz() -> ResponseReturnValue:
        return {"ok": True}

    @app.post("/api/v1/events/<int:event_id>/reports")
    def create(event_id: int) -> ResponseReturnValue:
        auth = request.headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            return _problem(401, None, "token required")
        payload = request.get_json(silent=True)
        if not isinstance(payload, dict):
            return _problem(400, None, "a JSON object is required")
        key = request.headers.get("Idempotency-Key")
        fingerprint = hashlib.sha256(orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)).hexdigest()
        who: dict[str, int] = {}
        try:
            return _store(event_id, auth[7:], payload, key, fingerprint, who)
        except sa.exc.IntegrityError:
            if key is None:
                raise
            # The key's row met its twin: everything of this one rolled back; answer what the first made.
            with engine.connect() as conn:
                seen = conn.execute(_KEY_SEEN, {"k": key, "u": who["user"]}).first()
            if seen is None or seen[1] != fingerprint:
                return _problem(422, None, "the key was sent with another body or by another user")
            return {"id": seen[0], "kind": "activity"}, 200

    def _store(event_id: int, token: str, payload: dict[str, Any], key: str | None, fingerprint: str,
               who: dict[str, int]) -> ResponseReturnValue:
        """Check and write in one transaction: a refusal returns from inside it (a read-only commit)."""
        now = datetime.now(UTC)
        with engine.connect() as conn, conn.begin():
            if sqlite:
                conn.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock from the first read on
            login = conn.execute(_LOGIN, {"h": hashlib.sha256(token.encode()).hexdigest()}).first()
            if (login is None or login[2] is not None or (login[1] is not None and login[1] <= now)
                    or not login[6]):
                return _problem(401, None, "token not valid")
            token_id, user_id, role, scope = login[0], login[3], login[4], login[5]
            who["user"] = user_id
            if role not in REPORTING_ROLES:
                return _problem(403, None, "your role cannot report")
            places.fresh(conn, login[7])
            event = places.events.get(event_id)
            if event is None:
                return _problem(404, None, "no such event")
            errors: dict[str, str] = {}
            title = payload.get("title")
            if payload.get("kind") != "activity":
                errors["kind"] = "must be activity"
            if not isinstance(title, str) or not 0 < len(title.strip()) <= 300 or "\x00" in title:
                errors["title"] = "1 to 300 characters, no NUL"
            area_id = payload.get("area_id")
            chain = places.up.get(area_id) if isinstance(area_id, int) else None
            if chain is None:
                errors["area_id"] = "no such place"
            elif scope is not None and scope not in chain:
                return _problem(403, "area_id", "outside your area")
            elif event[2] is not None and event[2] not in chain:
                errors["area_id"] = "outside the event's area"
            observed = _observed(payload.get("observed_at"))
            if observed is None:
                errors["observed_at"] = "an ISO time with its offset"
            elif observed > now + SKEW or observed < event[0] or (event[1] is not None and observed > event[1]):
                errors["observed_at"] = "outside the event or in the future"
            if errors:
                return {"title": "invalid", "errors": errors}, 422
            if not sqlite:
                # The event's arrival lock before the stamp, as the product's (incidents/arrival.py): a compile's
                # cut-off never falls between a report's stamp and its commit. SQLite: the write lock, held already.
                conn.execute(_ARRIVAL, {"event_id": event_id})
                now = datetime.now(UTC)
            fields = {"kind": "activity", "event_id": event_id, "area_id": area_id, "observed_at": observed,
                      "observed_precision": "exact", "reported_at": now, "reporter_id": user_id,
                      "status": "submitted", "created_at": now, "updated_at": now, "version": 1}
            report_id = conn.execute(_REPORT, fields).inserted_primary_key[0]  # type: ignore[index]
            conn.execute(_ACTIVITY, {"id": report_id, "title": title})
            after = {**fields, "id": report_id, "title": title, "observed_at": observed.isoformat(),
                     "reported_at": now.isoformat(), "created_at": now.isoformat(),
                     "updated_at": now.isoformat(), "token_id": token_id}
            conn.execute(_AUDIT, {"at": now, "user_id": user_id, "action": "create", "entity": "reports",
                                  "entity_id": report_id, "before": None, "after": after})
            if key is not None:  # last, with no read first: a twin meets the primary key (the product's KEY_FIRST)
                conn.execute(_KEY, {"key": key, "user_id": user_id, "entity": "reports",
                                    "entity_id": report_id, "created_at": now, "fingerprint": fingerprint})
        return {"id": report_id, "kind": "activity", "event_id": event_id}, 201


    return app
