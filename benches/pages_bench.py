"""Benchmark: the pages people hammer during a big event, each beside a bare rendering of the same rows.

The event is brief_data's province-scale one (5,000 communities in 250 subdistricts, ~33,000
reports a day of every kind; by default 10 days: ~333,000 reports and ~13,000 outages). Each page
is fetched through the test client as a logged-in viewer, and beside it, in turns in the same
run (benches/measure.py), a bare baseline: a plain SELECT of the rows the page shows (or sums),
through SQLAlchemy Core text, rendered by a bare Jinja template in the same app with the same
filters. No ORM, no scope, no layout, no i18n beyond the filters:

  home        /                      events with their headline figures; bare: the events and one
                                     GROUP BY over their counted reports (LEFT JOIN of each kind)
  event       /events/<id>           headline figures, reports by subdistrict and kind, the 15 latest;
                                     bare: the same sums, one GROUP BY subdistrict and kind, the 15 rows
  report list /events/<id>/reports   page 1 (50 reports, newest first) and the total; bare: the count
                                     and the 50 rows joined to place and reporter
  timeline    /events/<id>/timeline  the first view (figures, curve, groups collapsed); bare: every
                                     outage of the event (the rows its figures are read from), one
                                     table row each

    python -m benches.pages_bench                       # SQLite, 10 days (~333,000 reports)
    python -m benches.pages_bench --days 3 --repeat 5
    python -m benches.pages_bench --days 2 --per-day 10000 --page event   # a typhoon hour's ~19,000 reports
    python -m benches.pages_bench --pg postgresql://postgres@127.0.0.1:5432/DB   # SQLite, then PG
    python -m benches.pages_bench --only pg --pg postgresql://...                # schema "pages" reset

Target: each page within 2x its bare rendering, and none a person waits for.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import Flask, render_template_string

from benches import brief_data
from benches.measure import Timing, figure, interleaved, ms, spread
from incidents import create_app
from incidents.auth.services import create_user
from incidents.db import UTCDateTime

PASSWORD = "correct horse battery"
COUNTED = "('submitted', 'verified')"
LIVE = "('submitted', 'verified', 'returned')"

# One row per event: its counted reports, open outages and the three sums with their lower-bound flags.
FIGURES_SQL = f"""
SELECT r.event_id, count(*) AS reports,
       count(o.id) FILTER (WHERE o.restored_at IS NULL) AS open_outages,
       sum(v.volume_m3) AS volume_m3, max(CASE WHEN v.volume_m3_lb THEN 1 ELSE 0 END) AS volume_m3_lb,
       sum(d.person_times) AS person_times, max(CASE WHEN d.person_times_lb THEN 1 ELSE 0 END) AS person_times_lb,
       sum(c.mass_kg) AS mass_kg, max(CASE WHEN c.mass_kg_lb THEN 1 ELSE 0 END) AS mass_kg_lb
FROM reports r
LEFT JOIN power_outages o ON o.id = r.id LEFT JOIN pumping_volumes v ON v.id = r.id
LEFT JOIN disinfections d ON d.id = r.id LEFT JOIN debris_clearances c ON c.id = r.id
WHERE r.event_id IN :ids AND r.status IN {COUNTED}
GROUP BY r.event_id"""
FIGURES_HTML = """<dl><dt>reports</dt><dd>{{ f.reports|num }}</dd><dt>open</dt><dd>{{ f.open_outages|num }}</dd>
<dt>m3</dt><dd>{{ f.volume_m3|qty(f.volume_m3_lb, 'm³') }}</dd>
<dt>person-times</dt><dd>{{ f.person_times|qty(f.person_times_lb, '人次') }}</dd>
<dt>t</dt><dd>{{ (f.mass_kg / 1000 if f.mass_kg is not none else none)|qty(f.mass_kg_lb, '吨', 1) }}</dd></dl>"""
HOME = ("<!doctype html><html><body>{% for e in events %}{% set f = figures[e.id] %}<article><h2>"
        "<a href='/events/{{ e.id }}'>{{ e.name }}</a></h2><p>{{ e.kind }} {{ e.timezone }}</p>"
        + FIGURES_HTML + "</article>{% endfor %}</body></html>")
# Reports by subdistrict (a report on a subdistrict counts there; below it, under its parent's).
BY_AREA_SQL = f"""
SELECT s.id, s.name, r.kind, count(*) AS n, count(o.id) FILTER (WHERE o.restored_at IS NULL) AS still_out
FROM reports r JOIN areas a ON a.id = r.area_id
JOIN areas s ON s.id = CASE WHEN a.level = 'subdistrict' THEN a.id ELSE a.parent_id END
LEFT JOIN power_outages o ON o.id = r.id
WHERE r.event_id = :event AND r.status IN {COUNTED}
GROUP BY s.id, s.name, r.kind ORDER BY s.name"""
LATEST_SQL = f"""
SELECT r.id, r.kind, r.status, r.observed_at, r.observed_precision, a.name AS area
FROM reports r JOIN areas a ON a.id = r.area_id
WHERE r.event_id = :event AND r.status IN {LIVE} ORDER BY r.observed_at DESC, r.id DESC LIMIT :n"""
EVENT = ("<!doctype html><html><body><h1>{{ event.name }}</h1>" + FIGURES_HTML.replace("f.", "figures.")
         + "<table>{% for row in by_area %}<tr><th>{{ row.name }}</th><td>{{ row.kind }}</td><td>{{ row.n }}"
         "{% if row.still_out %} ({{ row.still_out }}){% endif %}</td></tr>{% endfor %}</table>"
         "<ul>{% for r in latest %}<li><a href='/reports/{{ r.id }}'>#{{ r.id }}</a> "
         "{{ r.observed_at|vtime(r.observed_precision, tz) }} {{ r.kind }} {{ r.status }} {{ r.area }}</li>"
         "{% endfor %}</ul></body></html>")
LIST_SQL = f"""
SELECT r.id, r.kind, r.status, r.observed_at, r.observed_precision, r.reported_at, a.name AS area,
       u.display_name AS reporter
