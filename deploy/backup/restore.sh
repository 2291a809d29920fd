#!/bin/sh
# The restore service of deploy/docker-compose.yml:
#   docker-compose run --rm restore /backups/ARCHIVE.tar NEWDB
# tools/backup.py restores the archive into a NEW database and its filestore
# (checked before and after, see docs/backup.md), then the files are given to
# the owner of the data directory (Odoo's user), since this runs as root.
set -eu
[ $# -eq 2 ] || { echo "usage: restore ARCHIVE.tar NEWDB" >&2; exit 2; }
TOOLS="$(cd "$(dirname "$0")/../../tools" && pwd)"
DATA_DIR="${DATA_DIR:-/var/lib/odoo}"
if [ -n "${PGPASSWORD_FILE:-}" ]; then
    PGPASSWORD="$(cat "$PGPASSWORD_FILE")"
    export PGPASSWORD
fi
"${PYTHON:-python3}" "$TOOLS/backup.py" --data-dir "$DATA_DIR" restore "$1" "$2"
chown -R "$(stat -c %u:%g "$DATA_DIR")" "$DATA_DIR/filestore"
