#!/usr/bin/env bash
# Public filing (a) and tracking (b) under load, with the peer anchors' own driver
# (../shared/peer/helpdesk/bench.py, targets set through BENCH_* variables), against gunicorn
# (2 sync workers) on 127.0.0.1, on the seeded PostgreSQL database.
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench bash bench/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PEER="${PEER:-../shared/peer/helpdesk}"
PORT="${PORT:-8767}"
DUR="${DUR:-20}"
REPS="${REPS:-3}"
OUT="${OUT:-var/bench/load-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$OUT"
export DJANGO_SETTINGS_MODULE=config.settings.local DEBUG=false ALLOWED_HOSTS=127.0.0.1,localhost
export SECRET_KEY="${SECRET_KEY:-bench-secret-key-0123456789abcdefghijklmnopqrstuvwxyz}"
export CACHE_URL="${CACHE_URL:-rediscache://127.0.0.1:6379/2}" PAGE_CACHE_URL="${PAGE_CACHE_URL:-rediscache://127.0.0.1:6379/2}" PORTAL_RATE="1000000/h" LOG_LEVEL=WARNING
export CELERY_BROKER_URL="${CELERY_BROKER_URL:-redis://127.0.0.1:6379/3}"
PY=.venv/bin/python

$PY bench/load_prepare.py "$OUT/lookup_sample.csv"
$PY -m gunicorn config.wsgi:application -b 127.0.0.1:$PORT -w 2 -k sync --no-control-socket \
  --log-level warning --pid "$OUT/gunicorn.pid" &
MASTER=$!
trap 'kill $MASTER 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.2; done
WORKERS=$(pgrep -P $MASTER | paste -sd, -)
POSTMASTER=$(head -1 "$(psql -qtAX "${DATABASE_URL}" -c 'SHOW data_directory')/postmaster.pid" 2>/dev/null || true)

export BENCH_BASE="http://127.0.0.1:$PORT" BENCH_SERVER_PIDS="$WORKERS" BENCH_DB_PIDS="$POSTMASTER"
export BENCH_LOOKUP_SAMPLE="$OUT/lookup_sample.csv" BENCH_LOOKUP_URL="/track/{key}/" BENCH_LOOKUP_EXPECT=title
export BENCH_SUBMIT_PATH="/file/other/" BENCH_SUBMIT_OK_RE="^/receipt/"
export BENCH_SUBMIT_FIELDS='{"company_name": "演示企业00001有限公司", "occurred_at": "2026-11-01T10:00",
  "observed": "{body}", "demands": "refund", "complainant_name": "Load {n}", "complainant_phone": "13912345678",
  "complainant_email": "{email}", "contact_preference": "email", "privacy_consent": "on", "code": "123456",
  "action": "submit"}'
B="$PY $PEER/bench.py"
$B warmup > /dev/null || true
for rep in $(seq "$REPS"); do
  for c in 4 16; do $B lookup -c "$c" -d "$DUR" --tag "rep=$rep" | tee -a "$OUT/results.jsonl"; done
  for c in 4 16; do $B submit -c "$c" -d "$DUR" --tag "rep=$rep" | tee -a "$OUT/results.jsonl"; done
done
$B summarize "$OUT/results.jsonl" > "$OUT/summary.md"
cat "$OUT/summary.md"