FROM reports r JOIN areas a ON a.id = r.area_id JOIN users u ON u.id = r.reporter_id
WHERE r.event_id = :event AND r.status IN {LIVE} ORDER BY r.observed_at DESC, r.id DESC LIMIT :n"""
LIST = ("<!doctype html><html><body><p>{{ total }} reports</p><ul>{% for r in rows %}<li><a href='/reports/"
        "{{ r.id }}'>#{{ r.id }}</a> {{ r.observed_at|vtime(r.observed_precision, tz) }} {{ r.kind }} "
        "{{ r.status }} <a href='/areas'>{{ r.area }}</a> {{ r.reporter }} "
        "{{ r.reported_at|vtime('exact', tz) }}</li>{% endfor %}</ul></body></html>")
OUTAGES_SQL = """
SELECT a.name, o.started_at, o.started_precision, o.restored_at, o.restored_precision, o.households_affected,
       o.households_affected_lb, o.etr_at, o.etr_precision
FROM power_outages o JOIN reports r ON r.id = o.id JOIN areas a ON a.id = r.area_id
WHERE r.event_id = :event ORDER BY o.started_at"""
OUTAGES = """<!doctype html><html><body><table>
{% for r in rows %}<tr><td>{{ r.name }}</td><td>{{ r.started_at|vtime(r.started_precision, tz) }}</td>
<td>{{ r.restored_at|vtime(r.restored_precision, tz) if r.restored_at else '—' }}</td>
<td>{{ r.households_affected|qty(r.households_affected_lb, '户') }}</td>
<td>{{ r.etr_at|vtime(r.etr_precision, tz) if r.etr_at else '' }}</td></tr>{% endfor %}
</table></body></html>"""
INSTANTS = ("observed_at", "reported_at", "started_at", "restored_at", "etr_at")


def setup(url: str, schema: str | None, days: int, per_day: int, communities: int) -> tuple[Flask, int, str]:
    """Generate the event, add a viewer, build the app; (app, event id, generation summary)."""
    info = brief_data.generate(url, schema, days, communities, per_day)
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": tempfile.mkdtemp(prefix="pages-bench-"),
                      "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False, "REQUEST_LOG": False})
    database = app.extensions["incidents.db"]
    with database.transaction() as s:
        create_user(s, "bench-viewer", PASSWORD, "viewer")
    return app, 1, f"{info['reports']:,} reports over {info['days']} days in {info['seconds']:.0f} s"


def pages(app: Flask, event_id: int) -> dict[str, tuple[Callable[[], Any], Callable[[], Any]]]:
    """Each page's (product, bare) pair of functions."""
    database = app.extensions["incidents.db"]
    client = app.test_client()
    response = client.post("/login", data={"username": "bench-viewer", "password": PASSWORD})
    assert response.status_code in (302, 303), response.status_code
    tz = "Asia/Shanghai"

    def get(path: str) -> Callable[[], bytes]:
        def fetch() -> bytes:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            return response.data
        return fetch

    def rows(sql: str, **params: Any) -> list[Any]:
        # The instants typed as the models type them (aware UTC), as any bare reader would need.
        stmt = sa.text(sql).columns(**{c: UTCDateTime() for c in INSTANTS if c in sql})
        if "ids" in params:
            stmt = stmt.bindparams(sa.bindparam("ids", expanding=True))
        with database.read_session() as s:
            return list(s.execute(stmt, params))

    def bare_figures(ids: list[int]) -> dict[int, Any]:
        return {r.event_id: r for r in rows(FIGURES_SQL, ids=ids)}

    def bare_home() -> str:
        with app.test_request_context("/"):
            events = rows("SELECT id, name, kind, timezone FROM events ORDER BY starts_at DESC")
            return render_template_string(HOME, events=events, figures=bare_figures([e.id for e in events]))

    def bare_event() -> str:
        with app.test_request_context("/"):
            event = rows("SELECT id, name FROM events WHERE id = :id", id=event_id)[0]
            return render_template_string(EVENT, event=event, figures=bare_figures([event_id])[event_id],
                                          by_area=rows(BY_AREA_SQL, event=event_id),
                                          latest=rows(LATEST_SQL, event=event_id, n=15), tz=tz)

    def bare_list() -> str:
        with app.test_request_context("/"):
            total = rows(f"SELECT count(*) FROM reports WHERE event_id = :event AND status IN {LIVE}",
                         event=event_id)[0][0]
            return render_template_string(LIST, total=total, rows=rows(LIST_SQL, event=event_id, n=50), tz=tz)

    def bare_timeline() -> str:
        with app.test_request_context("/"):
            return render_template_string(OUTAGES, rows=rows(OUTAGES_SQL, event=event_id), tz=tz)

    return {"home": (get("/"), bare_home), "event": (get(f"/events/{event_id}"), bare_event),
            "report list": (get(f"/events/{event_id}/reports"), bare_list),
            "timeline": (get(f"/events/{event_id}/timeline"), bare_timeline)}


