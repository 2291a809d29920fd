#!/usr/bin/env bash
# `make test`: fresh databases, clean install logs, addon tests (pytest-odoo,
# HttpCase tours in headless Chromium), black-box tests (tests/), and one
# closing line `N passed, N failed[, N skipped]` computed from the junit
# reports. Exits non-zero when anything failed or no test ran.
#
# Stages (STAGES, default all five, in this order):
#   install-nodemo  drop + create $INSTALL_DB, install the addon without demo
#                   data; any WARNING/ERROR in the log fails
#   install-demo    drop + create $TEST_DB, install the addon with demo data
#                   and id_ID; any WARNING/ERROR in the log fails
#   update          (not in the default list; `make test-fast`) update the addon
#                   in the existing $TEST_DB, or install it when missing
#   addon           pytest-odoo on $ADDON_TESTS against $TEST_DB, --odoo-http
#   blackbox        pytest on $BLACKBOX_TESTS (a real server on $TEST_DB; a copy of it,
#                   $TEST_DB_B, for the second server of the two-server delivery test)
#   odoo-mail       drop $MAIL_DB, install surat_menyurat (2FA off), then Odoo's test_mail
#                   without demo data and run test_mail's own tests: the
#                   addon's mail overrides must not break Odoo's mail
# e.g. STAGES="addon" to rerun only the addon tests against the existing DB.
#
# Settings (environment; defaults in brackets):
#   ODOO_SRC [/opt/odoo]   ODOO_BIN [$ODOO_SRC/odoo-bin]
#   ODOO_ADDONS_DIR [$ODOO_SRC/addons]   SURAT_ADDONS_DIR [repo root]
#   ODOO_CONF [repo/odoo.conf]   VENV [repo/.venv]   SURAT_NO_VENV [unset: use
#   the venv; 1: use the system python3, as in the Docker image]
#   TEST_DB [surat_test]   INSTALL_DB [surat_test_nodemo]   LOG_DIR [repo/logs]
#   MAIL_DB [surat_test_mail]
#   ADDON_TESTS [$SURAT_ADDONS_DIR/surat_menyurat/tests]
#   BLACKBOX_TESTS [repo/tests]   PYTEST_ARGS [none; passed to both pytest runs]
#   PostgreSQL: standard libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
export ODOO_SRC="${ODOO_SRC:-/opt/odoo}"
export ODOO_BIN="${ODOO_BIN:-$ODOO_SRC/odoo-bin}"
ODOO_ADDONS_DIR="${ODOO_ADDONS_DIR:-$ODOO_SRC/addons}"
export SURAT_ADDONS_DIR="${SURAT_ADDONS_DIR:-$ROOT}"
export ODOO_CONF="${ODOO_CONF:-$ROOT/odoo.conf}"
export VENV="${VENV:-$ROOT/.venv}"
export TEST_DB="${TEST_DB:-surat_test}"
INSTALL_DB="${INSTALL_DB:-surat_test_nodemo}"
MAIL_DB="${MAIL_DB:-surat_test_mail}"
export LOG_DIR="${LOG_DIR:-$ROOT/logs}"
ADDON_TESTS="${ADDON_TESTS:-$SURAT_ADDONS_DIR/surat_menyurat/tests}"
BLACKBOX_TESTS="${BLACKBOX_TESTS:-$ROOT/tests}"
STAGES="${STAGES:-install-nodemo install-demo addon blackbox odoo-mail}"
read -r -a PYTEST_EXTRA <<< "${PYTEST_ARGS:-}"
export ODOO_ADDONS_PATH="$SURAT_ADDONS_DIR,$ODOO_ADDONS_DIR"

bash "$ROOT/tools/check_prereqs.sh" test
if [ -n "${SURAT_NO_VENV:-}" ]; then
    PY=python3
else
    bash "$ROOT/tools/bootstrap.sh"
    PY="$VENV/bin/python"
fi
mkdir -p "$LOG_DIR"
rm -f "$LOG_DIR"/junit-*.xml

# Debian's wkhtmltopdf lacks patched Qt and warns on every report header.
log_opts=()
wkhtmltopdf --version 2>/dev/null | grep -qi "patched qt" || log_opts+=(--allow-unpatched-qt)

stage_start=0
timings=()   # "stage: N s", printed with the summary
stage_name=""
stage() { stage_start=$SECONDS; stage_name="${1%%:*}"; stage_name="${stage_name%%,*}"; echo "==> $*"; }
stage_done() {
    echo "    $1 ($((SECONDS - stage_start)) s)"
    timings+=("$stage_name: $((SECONDS - stage_start)) s")
}

