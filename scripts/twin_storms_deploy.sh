#!/usr/bin/env bash
# The two-storm replay (tests/api/twin_storms.py) as a deployment runs it: gunicorn with 2 workers
# (deploy/gunicorn.conf.py) and `incidents scheduler` as its own process over PostgreSQL, then the same
# replay over SQLite, every brief held against the hand computation and the two databases' brief JSON
# compared field for field. Not part of the suite (it starts servers and takes a few minutes).
#
#   scripts/twin_storms_deploy.sh postgresql://postgres@127.0.0.1:5432/EMPTY_DB PORT WORKDIR
#
# The PostgreSQL database must be empty (createdb it first); WORKDIR gets the instances, logs and briefs.
set -euo pipefail
pg_url=$1 port=$2 work=$3
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$root/.venv/bin
mkdir -p "$work"
pids=()
stop() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop EXIT

run() {  # run NAME DATABASE_URL
    local name=$1 url=$2
    local instance=$work/$name-instance
    rm -rf "$instance" && mkdir -p "$instance"
    export DATABASE_URL=$url INCIDENTS_INSTANCE=$instance INCIDENTS_SCHEDULER=off INCIDENTS_WORKERS=2
    export INCIDENTS_BIND=127.0.0.1:$port SECRET_KEY=twin-storms-$name-0123456789abcdef INCIDENTS_REQUEST_LOG=0
    "$bin/incidents" upgrade >/dev/null
    "$bin/incidents" create-user twin-coordinator --role coordinator --password twin-storms-coordinator >/dev/null
    local token
    token=$("$bin/incidents" tokens create twin-coordinator --name "twin storms" | tail -1)
    (cd "$root" && exec "$bin/gunicorn" -c deploy/gunicorn.conf.py wsgi:app) >"$work/$name-gunicorn.log" 2>&1 &
    pids+=($!)
    (cd "$root" && exec "$bin/incidents" scheduler) >"$work/$name-scheduler.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 60); do
        curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break
        sleep 1
    done
    curl -sf "http://127.0.0.1:$port/readyz" >/dev/null || { echo "$name: /readyz never turned green"; exit 1; }
    local same=()
    [[ $name == sqlite ]] && same=(--same-as "$work/postgresql-briefs")
    (cd "$root" && "$bin/python" -m tests.api.twin_storms --base "http://127.0.0.1:$port" --token "$token" \
        --out "$work/$name-briefs" "${same[@]}")
    stop
    pids=()
}

run postgresql "$pg_url"
run sqlite "sqlite:///$work/sqlite-instance/incidents.sqlite3"