def measure(app: Flask, event_id: int, repeat: int, only: list[str] | None = None
            ) -> dict[str, tuple[Timing, Timing]]:
    """Every page (or those named) and its bare baseline, all in turns; {page: (product, bare)}."""
    pairs = {name: pair for name, pair in pages(app, event_id).items() if not only or name in only}
    fns: dict[str, Callable[[], Any]] = {}
    for name, (product, bare) in pairs.items():
        fns[name] = product
        fns[f"{name} (bare)"] = bare
    timed = interleaved(fns, repeat)
    return {name: (timed[name], timed[f"{name} (bare)"]) for name in pairs}


def print_table(label: str, results: dict[str, tuple[Timing, Timing]]) -> None:
    """ms per page, bare ms, ratio, bytes and the spread of the turns."""
    print(f"\n== {label}")
    print(f"{'page':<12} {'page ms':>9} {'bare ms':>9} {'ratio':>7} {'page bytes':>11} {'bare bytes':>11}  spread"
          "  (CPU: page, bare ms, ratio)")
    for name, (page, bare) in results.items():
        # CPU medians beside the wall's: a loaded machine moves the wall more than a small change does.
        cpu_page, cpu_bare = statistics.median(page.cpu) * 1000, statistics.median(bare.cpu) * 1000
        print(f"{name:<12} {ms(page):9.1f} {ms(bare):9.1f} {page.median / bare.median:6.2f}x "
              f"{len(page.result):>11,} {len(bare.result):>11,}  {spread(page, bare)}"
              f"  (CPU {cpu_page:.1f}, {cpu_bare:.1f} ms, {cpu_page / cpu_bare:.2f}x)")


def run(url: str, schema: str | None, days: int, per_day: int, communities: int, repeat: int,
        label: str, only: list[str] | None = None) -> dict[str, tuple[Timing, Timing]]:
    """Generate, time every page in turns, print; the timings."""
    t0 = time.perf_counter()
    app, event_id, made = setup(url, schema, days, per_day, communities)
    print(f"{label}: generated {made} (set-up {time.perf_counter() - t0:.0f} s)", flush=True)
    results = measure(app, event_id, repeat, only)
    print_table(f"{label}, {repeat} turns each", results)
    app.extensions["incidents.db"].engine.dispose()
    return results


def targets(quick: bool, pg: str | None) -> list[tuple[str, str, str | None]]:
    """(label, url, schema) of each database to run on."""
    out = [("sqlite", f"sqlite:///{tempfile.mkdtemp(prefix='pages-bench-')}/pages.sqlite3", None)]
    if pg:
        out.append(("postgresql", brief_data.url_for(pg, "pages"), "pages"))
    return out


def figures(quick: bool = False, pg: str | None = None) -> list[dict[str, Any]]:
    """The table's rows: each page beside its bare rendering, per database."""
    days, per_day, communities, repeat = (2, 2000, 500, 3) if quick else (10, 33_334, 5000, 7)
    rows = []
    for label, url, schema in targets(quick, pg):
        results = run(url, schema, days, per_day, communities, repeat, label)
        for name, (page, bare) in results.items():
            rows.append(figure("pages", f"{name} ({label})", ms(page), ms(bare), "ms",
                               f"{days * per_day:,} reports; {spread(page, bare)}"))
    return rows


def main() -> None:
    """Parse the arguments and run on SQLite, PostgreSQL or both."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", help="PostgreSQL URL of a database of your own (schema 'pages' is reset)")
    parser.add_argument("--only", choices=["sqlite", "pg"])
    parser.add_argument("--days", type=int, default=10)
    parser.add_argument("--per-day", type=int, default=33_334)
    parser.add_argument("--communities", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--page", action="append", choices=["home", "event", "report list", "timeline"],
                        help="time only this page (repeatable); default all")
    args = parser.parse_args()
    for label, url, schema in targets(False, args.pg):
        if args.only and not label.startswith({"pg": "postgresql"}.get(args.only, args.only)):
            continue
        run(url, schema, args.days, args.per_day, args.communities, args.repeat, label, args.page)
    print("\ntarget: each page within 2x its bare rendering")


if __name__ == "__main__":
    main()