install_cases=""   # junit <testcase> elements of the install checks
# install DB_NAME LABEL [odoo options...]: fresh DB, install, check the log.
install() {
    local db="$1" label="$2"; shift 2
    local log="$LOG_DIR/install-$label.log" rc=0
    stage "install surat_menyurat ($label) into a fresh database '$db', log $log"
    if psql -X -q -A -t -c "select 1 from pg_database where datname = '$db'" postgres | grep -q 1; then
        # drops the database and its filestore
        "$PY" "$ODOO_BIN" db -c "$ODOO_CONF" drop "$db" > "$LOG_DIR/drop-$db.log" 2>&1
    fi
    rm -f "$log"
    "$PY" "$ODOO_BIN" -c "$ODOO_CONF" --addons-path="$ODOO_ADDONS_PATH" -d "$db" \
        -i surat_menyurat --stop-after-init --max-cron-threads=0 \
        --logfile="$log" "$@" || rc=$?
    local msg=""
    if [ "$rc" != 0 ]; then
        msg="odoo-bin exited with $rc"
        echo "    $msg"
    fi
    if ! "$PY" "$ROOT/tools/check_log.py" "$log" "${log_opts[@]}"; then
        msg="${msg:+$msg; }WARNING/ERROR records in $log"
    fi
    if [ -z "$msg" ] && ! psql -X -q -A -t -c "select state from ir_module_module where name = 'surat_menyurat'" "$db" | grep -qx installed; then
        msg="surat_menyurat is not installed in $db"
    fi
    local case="<testcase classname=\"install\" name=\"install_$label\" time=\"$((SECONDS - stage_start))\""
    if [ -n "$msg" ]; then
        install_cases+="$case><failure message=\"$msg\"/></testcase>"
        stage_done "FAILED: $msg"
        return 1
    fi
    install_cases+="$case/>"
    stage_done "ok"
}

# drop_db DB_NAME: drop a database and its filestore if it exists.
drop_db() {
    if psql -X -q -A -t -c "select 1 from pg_database where datname = '$1'" postgres | grep -q 1; then
        "$PY" "$ODOO_BIN" db -c "$ODOO_CONF" drop "$1" > "$LOG_DIR/drop-$1.log" 2>&1
    fi
}

# odoo_mail_tests: Odoo's own test_mail with the addon installed, in $MAIL_DB;
# one junit testcase from the log's closing "N failed, N error(s) of N tests".
odoo_mail_tests() {
    local log="$LOG_DIR/test-mail.log" rc=0 msg=""
    stage "Odoo's test_mail with surat_menyurat installed, fresh database '$MAIL_DB', log $log"
    drop_db "$MAIL_DB"
    # Odoo's own tests log in as admin with a password: the addon's two-factor login
    # for key roles (on by default, tested in test_mfa.py) is switched off first
    "$PY" "$ODOO_BIN" -c "$ODOO_CONF" --addons-path="$ODOO_ADDONS_PATH" -d "$MAIL_DB" \
        -i surat_menyurat --stop-after-init --without-demo=all > "$log" 2>&1 || rc=$?
    # (on the agency, and as the default of the companies those tests create)
    psql -X -q -c "UPDATE res_company SET surat_mfa_required = false;
        INSERT INTO ir_default (field_id, json_value)
        SELECT id, 'false' FROM ir_model_fields
         WHERE model = 'res.company' AND name = 'surat_mfa_required'" \
        "$MAIL_DB" >> "$log" 2>&1 || rc=$?
    "$PY" "$ODOO_BIN" -c "$ODOO_CONF" --addons-path="$ODOO_ADDONS_PATH" -d "$MAIL_DB" \
        -i test_mail --test-tags /test_mail --stop-after-init \
        --without-demo=all >> "$log" 2>&1 || rc=$?
    local result
    result="$(grep -oE '[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests' "$log" | tail -n 1 || true)"
    if [ -z "$result" ]; then
        msg="no test result in $log (odoo-bin exited with $rc)"
    elif ! [[ "$result" =~ ^0\ failed,\ 0\ error ]]; then
        msg="$result"
    elif [ "$rc" != 0 ]; then
        msg="$result, but odoo-bin exited with $rc"
    fi
    local case="<testcase classname=\"odoo\" name=\"test_mail\" time=\"$((SECONDS - stage_start))\""
    if [ -n "$msg" ]; then
        case+="><failure message=\"$msg\"/></testcase>"
    else
        case+="/>"
    fi
    printf '<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="odoo-mail">%s</testsuite></testsuites>\n' \
        "$case" > "$LOG_DIR/junit-mail.xml"
    stage_done "${msg:-ok: $result}"
}

