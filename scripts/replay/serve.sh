# Sourced by scripts/henan-replay and scripts/typhoon-replay: a fresh database, the incidents command of this
# checkout, a coordinator and its token, gunicorn with 2 workers (deploy/gunicorn.conf.py) stopped on exit.
#
#   replay_serve DATABASE_URL PORT WORKDIR SECRET_KEY USER PASSWORD TOKEN_NAME   (sets root, bin, port, token)
#
# Without DATABASE_URL a SQLite file in WORKDIR (a fresh temporary one without WORKDIR); a PostgreSQL database
# must be empty (createdb it first).
replay_serve() {
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  local work=${3:-$(mktemp -d)}
  port=$2
  local url=${1:-sqlite:///$work/instance/incidents.sqlite3}
  bin=$root/.venv/bin
  rm -rf "$work/instance" && mkdir -p "$work/instance"
  export DATABASE_URL=$url INCIDENTS_INSTANCE=$work/instance INCIDENTS_SCHEDULER=off INCIDENTS_WORKERS=2
  export INCIDENTS_BIND=127.0.0.1:$port SECRET_KEY=$4 INCIDENTS_REQUEST_LOG=0
  cd "$root"
  export PYTHONPATH=$root${PYTHONPATH:+:$PYTHONPATH}  # the incidents command of this checkout, not of the one .venv was installed from
  "$bin/incidents" upgrade >/dev/null
  "$bin/incidents" create-user "$5" --role coordinator --password "$6" >/dev/null
  token=$("$bin/incidents" tokens create "$5" --name "$7" | tail -1)
  "$bin/gunicorn" -c deploy/gunicorn.conf.py wsgi:app >"$work/gunicorn.log" 2>&1 &
  gunicorn=$!
  trap 'kill $gunicorn 2>/dev/null; wait $gunicorn 2>/dev/null || true' EXIT
  for _ in $(seq 60); do curl -sf --max-time 2 "http://127.0.0.1:$port/healthz" >/dev/null && return 0; sleep 1; done
  # Not up in a minute (a port held, a boot error): say why, rather than the replay's "connection refused".
  echo "gunicorn did not answer on 127.0.0.1:$port within 60 s; its log:" >&2
  cat "$work/gunicorn.log" >&2
  return 1
}
