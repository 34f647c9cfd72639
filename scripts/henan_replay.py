"""An outsider's replay of a "7·20"-style rainstorm (Henan, July 2021) over the HTTP API.

Reads only docs/ (api.md, api-reports.md, domain.md, briefs.md): a district of 5 subdistricts/towns and
30 communities, 4 days, ~400 reports sent with a coordinator's token and their real `reported_at`, the
scheduler run as `incidents scheduler --once --as-of <due>` before each brief, then every brief's JSON
held against figures worked out here from the docs' rules (nothing of the product imported), and its
Markdown and DOCX read for the same figures. Run through scripts/henan-replay (gunicorn, SQLite or PostgreSQL);
the replay itself is the package replay/henan (its scenario, model, checks and run) over replay/ (shared).

    python scripts/henan_replay.py --base http://127.0.0.1:5150 --token il_...
"""

from replay.client import main
from replay.henan.run import run

if __name__ == "__main__":
    main(__doc__ or "", "http://127.0.0.1:5150", run)
