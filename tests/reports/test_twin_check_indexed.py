"""The report form's "sent a moment ago under another token?" reads an index, not every key ever stored.

Every report made writes a key (forms, API, imports), and the check ran on every form POST: with 100,000 keys it
read them all, 8–12 ms a POST on SQLite (7 December), growing through a typhoon with every report.
"""

from __future__ import annotations

from datetime import timedelta

from incidents.db import now_utc
from incidents.reports.doubts import _RECENT_TWIN


def test_the_twin_lookup_searches_the_submission_index(database):
    values = {"user_id": 1, "digest": "0" * 64, "since": now_utc() - timedelta(minutes=15), "key": "1:k"}
    with database.engine.connect() as conn:
        compiled = _RECENT_TWIN.compile(conn)
        params = compiled.construct_params(values)
        if conn.dialect.name == "sqlite":
            sql, args = str(compiled), [params[name] for name in compiled.positiontup or []]
            plan = " ".join(str(row[-1]) for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, tuple(args)))
            assert "USING INDEX ix_idempotency_keys_submission" in plan, plan
            assert "SCAN idempotency_keys" not in plan, plan
        else:
            # An empty table is read whole by choice: asked to avoid that, can the planner use the index at all?
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            plan = " ".join(row[0] for row in conn.exec_driver_sql("EXPLAIN " + str(compiled), params))
            assert "ix_idempotency_keys_submission" in plan, plan
