#!/usr/bin/env bash
# A real Medusa 2.21.2 server on 127.0.0.1 for b2bterm's medusa adapter tests (docs/medusa.md).
#
#   scripts/medusa-testbed.sh install   npm packages (skipped when the lockfile is unchanged), a private PostgreSQL 15
#                                       cluster, a migrated and seeded *template* database (skipped when seeded with
#                                       the same seed script)
#   scripts/medusa-testbed.sh start     clone the template if there is no work database, start Medusa, wait for /health
#   scripts/medusa-testbed.sh reset     stop Medusa, drop the work database, clone the template again (<1 s), start
#   scripts/medusa-testbed.sh stop      stop Medusa and PostgreSQL
#   scripts/medusa-testbed.sh status    what runs, on which ports
#   scripts/medusa-testbed.sh env       B2BTERM_MEDUSA_URL, _USER, _PASSWORD, _FACTS lines for `eval` or a test run
#
# Everything lives in ${B2BTERM_MEDUSA_HOME:-$HOME/.cache/b2bterm-medusa} (never in the repo): app/ (node_modules),
# pg/ (the cluster), logs/, state.env (ports), facts.sqlite (what the seed put in, for the contract tests).
# Idempotent, no prompts, loud failures.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
SRC="$REPO/scripts/medusa"
HOME_DIR=${B2BTERM_MEDUSA_HOME:-$HOME/.cache/b2bterm-medusa}
APP="$HOME_DIR/app"
PG=${B2BTERM_MEDUSA_PGHOME:-$HOME_DIR/pg}
LOGS="$HOME_DIR/logs"
STATE="$HOME_DIR/state.env"
PYTHON=${B2BTERM_PYTHON:-$REPO/.venv/bin/python}
[ -x "$PYTHON" ] || PYTHON=python3
ADMIN_EMAIL=${B2BTERM_MEDUSA_USER:-admin@b2bterm.test}
ADMIN_PASSWORD=${B2BTERM_MEDUSA_PASSWORD:-b2bterm-testbed-pw}
TEMPLATE_DB=b2bterm_template
WORK_DB=b2bterm_work
MIGRATED_DB=b2bterm_migrated
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
HEALTH_TIMEOUT=${B2BTERM_MEDUSA_HEALTH_TIMEOUT:-90}

mkdir -p "$HOME_DIR" "$LOGS"
# PostgreSQL runs as the postgres user, which cannot enter a private home such as /root: keep the cluster in the
# postgres user's own home then (still outside the repo, still kept between runs).
if [ -z "${B2BTERM_MEDUSA_PGHOME:-}" ] && ! runuser -u postgres -- test -x "$HOME_DIR" 2>/dev/null; then
  PG=/var/lib/postgresql/b2bterm-medusa-$(echo "$HOME_DIR" | sha256sum | cut -c1-8)
fi
log() { printf '[medusa-testbed %s] %s\n' "$(date +%H:%M:%S)" "$*" | tee -a "$LOGS/testbed.log" >&2; }
die() { log "ERROR: $*"; exit 1; }

as_pg() { runuser -u postgres -- "$@"; }

