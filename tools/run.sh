#!/usr/bin/env bash
# `make run`: start Odoo on http://localhost:$HTTP_PORT with the database
# $DEMO_DB. On first run the database is created with demo data, Indonesian
# (id_ID) loaded and surat_menyurat installed; later runs reuse it.
#   ODOO_SRC [/opt/odoo]  VENV [repo/.venv]  SURAT_ADDONS_DIR [repo root]
#   DEMO_DB [surat_demo]  HTTP_PORT [8069]
#   UPDATE=1  also update the addon (-u surat_menyurat) after code changes
#   WORKERS=N multi-process, as in production: tools/serve.py with
#             deploy/odoo.conf (N workers, gevent on GEVENT_PORT [8072] for
#             /websocket, proxy_mode, the limits); unset: one threaded process
#   PostgreSQL: standard libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
export ODOO_SRC="${ODOO_SRC:-/opt/odoo}"
export VENV="${VENV:-$ROOT/.venv}"
SURAT_ADDONS_DIR="${SURAT_ADDONS_DIR:-$ROOT}"
DEMO_DB="${DEMO_DB:-surat_demo}"
HTTP_PORT="${HTTP_PORT:-8069}"

bash "$ROOT/tools/check_prereqs.sh" run
bash "$ROOT/tools/bootstrap.sh"

state="$(psql -X -q -A -t -c "select state from ir_module_module where name = 'surat_menyurat'" "$DEMO_DB" 2>/dev/null || true)"
args=()
if [ "$state" != installed ]; then
    echo "First run: creating database '$DEMO_DB' with demo data, id_ID and surat_menyurat (a few minutes)..."
    args+=(-i surat_menyurat --load-language=id_ID)
elif [ -n "${UPDATE:-}" ]; then
    args+=(-u surat_menyurat)
fi
echo "Odoo will answer on http://localhost:$HTTP_PORT (log in as admin/admin; Ctrl-C stops it)."
if [ -n "${WORKERS:-}" ]; then
    if [ "$state" != installed ]; then
        # created the usual way first: deploy/odoo.conf never loads demo data
        "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ROOT/odoo.conf" \
            --addons-path="$SURAT_ADDONS_DIR,$ODOO_SRC/addons" \
            -d "$DEMO_DB" "${args[@]}" --stop-after-init
        args=()
    fi
    export ODOO_ADDONS_PATH="$SURAT_ADDONS_DIR,$ODOO_SRC/addons"
    exec "$VENV/bin/python" "$ROOT/tools/serve.py" --local-conf="$ROOT/odoo.conf" \
        --db="$DEMO_DB" --workers="$WORKERS" --http-port="$HTTP_PORT" \
        --gevent-port="${GEVENT_PORT:-8072}" -- "${args[@]}"
fi
exec "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ROOT/odoo.conf" \
    --addons-path="$SURAT_ADDONS_DIR,$ODOO_SRC/addons" \
    -d "$DEMO_DB" --db-filter="^$DEMO_DB\$" --http-port="$HTTP_PORT" \
    "${args[@]}"
