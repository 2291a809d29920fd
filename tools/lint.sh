#!/usr/bin/env bash
# `make lint`: ruff check, ruff format --check, pylint-odoo with the OCA
# mandatory checks (.pylintrc), XML well-formedness. Offline, from the venv.
# Runs every check, then exits 1 if any failed.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
export VENV="${VENV:-$ROOT/.venv}"
bash "$ROOT/tools/bootstrap.sh" || exit 1
BIN="$VENV/bin"

py_dirs=()
for d in surat_menyurat tests tools bench; do [ -d "$d" ] && py_dirs+=("$d"); done
failed=()
run() {
    local name="$1"; shift
    echo "==> $name"
    if "$@"; then echo "    ok"; else echo "    FAILED: $name"; failed+=("$name"); fi
}

run "ruff check" "$BIN/ruff" check "${py_dirs[@]}"
run "ruff format --check" "$BIN/ruff" format --check "${py_dirs[@]}"
if [ -d surat_menyurat ]; then
    run "pylint-odoo (OCA mandatory checks)" "$BIN/pylint" --rcfile=.pylintrc surat_menyurat
fi
run "XML well-formedness" "$BIN/python" tools/check_xml.py
# Every string of the exported .pot translated in id.po (re-export the .pot with
# `.venv/bin/python tools/i18n.py export <db>` after changing strings).
run "Indonesian translation complete" "$BIN/python" tools/i18n.py check
run "shell syntax" bash -c 'for f in tools/*.sh .ci/run docker/*.sh deploy/*/*.sh; do [ -f "$f" ] && { bash -n "$f" || exit 1; }; done; exit 0'

if [ ${#failed[@]} -gt 0 ]; then
    echo "make lint: FAILED: $(IFS=,; echo "${failed[*]}" | sed 's/,/, /g')"
    exit 1
fi
echo "make lint: all checks passed"
