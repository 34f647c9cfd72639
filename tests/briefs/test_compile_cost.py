"""A compile reads whole a stored brief only where it needs one: the previous day's (its to-date figures).

The content of a brief is ~800 KB of JSON at 250 subdistricts; each parsed whole in Python cost ~15 ms
of a quick bench compile (benches/brief_bench.py, docs/performance.md). The earlier revision's number,
cut-off and ledger, the days' trend points and the brief just inserted are read without it.
"""

from __future__ import annotations

import json
import re

import sqlalchemy as sa

from incidents.briefs import services
from incidents.models import Brief

from .conftest import day_of, local

# The content column as a whole, not a part of it the database takes out (JSON_EXTRACT, ->).
WHOLE_CONTENT = re.compile(r"(?<!JSON_EXTRACT\()\bbriefs\.content\b(?!\s*->)")


def test_a_revision_reads_one_whole_brief(database, seed_briefs):
    statements: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(database.engine, "before_cursor_execute", seen)
    try:
        result = services.compile_once(database, seed_briefs.id, day_of("2021-07-26"),
                                       now=local("2021-07-31 10:00"), new_revision=True)
    finally:
        sa.event.remove(database.engine, "before_cursor_execute", seen)
    assert result.created and result.brief.revision == 2
    whole = [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH")) and WHOLE_CONTENT.search(s)]
    assert len(whole) == 1, whole  # previous_brief: the day before's to-date figures
    assert "briefs.day = " in whole[0]


def test_the_brief_a_compile_returns_is_the_one_stored(database, seed_briefs):
    result = services.compile_once(database, seed_briefs.id, day_of("2021-07-27"), now=local("2021-07-31 10:00"),
                                   new_revision=True)
    with database.read_session() as s:
        stored = s.get(Brief, result.brief.id)
        # Types too: a tuple or a date handed back where the database gives a list or a string would differ.
        assert json.dumps(result.brief.content) == json.dumps(stored.content)
        assert json.dumps(result.brief.carry) == json.dumps(stored.carry)
        assert result.brief.content == stored.content and result.brief.carry == stored.carry
