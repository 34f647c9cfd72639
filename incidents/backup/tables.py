"""What goes into a backup: every table of the metadata, minus secrets and operational rows.

The list is driven by `Base.metadata`, so a new table is backed up without touching this module;
only a table that must NOT be copied needs a line here. Secrets are also caught by name, so a table
or column added later that holds a token or a password is left out even if nobody lists it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import sqlalchemy as sa

from incidents.models import Base

# Left out by name, with the reason (docs/backup.md repeats them).
EXCLUDED_TABLES: dict[str, str] = {
    # Throttling rows: addresses and failed usernames of the last minutes. They are personal data
    # with no use after the window, and a restored lock-out would lock out nobody who deserves it.
    "login_attempts": "operational: login throttling, personal data, useless after a minute",
    # The compile queue: a row 'running' on the old server would sit 'running' on the new one and
    # block a new compile of that day (one open request per day). Briefs themselves are backed up.
    "compile_requests": "operational: the scheduler's work queue; the briefs it made are kept",
    # Which scheduler beat last, on which host: restored, it would tell /readyz that a scheduler is
    # alive on a server where none has run yet.
    "heartbeats": "operational: the scheduler's liveness for /readyz, true only of the old server",
    # Tokens are credentials: a restored copy of a token would let a leaked archive sign in.
    "api_tokens": "secret: API token hashes; issue new tokens after a restore",
    # The keys session cookies carry: a restored row would let a cookie of the old server log in.
    "sign_ins": "secret: the keys of logged-in devices; everyone logs in again after a restore",
    # Forms waiting for a login: what someone typed, under the handle a cookie carries; stale within a login's
    # lifetime, and a restored one could be given back to a cookie of the old server.
    "held_forms": "secret: forms waiting for their author's login, under the handle a cookie carries",
    # A number the database's triggers raise at every write to events and areas, which the restore's own
    # rows raise again: copied, it could go back to a number a running process has shelved values for.
    "cache_generation": "operational: the generation of what processes keep of events and areas",
}

# Any table or column whose name says it holds a credential; checked on top of the list above.
SECRET_TABLE = re.compile(r"token|secret|credential|session|api_?key", re.IGNORECASE)
SECRET_COLUMN = re.compile(r"password|secret|token|api_?key|credential|hash", re.IGNORECASE)

# Tables whose JSON columns copy other rows' columns (an audit row's before/after): secret-named
# keys are dropped from them. Other JSON (a brief's content) is the product's own and kept whole.
SNAPSHOT_TABLES = frozenset({"audit_entries"})

# Reference lists loaded by `incidents upgrade` into every database: replaced by the archive's copy
# instead of making a freshly upgraded database count as "not empty".
REFERENCE_TABLES = frozenset({"categories"})


def _area_search_key(row: Mapping[str, Any]) -> str:
    from incidents.areas.services import search_key  # the areas' own rule; imported when first needed

    return search_key(row["name"], row.get("name_en"))


# Columns derived from others in their row: on restore, a value too long for its column (kept by SQLite
# from a version that let it overflow; PostgreSQL would refuse it) is derived again instead of refused.
DERIVED: dict[tuple[str, str], Callable[[Mapping[str, Any]], Any]] = {
    ("areas", "search_key"): _area_search_key,
}


def excluded(table: sa.Table) -> str | None:
    """Why a table is left out of backups, or None when it is backed up."""
    if table.name in EXCLUDED_TABLES:
        return EXCLUDED_TABLES[table.name]
    if SECRET_TABLE.search(table.name):
        return "secret: its name says it holds credentials"
    return None


def secret_columns(table: sa.Table) -> list[str]:
    """Columns of a backed-up table written as NULL: password hashes and the like."""
    return [c.name for c in table.columns if SECRET_COLUMN.search(c.name)]


def backed_up(metadata: sa.MetaData = Base.metadata) -> Iterator[sa.Table]:
    """The tables a backup holds, parents before children (the order a restore inserts them)."""
    for table in metadata.sorted_tables:
        if excluded(table) is None:
            for name in secret_columns(table):
                if not table.columns[name].nullable:
                    # A NOT NULL secret cannot be blanked: refuse loudly rather than copy it.
                    raise RuntimeError(f"{table.name}.{name} holds a secret and cannot be NULL: "
                                       "list the table in incidents/backup/tables.py EXCLUDED_TABLES")
            yield table


def scrub(value: Any) -> Any:
    """A JSON value with every secret-named key removed, at any depth (for SNAPSHOT_TABLES)."""
    if isinstance(value, Mapping):
        return {k: scrub(v) for k, v in value.items() if not SECRET_COLUMN.search(str(k))}
    if isinstance(value, list):
        return [scrub(v) for v in value]
    return value
