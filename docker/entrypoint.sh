#!/bin/bash
# Entrypoint of the surat_menyurat image: a wrapper around the official
# image's /entrypoint.sh. On the first start (database $SURAT_DEMO_DB missing,
# or surat_menyurat not installed in it) it creates the database with demo
# data, Indonesian (id_ID) and the addon, then starts Odoo as usual.
set -euo pipefail
DB="${SURAT_DEMO_DB:-surat_demo}"
# The official entrypoint reads HOST/PORT/USER/PASSWORD; psql reads PG*.
export PGHOST="${HOST:-db}" PGPORT="${PORT:-5432}"
export PGUSER="${USER:-odoo}" PGPASSWORD="${PASSWORD:-odoo}"

if [ "${1:-odoo}" = odoo ]; then
    for _ in $(seq 60); do
        pg_isready -q && break
        sleep 1
    done
    state="$(psql -X -q -A -t -c "select state from ir_module_module where name = 'surat_menyurat'" "$DB" 2>/dev/null || true)"
    if [ "$state" != installed ]; then
        echo "First start: creating database '$DB' with demo data, id_ID and surat_menyurat..."
        /entrypoint.sh odoo --database="$DB" --init=surat_menyurat \
            --load-language=id_ID --max-cron-threads=0 --stop-after-init
        # wkhtmltopdf fetches the report assets from inside the container.
        echo "env['ir.config_parameter'].set_param('report.url', 'http://localhost:8069'); env.cr.commit()" |
            /entrypoint.sh odoo shell --database="$DB" --no-http > /dev/null
        echo "Database '$DB' ready."
    fi
fi
exec /entrypoint.sh "$@"
