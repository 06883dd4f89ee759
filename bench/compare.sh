#!/usr/bin/env bash
# Side by side, in one run, interleaved (helpdesk, ours, ceiling; three times): public filing,
# tracking, a staff list and an admin changelist, with the peers' own scripts and driver
# (../shared/peer/helpdesk/bench.sh, unedited, pointed at our app through BENCH_* variables),
# gunicorn 2 sync workers on 127.0.0.1, PostgreSQL with persistent connections for all three.
#   bash bench/compare.sh                  # REPS=3 DUR=20; ~35 min after the peers' set-up
#   REPS=1 DUR=5 bash bench/compare.sh     # smoke run
# Needs the seeded database `bench` (make bench, or seed_bulk); it is snapshotted once as
# bench_seeded and restored before each repetition, as the peers restore theirs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
SHARED="${SHARED:-$ROOT/../shared/peer}"
PG="${PG:-postgresql://postgres@127.0.0.1:5432}"
REPS="${REPS:-3}"
DUR="${DUR:-20}"
R="${OUT:-$ROOT/var/bench/compare-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$R"
export BENCH_CONN_MAX_AGE=60 DUR N_SEQ="${N_SEQ:-30}" CONC="4 16" WORKERS=2
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
exists() { [ "$(psql "$PG/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='$1'")" = 1 ]; }

# The peers: virtualenvs, 100,000 rows each, snapshots (skipped when already there).
for peer in helpdesk ceiling; do
  if ! exists "${peer}_bench_seeded"; then
    log "setting up $peer"
    BENCH_DATABASE_URL="$PG/${peer}_bench" bash "$SHARED/$peer/setup.sh" > "$R/$peer-setup.log" 2>&1
    BENCH_DATABASE_URL="$PG/${peer}_bench" bash "$SHARED/$peer/seed.sh" > "$R/$peer-seed.log" 2>&1
  fi
done

# Ours: one-time codes for the driver's addresses, the tracking sample, a staff login, then
# the snapshot that each repetition starts from.
SECRET_KEY="${SECRET_KEY:-bench-secret-key-0123456789abcdefghijklmnopqrstuvwxyz}"
ours() { env DJANGO_SETTINGS_MODULE=config.settings.local DEBUG=false LOG_LEVEL=WARNING \
  SECRET_KEY="$SECRET_KEY" DATABASE_URL="$PG/bench" "$@"; }
if ! exists bench_seeded; then
  log "preparing our snapshot"
  ours .venv/bin/python bench/load_prepare.py "$R/lookup_sample.csv"
  ours DJANGO_SUPERUSER_PASSWORD=bench-admin-pw .venv/bin/python manage.py createsuperuser \
    --noinput --username admin --email admin@example.com 2>/dev/null || true
  psql "$PG/bench" -qc "VACUUM ANALYZE"
  psql "$PG/postgres" -qc "CREATE DATABASE bench_seeded TEMPLATE bench STRATEGY FILE_COPY"
else  # fresh one-time codes (they expire after six hours) and a new tracking sample
  ours env DATABASE_URL="$PG/bench_seeded" .venv/bin/python bench/load_prepare.py "$R/lookup_sample.csv"
fi
cat > "$R/ours.env" <<EOF
APP_DIR=$ROOT
VENV=$ROOT/.venv
WSGI_APP=config.wsgi:application
DJANGO_SETTINGS_MODULE=config.settings.local
DEBUG=false
LOG_LEVEL=WARNING
SECRET_KEY=$SECRET_KEY
ALLOWED_HOSTS=127.0.0.1,localhost
BENCH_DATABASE_URL=$PG/bench
DATABASE_URL=$PG/bench
CONN_MAX_AGE=60
CACHE_URL=rediscache://127.0.0.1:6379/2
PAGE_CACHE_URL=rediscache://127.0.0.1:6379/2
CELERY_BROKER_URL=redis://127.0.0.1:6379/3
PORTAL_RATE=1000000/h
TICKET_TABLE=complaints_complaint
QUERYCOUNT=0
PORT=8767
BENCH_LOOKUP_SAMPLE=$R/lookup_sample.csv
BENCH_LOOKUP_URL=/track/{key}/
BENCH_LOOKUP_EXPECT=title
BENCH_SUBMIT_PATH=/file/other/
BENCH_SUBMIT_OK_RE=^/receipt/
BENCH_SUBMIT_FIELDS='{"company_name": "演示企业00001有限公司", "occurred_at": "2026-11-01T10:00", "observed": "{body}", "demands": "refund", "complainant_name": "Load {n}", "complainant_phone": "13912345678", "complainant_email": "{email}", "contact_preference": "email", "privacy_consent": "on", "code": "123456", "action": "submit"}'
BENCH_LOGIN_PATH=/admin/login/
BENCH_STAFF_LIST_PATH=/admin/complaints/complaint/
BENCH_STAFF_DATA_RE=
BENCH_STAFF_EXPECT='id="result_list"'
BENCH_ADMIN_PATH='/admin/complaints/complaint/?deadline=overdue'
BENCH_ADMIN_EXPECT='id="result_list"'
EOF

for rep in $(seq "$REPS"); do
  qc=$([ "$rep" = "$REPS" ] && echo 1 || echo 0)
  log "rep $rep: helpdesk"
  BENCH_DATABASE_URL="$PG/helpdesk_bench" REPS=1 REP_START=$rep QUERYCOUNT=$qc OUT="$R/helpdesk" \
    bash "$SHARED/helpdesk/bench.sh" > "$R/helpdesk-$rep.log" 2>&1
  log "rep $rep: ours"
  (set -a; . "$R/ours.env"; set +a; redis-cli -n 2 flushdb > /dev/null
   REPS=1 REP_START=$rep OUT="$R/ours" bash "$SHARED/helpdesk/bench.sh") > "$R/ours-$rep.log" 2>&1
  log "rep $rep: ceiling"
  BENCH_DATABASE_URL="$PG/ceiling_bench" REPS=1 REP_START=$rep OUT="$R/ceiling" \
    bash "$SHARED/ceiling/bench.sh" > "$R/ceiling-$rep.log" 2>&1
done
for who in helpdesk ours ceiling; do echo "## $who"; cat "$R/$who/summary.md"; echo; done | tee "$R/summary.md"
log "results in $R"
