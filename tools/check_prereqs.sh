#!/usr/bin/env bash
# Check what `make run` (mode "run") or `make test` (mode "test") needs.
# Each missing prerequisite is reported in ONE line saying how to fix it;
# all of them are reported, then the script exits 1. Never a traceback.
#   ODOO_SRC  Odoo 18.0 source tree (default /opt/odoo)
#   ODOO_BIN  Odoo launcher (default $ODOO_SRC/odoo-bin; /usr/bin/odoo in Docker)
#   PostgreSQL: standard libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD)
set -uo pipefail
mode="${1:-test}"
ODOO_SRC="${ODOO_SRC:-/opt/odoo}"
ODOO_BIN="${ODOO_BIN:-$ODOO_SRC/odoo-bin}"
failed=0
missing() { echo "MISSING: $*" >&2; failed=1; }

# Odoo 18.0
if [ ! -f "$ODOO_BIN" ]; then
    missing "Odoo 18.0 source not found at ODOO_SRC=$ODOO_SRC: run 'git clone --depth 1 -b 18.0 https://github.com/odoo/odoo $ODOO_SRC' or set ODOO_SRC=/path/to/odoo."
elif [ -f "$ODOO_SRC/odoo/release.py" ] && ! grep -q "^version_info = (18, 0" "$ODOO_SRC/odoo/release.py"; then
    missing "ODOO_SRC=$ODOO_SRC is not Odoo 18.0 ($(grep -m1 '^version_info' "$ODOO_SRC/odoo/release.py")): point ODOO_SRC at an 18.0 checkout."
fi

# PostgreSQL, reached through libpq's defaults (Unix socket unless PGHOST is set)
me="${PGUSER:-$(id -un)}"
if ! command -v psql >/dev/null 2>&1; then
    missing "psql not found: apt-get install -y postgresql (server) or postgresql-client (remote server via PGHOST)."
else
    err="$(psql -X -q -A -t -c 'select 1' postgres 2>&1 >/dev/null)"
    if [ -n "$err" ]; then
        err="$(echo "$err" | head -n1)"
        case "$err" in
        *"role \""*"\" does not exist"*)
            missing "PostgreSQL has no role '$me': run: su postgres -c \"createuser -s $me\" (or set PGUSER)." ;;
        *"No such file or directory"* | *"Connection refused"* | *"could not connect"*)
            missing "PostgreSQL is not reachable${PGHOST:+ at PGHOST=$PGHOST}: start it (pg_ctlcluster 15 main start, or: service postgresql start) or set PGHOST/PGPORT. ($err)" ;;
        *)
            missing "PostgreSQL refused 'psql -c \"select 1\" postgres' as '$me': $err" ;;
        esac
    elif [ "$(psql -X -q -A -t -c "select rolsuper or rolcreatedb from pg_roles where rolname = current_user" postgres 2>/dev/null)" != "t" ]; then
        missing "PostgreSQL role '$me' may not create databases: run: su postgres -c \"psql -c 'alter role \\\"$me\\\" createdb'\"."
    fi
fi

# wkhtmltopdf renders the PDF reports.
command -v wkhtmltopdf >/dev/null 2>&1 ||
    missing "wkhtmltopdf not found (PDF reports): apt-get install -y wkhtmltopdf."

if [ "$mode" = test ]; then
    # Same lookup as Odoo's HttpCase (odoo/tests/common.py).
    found=""
    for b in google-chrome chromium chromium-browser google-chrome-stable; do
        command -v "$b" >/dev/null 2>&1 && found="$b" && break
    done
    [ -n "$found" ] ||
        missing "Chromium not found (HttpCase tours run in headless Chromium): apt-get install -y chromium."
    # tests/test_deploy.py validates the production compose file and runs its proxy
    command -v docker-compose >/dev/null 2>&1 ||
        missing "docker-compose not found (validates deploy/docker-compose.yml): apt-get install -y docker-compose."
    { command -v nginx || [ -x /usr/sbin/nginx ]; } >/dev/null 2>&1 ||
        missing "nginx not found (tests/test_deploy.py runs the production proxy): apt-get install -y nginx."
fi

exit "$failed"
