"""An outsider's randomised replay over the HTTP API: two storms over overlapping places, drawn from a seed.

Reads only docs/ (api.md, api-reports.md, domain.md, briefs.md, imports.md). A district-wide rainstorm (4 days, brief at
08:00) and a flood of one of its subdistricts (3 days from the second, brief at 09:30) at once; each seed draws outages
restored in up to five partial steps across several midnights, updates sent out of order (a later restoration before the
earlier partial one), corrections of corrections, retractions then restorations, outages moved by the coordinator to
another community (their updates with them), late reports, staff on duty beside totals to date, volumes and disinfection
corrected downwards, outages out again after a full restoration, stale updates, an update's time corrected across a
midnight, outages with updates retracted for good (replay/storm/hard.py), an outage's start, a volume's or clearance's
period and a disinfection round's time corrected across a midnight (replay/storm/midnight.py), times at 00:00 and
23:59:59.999999 exactly,
clerks' CSV sheets (`incidents import`, no import route being in the API) beside single creates, and zero reports on
time and late, naming the day before or the same day, without a day, corrected to another day, retracted, and refused
(a period not come, a day answered already; replay/storm/zeros.py, 北山乡 the town the rain spares).
`incidents scheduler --once --as-of <due>` before each brief; then both events closed and revisions
recompiled. Every brief's JSON is held figure by figure against the model (replay/figures.py, nothing of the product
imported), its Markdown and text for the headline figures. Run through scripts/storm-replay.

    python scripts/storm_replay.py --base http://127.0.0.1:51400 --token il_... --seed 7 [--quick]
"""

import argparse
import sys

from replay.storm.run import run

if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--base", default="http://127.0.0.1:51400")
    ap.add_argument("--token", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--quick", action="store_true", help="recompile one day of each event only")
    a = ap.parse_args()
    sys.exit(run(a.base, a.token, a.seed, a.quick))
