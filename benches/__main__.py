"""Every benchmark of the project in one table: each figure beside its bare baseline, measured in the same run.

Each bench module exposes `figures(quick=False, pg=None) -> list[dict]` (keys bench, figure,
product, bare, unit and an optional note; see benches/measure.py); a module without it is listed
with a note and skipped, so the table works whatever has landed. Ratio = product / bare: for times
lower is better; for a rate (unit ending in "/s") higher is better.

    python -m benches                       # everything at full scale, SQLite (long: ~30 min)
    python -m benches --quick               # small scales, a smoke run of a few minutes
    python -m benches --pg postgresql://postgres@127.0.0.1:5432/DB   # PostgreSQL too (schema reset)
    python -m benches --only pages_bench --only brief_bench
"""

from __future__ import annotations

import argparse
import importlib
import math
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Every benchmark, in the order of the table; a module without figures() is named in the notes, not run.
BENCHES = ["brief_bench", "timeline_bench", "pages_bench", "map_bench", "report_pages_bench", "export_bench",
           "import_bench", "backup_bench", "api_auth_bench", "auth_audit_bench", "ingest_profile", "load_test",
           "load_floor"]
COLUMNS = ("bench", "figure", "product", "bare", "unit", "ratio")


def run(names: list[str], quick: bool, pg: str | None) -> tuple[list[dict[str, Any]], list[str]]:
    """Run each named bench's figures(); the rows and the notes on benches skipped or failed."""
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    for name in names:
        try:
            module = importlib.import_module(f"benches.{name}")
        except ImportError as exc:
            notes.append(f"{name}: not importable ({exc})")
            continue
        figures = getattr(module, "figures", None)
        if figures is None:
            notes.append(f"{name}: no figures() yet, skipped (run it alone: python -m benches.{name})")
            continue
        started = time.perf_counter()
        print(f"-- {name} ...", flush=True)
        try:
            got = figures(quick=quick, pg=pg)
        except Exception as exc:  # one broken bench must not hide the others' figures
            traceback.print_exc()
            notes.append(f"{name}: failed ({type(exc).__name__}: {exc})")
            continue
        print(f"   {name}: {len(got)} figures in {time.perf_counter() - started:.0f} s", flush=True)
        rows += got
    return rows, notes


def ratio(row: dict[str, Any]) -> float:
    """product / bare (nan when there is no baseline)."""
    bare = row.get("bare")
    return row["product"] / bare if bare else math.nan


def table(rows: list[dict[str, Any]]) -> str:
    """The rows as one plain-text table, notes under it."""
    def number(v: Any) -> str:
        if v is None:
            return "-"
        if isinstance(v, float):
            return f"{v:,.3f}" if abs(v) < 10 else f"{v:,.1f}"
        return f"{v:,}"

    cells = [COLUMNS] + [(r["bench"], r["figure"], number(r["product"]), number(r.get("bare")), r["unit"],
                          f"{ratio(r):.2f}x") for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(COLUMNS))]
    right = {2, 3, 5}
    lines = ["  ".join(c.rjust(w) if i in right else c.ljust(w)
                       for i, (c, w) in enumerate(zip(line, widths, strict=True))) for line in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    notes = [f"  [{n}] {r['bench']} / {r['figure']}: {r['note']}" for n, r in enumerate(rows, 1) if r.get("note")]
    return "\n".join(lines + ([""] + notes if notes else []))


def main(argv: list[str] | None = None) -> int:
    """Parse the flags, run the benches, print the table."""
    parser = argparse.ArgumentParser(prog="python -m benches", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small scales: a smoke run of a few minutes")
    parser.add_argument("--pg", help="a PostgreSQL URL of a database of your own (its schemas are reset)")
    parser.add_argument("--only", action="append", choices=BENCHES, help="run only this bench (repeatable)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows, notes = run(args.only or BENCHES, args.quick, args.pg)
    load = os.getloadavg()
    print()
    print(table(rows))
    for note in notes:
        print(f"  - {note}")
    print(f"\n{len(rows)} figures in {time.perf_counter() - started:.0f} s; load average at the end "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores"
          f"{' (quick: small scales)' if args.quick else ''}")
    return 1 if any("failed" in n for n in notes) else 0


if __name__ == "__main__":
    sys.exit(main())