write_install_junit() {
    [ -n "$install_cases" ] || return 0
    printf '<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="install">%s</testsuite></testsuites>\n' \
        "$install_cases" > "$LOG_DIR/junit-install.xml"
}

reports=()
db_ready=1
for s in $STAGES; do
    case "$s" in
    install-nodemo)
        install "$INSTALL_DB" nodemo --without-demo=all --load-language=id_ID || true
        reports+=("$LOG_DIR/junit-install.xml") ;;
    install-demo)
        install "$TEST_DB" demo --load-language=id_ID || db_ready=0
        reports+=("$LOG_DIR/junit-install.xml") ;;
    update)
        # the edit loop: update the existing $TEST_DB (install it when missing)
        if psql -X -q -A -t -c "select 1 from pg_database where datname = '$TEST_DB'" postgres | grep -q 1; then
            stage "update surat_menyurat in '$TEST_DB', log $LOG_DIR/update.log"
            rc=0
            "$PY" "$ODOO_BIN" -c "$ODOO_CONF" --addons-path="$ODOO_ADDONS_PATH" -d "$TEST_DB" \
                -u surat_menyurat --stop-after-init --max-cron-threads=0 \
                --logfile="$LOG_DIR/update.log" || rc=$?
            [ "$rc" = 0 ] || db_ready=0
            stage_done "odoo-bin exit code $rc"
        else
            install "$TEST_DB" demo --load-language=id_ID || db_ready=0
            reports+=("$LOG_DIR/junit-install.xml")
        fi ;;
    addon)
        reports+=("$LOG_DIR/junit-addon.xml")
        [ "$db_ready" = 1 ] || { echo "==> addon tests skipped: $TEST_DB did not install"; continue; }
        stage "addon tests (pytest-odoo) on $TEST_DB: $ADDON_TESTS"
        rc=0
        "$PY" -m pytest -p no:cacheprovider --odoo-database="$TEST_DB" \
            --odoo-config="$ODOO_CONF" --odoo-addons-path="$ODOO_ADDONS_PATH" \
            --odoo-http --junitxml="$LOG_DIR/junit-addon.xml" \
            "${PYTEST_EXTRA[@]}" "$ADDON_TESTS" || rc=$?
        stage_done "pytest exit code $rc" ;;
    blackbox)
        reports+=("$LOG_DIR/junit-blackbox.xml")
        [ "$db_ready" = 1 ] || { echo "==> black-box tests skipped: $TEST_DB did not install"; continue; }
        stage "black-box tests against a real Odoo server on $TEST_DB: $BLACKBOX_TESTS"
        rc=0
        # the second agency's server of tests/test_delivery_remote.py: a copy of $TEST_DB
        # (database and filestore, new database uuid), taken while no server runs
        export TEST_DB_B="${TEST_DB_B:-${TEST_DB}_b}"
        "$PY" "$ODOO_BIN" db -c "$ODOO_CONF" --addons-path="$ODOO_ADDONS_PATH" \
            duplicate -f "$TEST_DB" "$TEST_DB_B" > "$LOG_DIR/duplicate-$TEST_DB_B.log" 2>&1 || rc=$?
        "$PY" -m pytest -p no:cacheprovider -p no:odoo \
            --junitxml="$LOG_DIR/junit-blackbox.xml" \
            "${PYTEST_EXTRA[@]}" "$BLACKBOX_TESTS" || rc=$?
        stage_done "pytest exit code $rc" ;;
    odoo-mail)
        reports+=("$LOG_DIR/junit-mail.xml")
        odoo_mail_tests ;;
    *)
        echo "Unknown stage '$s' in STAGES (known: install-nodemo install-demo update addon blackbox odoo-mail)" >&2
        exit 2 ;;
    esac
done
write_install_junit

echo "==> time per suite"
for t in "${timings[@]}"; do echo "    $t"; done
echo "==> summary (junit reports in $LOG_DIR)"
# shellcheck disable=SC2207
reports=($(printf '%s\n' "${reports[@]}" | awk '!seen[$0]++'))
exec "$PY" "$ROOT/tools/junit_summary.py" "${reports[@]}"
