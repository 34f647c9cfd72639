"""What the ingest benchmarks write into: a fresh database, a district, an event, a scoped reporter with a token.

Shared by benches/ingest_profile.py (in process) and benches/load_test.py (gunicorn and wrk). The
reporter is scoped to a subdistrict and reports for a community under it, so every create pays
the scope check a field worker's does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask

from benches import bare_app

USERNAME = "field-load"
# The reporter's password: the form benches log in with it (the API ones use its token).
PASSWORD = "压测 field load 2021"
# A fixed past time: every report of a run is valid whenever the run happens.
OBSERVED = "2021-07-21T10:00:00+08:00"


@dataclass
class Product:
    """A prepared product database: where to POST, as whom, about which place."""

    url: str
    folder: Path
    event_id: int
    area_id: int
    token: str

    @property
    def path(self) -> str:
        """The API route a report is created at."""
        return f"/api/v1/events/{self.event_id}/reports"

    def body(self, title: str = "巡查排水点") -> dict[str, Any]:
        """One activity report, as a field worker's phone sends it."""
        return {"kind": "activity", "area_id": self.area_id, "observed_at": OBSERVED, "title": title}

    def headers(self, key: str) -> dict[str, str]:
        """The token and a one-time key."""
        return {"Authorization": f"Bearer {self.token}", "Idempotency-Key": key}

    def config(self) -> dict[str, Any]:
        """The app settings of this database (the request log off in process: the load test keeps it on)."""
        return {"DATABASE_URL": self.url, "INSTANCE_PATH": str(self.folder / "instance"), "SECRET_KEY": "bench",
                "REQUEST_LOG": False}

    def app(self) -> Flask:
        """The product app over this database."""
        from incidents import create_app

        return create_app(self.config())

    def drop(self) -> None:
        """Drop the database if it is a PostgreSQL one the bench made (a SQLite file goes with its folder)."""
        if not self.url.startswith("sqlite"):
            bare_app.drop_database(self.url)


def prepare_product(url: str, folder: Path) -> Product:
    """Migrate a fresh database (PostgreSQL: dropped and made again) and add the place, event and reporter."""
    from incidents import demo, migrations
    from incidents.areas.services import create_area
    from incidents.auth import tokens
    from incidents.auth.services import create_user
    from incidents.db import Database
    from incidents.events.services import create_event

    if not url.startswith("sqlite"):
        bare_app.recreate_database(url)
    database = Database(url)
    migrations.upgrade(database.engine)
    with database.transaction() as s:
        demo.load_reference(s)
        district = create_area(s, name="压测区", level="district")
        subdistrict = create_area(s, name="压测街道", level="subdistrict", parent=district)
        community = create_area(s, name="压测社区", level="community", parent=subdistrict)
        event = create_event(s, code="load", name="压测演练", kind="rainstorm", area_id=district.id,
                             starts_at=datetime(2021, 7, 20, tzinfo=ZoneInfo("Asia/Shanghai")))
        user = create_user(s, USERNAME, PASSWORD, "reporter", scope_area_id=subdistrict.id)
        _row, plaintext = tokens.create_token(s, user, "load")
        product = Product(url, folder, event.id, community.id, plaintext)
    database.engine.dispose()
    return product
