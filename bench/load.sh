#!/usr/bin/env bash
# Load test: gunicorn on PostgreSQL with the demo municipality, a working-day mix (50 users) and a login
# storm (30 logins at once), with locust. One command, a few minutes: `make bench-load`.
#
#   BENCH_DATABASE_URL  PostgreSQL database to use (created, migrated and loaded with `helhet demo` if empty)
#                       default postgres://postgres@127.0.0.1:5432/helhet_bench
#   BENCH_USERS=50 BENCH_TIME=120s  the mix; BENCH_LOGINS=30 BENCH_LOGIN_TIME=30s  the storm
#   WEB_CONCURRENCY=3 GUNICORN_THREADS=4  gunicorn; BENCH_PORT=8765
# Only 127.0.0.1 is targeted, and each locust run stops by itself (--run-time).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
PY="${PY:-$ROOT/.venv/bin/python}"
DB="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/helhet_bench}"
PORT="${BENCH_PORT:-8765}"
HOST="http://127.0.0.1:$PORT"
OUT="$ROOT/bench/results"
LOAD_VENV="${BENCH_LOAD_VENV:-$ROOT/bench/.venv-load}"
mkdir -p "$OUT"

if [ ! -x "$LOAD_VENV/bin/locust" ]; then
  echo "== locust venv ($LOAD_VENV)"
  python3 -m venv "$LOAD_VENV"
  "$LOAD_VENV/bin/pip" install --quiet --disable-pip-version-check -r bench/requirements-load.txt
fi

export DATABASE_URL="$DB" DJANGO_SETTINGS_MODULE=helhet.config.settings PYTHONPATH="$ROOT/src"
export DEBUG=0 ALLOWED_HOSTS=127.0.0.1 HELHET_LOG_FORMAT=json LOG_LEVEL=WARNING
export WEB_CONCURRENCY="${WEB_CONCURRENCY:-3}" GUNICORN_THREADS="${GUNICORN_THREADS:-4}" HELHET_BIND="127.0.0.1:$PORT"
dbname="${DB##*/}"
admin_url="${DB%/*}/postgres"
if [ "$(psql "$admin_url" -XtAc "select 1 from pg_database where datname = '$dbname'")" != "1" ]; then
  psql "$admin_url" -Xqc "create database \"$dbname\""
fi
echo "== migrate and demo data ($dbname)"
"$PY" -m helhet.manage migrate --no-input -v 0
"$PY" -m helhet.manage demo >/dev/null
"$PY" -m helhet.manage shell < bench/bench_users.py

echo "== gunicorn ($WEB_CONCURRENCY workers x $GUNICORN_THREADS threads) on $HOST"
"$PY" -m gunicorn -c python:helhet.config.gunicorn helhet.config.wsgi >"$OUT/gunicorn.log" 2>&1 &
GUNICORN_PID=$!
trap 'kill "$GUNICORN_PID" 2>/dev/null; wait "$GUNICORN_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -fsS "$HOST/healthz" >/dev/null 2>&1 && break
  sleep 1
done
curl -fsS "$HOST/healthz" >/dev/null
echo "== warm-up (15 s, not counted)"
"$LOAD_VENV/bin/locust" -f bench/locustfile.py --headless --host "$HOST" --users 6 --spawn-rate 6 \
  --run-time 15s --stop-timeout 30 --only-summary --loglevel WARNING Reception CaseWorker Nurse Leader \
  >"$OUT/warmup.log" 2>&1 || true

machine() { echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) ($1)"; }
summary() {
  "$LOAD_VENV/bin/python" - "$1" <<'PYEOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1] + "_stats.csv")))
print(f"{'request':44} {'n':>6} {'fail':>5} {'p50':>6} {'p95':>6} {'p99':>6} {'max':>6}  ms")
for r in rows:
    print(f"{r['Name'][:44]:44} {r['Request Count']:>6} {r['Failure Count']:>5} {r['50%']:>6} {r['95%']:>6} {r['99%']:>6} {float(r['Max Response Time']):>6.0f}")
total = next(r for r in rows if r["Name"] == "Aggregated")
print(f"-> {float(total['Requests/s']):.1f} requests/s, {total['Failure Count']} failures")
PYEOF
}

"$PY" -m helhet.manage axes_reset >/dev/null
machine "before the mix"
echo "== mix: ${BENCH_USERS:-50} users for ${BENCH_TIME:-120s}"
"$LOAD_VENV/bin/locust" -f bench/locustfile.py --headless --host "$HOST" \
  --users "${BENCH_USERS:-50}" --spawn-rate "${BENCH_SPAWN:-5}" --run-time "${BENCH_TIME:-120s}" --stop-timeout 30 \
  --csv "$OUT/mix" --only-summary --loglevel WARNING Reception CaseWorker Nurse Leader >"$OUT/mix.log" 2>&1 || true
machine "after the mix"
summary "$OUT/mix" | tee "$OUT/mix.txt"

echo "== login storm: ${BENCH_LOGINS:-30} logins at once"
"$PY" -m helhet.manage axes_reset >/dev/null  # a fresh morning: no lockouts left from the mix
"$LOAD_VENV/bin/locust" -f bench/locustfile.py --headless --host "$HOST" \
  --users "${BENCH_LOGINS:-30}" --spawn-rate "${BENCH_LOGINS:-30}" --run-time "${BENCH_LOGIN_TIME:-30s}" --stop-timeout 30 \
  --csv "$OUT/logins" --only-summary --loglevel WARNING LoginStorm >"$OUT/logins.log" 2>&1 || true
machine "after the storm"
summary "$OUT/logins" | tee "$OUT/logins.txt"
echo "(CSV and logs in bench/results/)"
