#!/usr/bin/env bash
# Create (or reuse) the project's virtualenv with Odoo's requirements and ours.
# Every missing prerequisite is reported in one line that says how to fix it.
#   ODOO_SRC  Odoo 18.0 source tree (default /opt/odoo)
#   VENV      virtualenv directory (default <repo>/.venv)
#   PYTHON    interpreter used to create it (default python3.11)
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
ODOO_SRC="${ODOO_SRC:-/opt/odoo}"
VENV="${VENV:-$HERE/.venv}"
PYTHON="${PYTHON:-python3.11}"

die() { echo "ERROR: $*" >&2; exit 1; }

[ -f "$ODOO_SRC/odoo-bin" ] || die "Odoo 18.0 source not found at ODOO_SRC=$ODOO_SRC: run 'git clone --depth 1 -b 18.0 https://github.com/odoo/odoo $ODOO_SRC' or set ODOO_SRC."
ODOO_SRC="$(cd "$ODOO_SRC" && pwd)"

# Make `import odoo` work in the venv (pytest-odoo imports it at start-up).
# Rewritten on every call, so a changed ODOO_SRC is picked up at once.
write_pth() {
    local site
    site="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
    echo "$ODOO_SRC" > "$site/odoo-src.pth"
}

stamp="$VENV/.surat-requirements"
want="$(cat "$ODOO_SRC/requirements.txt" "$HERE/requirements.txt" "$HERE/requirements-lint.txt" | sha256sum | cut -c1-16)"
if [ -x "$VENV/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    write_pth
    exit 0
fi

command -v "$PYTHON" >/dev/null 2>&1 || die "$PYTHON not found: install Python 3.11 (apt-get install python3.11 python3.11-venv) or set PYTHON."
"$PYTHON" -c 'import ensurepip, venv' 2>/dev/null || die "$PYTHON cannot create a venv: apt-get install python3.11-venv."
command -v pg_config >/dev/null 2>&1 || die "pg_config not found: apt-get install -y libpq-dev libldap2-dev libsasl2-dev (needed to build psycopg2 and python-ldap)."
[ -f /usr/include/ldap.h ] && [ -f /usr/include/sasl/sasl.h ] || die "LDAP/SASL headers not found: apt-get install -y libldap2-dev libsasl2-dev (needed to build python-ldap)."

echo "Setting up the virtualenv in $VENV (first run takes a few minutes)..."
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# cbor2's sdist does not build with setuptools>=81; pip 23 applies PIP_CONSTRAINT
# to build environments too.
echo 'setuptools<81' > "$tmp/build.txt"
# Odoo's pins, minus python-dateutil: holidays (Indonesian joint leave days for
# the current years) needs >=2.9, which Odoo 18 runs on.
grep -v '^python-dateutil' "$ODOO_SRC/requirements.txt" > "$tmp/odoo-constraints.txt"
export PIP_CONSTRAINT="$tmp/build.txt"
export PIP_DISABLE_PIP_VERSION_CHECK=1
"$VENV/bin/pip" install -q -r "$tmp/odoo-constraints.txt"
"$VENV/bin/pip" install -q -c "$tmp/odoo-constraints.txt" \
    -r "$HERE/requirements.txt" -r "$HERE/requirements-lint.txt"
write_pth
echo "$want" > "$stamp"
echo "Virtualenv ready: $VENV"
