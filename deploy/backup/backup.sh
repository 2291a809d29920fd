#!/bin/sh
# The backup service of deploy/docker-compose.yml. Every day at BACKUP_AT (the
# container's TZ), tools/backup.py writes the database SURAT_DB and its
# filestore, together, into BACKUP_DIR/SURAT_DB-YYYYmmdd-HHMMSS.tar. After a
# good backup, archives older than BACKUP_KEEP_DAYS days are deleted; a failed
# one leaves BACKUP_DIR/FAILED (the service's health check) and deletes nothing.
#   SURAT_DB (required)  BACKUP_DIR [/backups]  BACKUP_AT [01:30]
#   BACKUP_KEEP_DAYS [30]  DATA_DIR [/var/lib/odoo]  PYTHON [python3]
#   BACKUP_ONCE=1  one backup now (and the retention), then exit
#   PostgreSQL: the libpq variables; PGPASSWORD_FILE names a file (Docker secret)
set -eu
TOOLS="$(cd "$(dirname "$0")/../../tools" && pwd)"
DB="${SURAT_DB:?set SURAT_DB}"
BACKUP_DIR="${BACKUP_DIR:-/backups}"
BACKUP_AT="${BACKUP_AT:-01:30}"
KEEP="${BACKUP_KEEP_DAYS:-30}"
DATA_DIR="${DATA_DIR:-/var/lib/odoo}"
PYTHON="${PYTHON:-python3}"
if [ -n "${PGPASSWORD_FILE:-}" ]; then
    PGPASSWORD="$(cat "$PGPASSWORD_FILE")"
    export PGPASSWORD
fi
mkdir -p "$BACKUP_DIR"

backup_once() {
    archive="$BACKUP_DIR/$DB-$(date +%Y%m%d-%H%M%S).tar"
    if "$PYTHON" "$TOOLS/backup.py" --data-dir "$DATA_DIR" backup "$DB" "$archive"; then
        rm -f "$BACKUP_DIR/FAILED"
        find "$BACKUP_DIR" -maxdepth 1 -type f -name "$DB-*.tar" -mtime +"$KEEP" \
            -exec echo "backup.sh: retention: deleting" {} \; -delete
        return 0
    fi
    echo "backup.sh: BACKUP OF $DB FAILED at $(date)" >&2
    date > "$BACKUP_DIR/FAILED"
    return 1
}

if [ -n "${BACKUP_ONCE:-}" ]; then
    backup_once
    exit
fi
trap 'exit 0' TERM INT
while :; do
    now="$(date +%s)"
    next="$(date -d "$BACKUP_AT" +%s)"
    [ "$next" -gt "$now" ] || next="$(date -d "tomorrow $BACKUP_AT" +%s)"
    echo "backup.sh: next backup of $DB at $(date -d "@$next")"
    sleep $((next - now)) &
    wait $! || true
    backup_once || true
done