free_port() {
  "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

load_state() {
  PG_PORT=""; MEDUSA_PORT=""
  # shellcheck disable=SC1090
  [ -f "$STATE" ] && . "$STATE"
  if [ -z "$PG_PORT" ]; then PG_PORT=$(free_port); fi
  if [ -z "$MEDUSA_PORT" ]; then MEDUSA_PORT=$(free_port); fi
  printf 'PG_PORT=%s\nMEDUSA_PORT=%s\n' "$PG_PORT" "$MEDUSA_PORT" >"$STATE"
}

db_url() { echo "postgres://postgres@127.0.0.1:$PG_PORT/$1"; }
medusa_url() { echo "http://127.0.0.1:$MEDUSA_PORT"; }

# --- PostgreSQL ---------------------------------------------------------------------------------------------------

ensure_postgres_installed() {
  if [ ! -x "$PG_BIN/initdb" ]; then
    log "installing PostgreSQL 15 from Debian"
    apt-get update >>"$LOGS/apt.log" 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-15 >>"$LOGS/apt.log" 2>&1
  fi
  [ -x "$PG_BIN/initdb" ] || die "no $PG_BIN/initdb after installing postgresql-15"
  id postgres >/dev/null 2>&1 || die "no postgres user (the postgresql package creates it)"
}

pg_running() { [ -f "$PG/data/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$PG/data" status >/dev/null 2>&1; }

start_postgres() {
  ensure_postgres_installed
  mkdir -p "$PG/run"
  chown postgres:postgres "$PG" "$PG/run"
  touch "$PG/postgres.log" && chown postgres:postgres "$PG/postgres.log"
  if [ ! -f "$PG/data/PG_VERSION" ]; then
    log "initdb a private cluster in $PG/data"
    as_pg "$PG_BIN/initdb" -D "$PG/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >>"$LOGS/initdb.log" 2>&1 \
      || die "initdb failed (see $LOGS/initdb.log)"
  fi
  if ! pg_running; then
    log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    as_pg "$PG_BIN/pg_ctl" -D "$PG/data" -l "$PG/postgres.log" -w -t 60 \
      -o "-p $PG_PORT -k $PG/run -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off" start \
      >>"$LOGS/testbed.log" 2>&1 || die "PostgreSQL did not start (see $PG/postgres.log)"
  fi
}

stop_postgres() {
  if pg_running; then
    log "stopping PostgreSQL"
    as_pg "$PG_BIN/pg_ctl" -D "$PG/data" -m fast -w stop >>"$LOGS/testbed.log" 2>&1
  fi
}

psql_q() { as_pg psql -h "$PG/run" -p "$PG_PORT" -U postgres -d postgres -tAc "$1"; }
db_exists() { [ "$(psql_q "SELECT 1 FROM pg_database WHERE datname = '$1'")" = "1" ]; }

# --- npm ----------------------------------------------------------------------------------------------------------

install_npm() {
  command -v node >/dev/null || die "node is missing (Medusa needs Node ^20.19 or >= 22.12)"
  mkdir -p "$APP"
  local want have=""
  want=$(cat "$SRC/package.json" "$SRC/package-lock.json" | sha256sum | cut -d' ' -f1)
  [ -f "$APP/.installed" ] && have=$(cat "$APP/.installed")
  cp "$SRC/medusa-config.ts" "$SRC/tsconfig.json" "$APP/"
  if [ "$want" = "$have" ] && [ -x "$APP/node_modules/.bin/medusa" ]; then
    log "npm packages up to date"
    return
  fi
  cp "$SRC/package.json" "$SRC/package-lock.json" "$APP/"
  # npm install (not npm ci) with the committed lockfile: npm ci refuses this lockfile for want of other platforms'
  # optional msgpackr-extract binaries (an npm quirk); npm install keeps the locked versions all the same
  log "npm install (Medusa 2.21.2, about 750 MB; log in $LOGS/npm.log)"
  (cd "$APP" && npm install --no-audit --no-fund >>"$LOGS/npm.log" 2>&1) || die "npm install failed (see $LOGS/npm.log)"
  echo "$want" >"$APP/.installed"
}

# --- Medusa -------------------------------------------------------------------------------------------------------

medusa_pid() {
  local pid
  [ -f "$HOME_DIR/medusa.pid" ] || return 1
  pid=$(cat "$HOME_DIR/medusa.pid")
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

medusa_cli() { # medusa_cli DB args...
  local db=$1; shift
  (cd "$APP" && DATABASE_URL=$(db_url "$db") MEDUSA_DISABLE_TELEMETRY=true node_modules/.bin/medusa "$@")
}

start_medusa() { # start_medusa DB
  local db=$1 pid
  if pid=$(medusa_pid); then
    log "Medusa already running (pid $pid) at $(medusa_url)"
    return
  fi
  log "starting Medusa on $(medusa_url) with database $db"
  (
    cd "$APP"
    DATABASE_URL=$(db_url "$db") MEDUSA_DISABLE_TELEMETRY=true NODE_ENV=production \
      exec node_modules/.bin/medusa start -H 127.0.0.1 -p "$MEDUSA_PORT" >>"$LOGS/medusa.log" 2>&1
  ) &
  echo $! >"$HOME_DIR/medusa.pid"
  local deadline=$((SECONDS + HEALTH_TIMEOUT))
  until "$PYTHON" - "$(medusa_url)/health" <<'EOF'
import sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1], timeout=2) as r:
        sys.exit(0 if r.status == 200 else 1)
except Exception:
    sys.exit(1)
EOF
  do
    medusa_pid >/dev/null || die "Medusa exited while starting (see $LOGS/medusa.log)"
    [ $SECONDS -lt $deadline ] || die "Medusa did not answer /health within ${HEALTH_TIMEOUT}s (see $LOGS/medusa.log)"
    sleep 0.25 # poll interval; the bound is the deadline above
  done
  log "Medusa healthy (pid $(cat "$HOME_DIR/medusa.pid"))"
}

stop_medusa() {
  local pid
  if pid=$(medusa_pid); then
    log "stopping Medusa (pid $pid)"
    kill -TERM "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  rm -f "$HOME_DIR/medusa.pid"
}

seed_hash() { cat "$SRC"/seed*.py "$SRC/package-lock.json" "$0" | sha256sum | cut -d' ' -f1; }

migrate_base() { # an empty, migrated database with the staff user: the seed's starting point
  local want have=""
  want=$(cat "$SRC/package-lock.json" | sha256sum | cut -d' ' -f1)
  [ -f "$HOME_DIR/migrated.done" ] && have=$(cat "$HOME_DIR/migrated.done")
  if [ "$want" = "$have" ] && db_exists "$MIGRATED_DB"; then
    return
  fi
  rm -f "$HOME_DIR/migrated.done"
  db_exists "$MIGRATED_DB" && as_pg dropdb -h "$PG/run" -p "$PG_PORT" "$MIGRATED_DB"
  as_pg createdb -h "$PG/run" -p "$PG_PORT" "$MIGRATED_DB"
  local t0=$SECONDS
  log "migrating $MIGRATED_DB (log in $LOGS/migrate.log)"
  medusa_cli "$MIGRATED_DB" db:migrate >>"$LOGS/migrate.log" 2>&1 || die "medusa db:migrate failed (see $LOGS/migrate.log)"
  medusa_cli "$MIGRATED_DB" user -e "$ADMIN_EMAIL" -p "$ADMIN_PASSWORD" >>"$LOGS/migrate.log" 2>&1 \
    || die "medusa user failed (see $LOGS/migrate.log)"
  log "migrated in $((SECONDS - t0)) s"
  echo "$want" >"$HOME_DIR/migrated.done"
}

build_template() {
  local want have=""
  want=$(seed_hash)
  [ -f "$HOME_DIR/template.seeded" ] && have=$(cat "$HOME_DIR/template.seeded")
  if [ "$want" = "$have" ] && db_exists "$TEMPLATE_DB" && [ -f "$HOME_DIR/facts.sqlite" ]; then
    log "template database is seeded and current"
    return
  fi
  stop_medusa
  rm -f "$HOME_DIR/template.seeded"
  db_exists "$WORK_DB" && as_pg dropdb -h "$PG/run" -p "$PG_PORT" "$WORK_DB"
  db_exists "$TEMPLATE_DB" && as_pg dropdb -h "$PG/run" -p "$PG_PORT" "$TEMPLATE_DB"
  migrate_base
  as_pg createdb -h "$PG/run" -p "$PG_PORT" -T "$MIGRATED_DB" "$TEMPLATE_DB"
  start_medusa "$TEMPLATE_DB"
  local t0=$SECONDS
  log "seeding through the Admin API (log in $LOGS/seed.log)"
  PYTHONPATH="$REPO" "$PYTHON" "$SRC/seed.py" --url "$(medusa_url)" --user "$ADMIN_EMAIL" \
    --password-env B2BTERM_MEDUSA_PASSWORD --facts "$HOME_DIR/facts.sqlite" \
    >>"$LOGS/seed.log" 2>&1 <&- || { stop_medusa; die "seeding failed (see $LOGS/seed.log)"; }
  log "seeded in $((SECONDS - t0)) s"
  stop_medusa # a template cannot be cloned while Medusa holds connections to it
  echo "$want" >"$HOME_DIR/template.seeded"
}

clone_work_db() {
  stop_medusa
  db_exists "$WORK_DB" && as_pg dropdb -h "$PG/run" -p "$PG_PORT" "$WORK_DB"
  as_pg createdb -h "$PG/run" -p "$PG_PORT" -T "$TEMPLATE_DB" "$WORK_DB"
  log "cloned $TEMPLATE_DB into $WORK_DB"
}

cmd_install() {
  load_state
  install_npm
  start_postgres
  build_template
}

cmd_start() {
  load_state
  [ -f "$HOME_DIR/template.seeded" ] || cmd_install
  start_postgres
  db_exists "$WORK_DB" || clone_work_db
  start_medusa "$WORK_DB"
}

cmd_reset() {
  load_state
  start_postgres
  clone_work_db
  start_medusa "$WORK_DB"
}

cmd_stop() {
  load_state
  stop_medusa
  stop_postgres
}

cmd_status() {
  load_state
  if pg_running; then echo "postgres: running on 127.0.0.1:$PG_PORT"; else echo "postgres: stopped"; fi
  if pid=$(medusa_pid); then echo "medusa: running (pid $pid) at $(medusa_url)"; else echo "medusa: stopped"; fi
  [ -f "$HOME_DIR/template.seeded" ] && echo "template: seeded" || echo "template: not seeded"
  echo "home: $HOME_DIR (cluster in $PG)"
}

cmd_env() {
  load_state
  echo "B2BTERM_MEDUSA_URL=$(medusa_url)"
  echo "B2BTERM_MEDUSA_USER=$ADMIN_EMAIL"
  echo "B2BTERM_MEDUSA_PASSWORD=$ADMIN_PASSWORD"
  echo "B2BTERM_MEDUSA_FACTS=$HOME_DIR/facts.sqlite"
}

export B2BTERM_MEDUSA_PASSWORD=$ADMIN_PASSWORD
case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start ;;
  reset) cmd_reset ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) cmd_env ;;
  *) echo "usage: $0 install|start|stop|reset|status|env" >&2; exit 2 ;;
esac
