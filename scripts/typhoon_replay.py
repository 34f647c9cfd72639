"""An outsider's replay of a typhoon's landfall over a coastal district (4 days, September 1991) over the HTTP API.

Reads only docs/ (api.md, api-reports.md, domain.md, briefs.md). 台风“9117号” comes ashore over 东礁区 on the night of
14 September 1991, the night China's summer time ended (02:00 on the 15th back to 01:00): the brief of the 15th covers
25 hours and 01:00–02:00 that night happened twice. The district's duty office (a coordinator's token) files what the
subdistricts phone in with its real `reported_at`; two subdistrict reporters send their own with their own tokens
(stamped by the server's clock, so after every brief: the late phase a revision counts). Corrections, retractions and a
restoration, late reports, outages spanning midnight restored in steps, "still out" updates, m³ (and a volume in
tonnes, refused), disinfected areas in 平方米 and ㎡, a replayed Idempotency-Key, a zero report, reports at the cut-off
second and one past it, times with and without offsets, and one ambiguous local time (refused naming the field). Every
brief figure is worked out here from the list of what was sent (nothing of the product imported) and compared with
each compiled brief's JSON and its Markdown. Run through scripts/typhoon-replay (gunicorn, SQLite or PostgreSQL).
The replay itself is the package replay/typhoon (its calendar, scenario, model, checks and run) over replay/ (shared).

    python scripts/typhoon_replay.py --base http://127.0.0.1:51400 --token il_...   [--quick]
"""

from replay.client import main
from replay.typhoon.run import run

if __name__ == "__main__":
    main(__doc__ or "", "http://127.0.0.1:51400", run, quick=True)
