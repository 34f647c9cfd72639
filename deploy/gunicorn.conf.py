"""gunicorn settings for Incident Log, shared by the systemd unit and the container.

    gunicorn -c deploy/gunicorn.conf.py wsgi:app
"""

import os

bind = os.environ.get("INCIDENTS_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("INCIDENTS_WORKERS", "4"))
# Brief compiles run in the scheduler process, never in a request: 60 s is ample for any page.
timeout = 60
graceful_timeout = 30
# The app writes one JSON line per request itself (incidents/ops/logs.py), with the user id.
accesslog = None
errorlog = "-"
