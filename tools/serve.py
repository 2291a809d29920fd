#!/usr/bin/env python3
"""Start Odoo multi-process with the production settings of deploy/odoo.conf.

The one command line of a production server: the odoo service of
deploy/docker-compose.yml, ``make run WORKERS=N`` (tools/run.sh) and the
black-box tests (tests/conftest.py) all start Odoo through ``command()``, so
the tests run what production runs (workers, the gevent process, proxy_mode,
the limits).

Odoo reads one configuration file, so this writes one (mode 0600, it holds the
master password): deploy/odoo.conf, then the machine's own settings
(``LOCAL_KEYS``) from the local configuration (--local-conf or ODOO_CONF; none
in Docker), then the secrets named by ODOO_ADMIN_PASSWD_FILE (master
password) and PGPASSWORD_FILE (database password, passed to Odoo as PGPASSWORD).

    serve.py --db DB [--workers N] [--http-port P] [--gevent-port P]
             [--interface ADDR] [--logfile F] [--local-conf CONF] [--out CONF]
             [-- odoo options...]

Database connection: the libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD)
unless the local configuration sets db_host etc.
"""

import argparse
import configparser
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_CONF = ROOT / "deploy" / "odoo.conf"
ODOO_SRC = os.environ.get("ODOO_SRC", "/opt/odoo")
# Settings of the machine, not of the deployment: taken from the local configuration.
LOCAL_KEYS = ("data_dir", "admin_passwd", "email_from", "from_filter", "log_level", "logfile")
LOCAL_PREFIXES = ("db_", "smtp_")


def _secret(variable):
    path = os.environ.get(variable)
    return Path(path).read_text().strip() if path else None


def write_config(out=None, local_conf=None, workers=None):
    """Write deploy/odoo.conf merged with the local settings; return its path.

    ``out`` defaults to ``<data_dir>/serve.conf``, ``local_conf`` to ODOO_CONF.
    """
    conf = configparser.ConfigParser(interpolation=None)
    conf.read(PRODUCTION_CONF)
    options = conf["options"]
    local_conf = local_conf or os.environ.get("ODOO_CONF")
    local = configparser.ConfigParser(interpolation=None)
    if local_conf and local.read(local_conf) and local.has_section("options"):
        for key, value in local["options"].items():
            if key in LOCAL_KEYS or key.startswith(LOCAL_PREFIXES):
                options[key] = value
    if (password := _secret("ODOO_ADMIN_PASSWD_FILE")) is not None:
        options["admin_passwd"] = password
    if not options.get("admin_passwd"):
        # Odoo's default master password would be "admin"
        sys.exit("serve.py: no master password: set ODOO_ADMIN_PASSWD_FILE or admin_passwd")
    if workers is not None:
        options["workers"] = str(workers)
    if int(options["workers"]) < 1:
        sys.exit("serve.py: workers must be at least 1 (multi-process mode)")
    out = Path(out or Path(options["data_dir"]).expanduser() / "serve.conf").absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        source = local_conf or "the secrets"
        handle.write(f"; written by tools/serve.py from {PRODUCTION_CONF} and {source}\n")
        conf.write(handle)
    return out


def command(
    config,
    db,
    http_port=None,
    gevent_port=None,
    interface=None,
    logfile=None,
    addons_path=None,
    extra=(),
):
    """The odoo-bin command line serving ``db`` with the configuration ``config``."""
    odoo_bin = os.environ.get("ODOO_BIN", os.path.join(ODOO_SRC, "odoo-bin"))
    addons_path = addons_path or os.environ.get(
        "ODOO_ADDONS_PATH",
        "{},{}".format(os.environ.get("SURAT_ADDONS_DIR", ROOT), os.path.join(ODOO_SRC, "addons")),
    )
    cmd = [
        sys.executable,
        odoo_bin,
        f"--config={config}",
        f"--addons-path={addons_path}",
        f"--database={db}",
        f"--db-filter=^{db}$",
    ]
    if interface:
        cmd.append(f"--http-interface={interface}")
    if http_port:
        cmd.append(f"--http-port={http_port}")
    if gevent_port:
        cmd.append(f"--gevent-port={gevent_port}")
    if logfile:
        cmd.append(f"--logfile={logfile}")
    return cmd + list(extra)


# glibc raises its mmap threshold to the size of each large block freed: after
# the first scans, every 1-5 MB upload (its JSON, base64 and bytes) lands in the
# heap, which fragments and never shrinks. A fixed threshold keeps such blocks
# mmapped and gives them back (bench/load_day.py: RSS growth halved).
MALLOC_ENV = {"MALLOC_MMAP_THRESHOLD_": "131072"}


def environment():
    """The environment of odoo-bin: this one, plus MALLOC_ENV where not set."""
    return {**MALLOC_ENV, **os.environ}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True, help="the agency's database")
    parser.add_argument("--workers", type=int, help="HTTP workers (default: deploy/odoo.conf)")
    parser.add_argument("--http-port", type=int)
    parser.add_argument("--gevent-port", type=int)
    parser.add_argument("--interface", help="listen address (default: all)")
    parser.add_argument("--logfile")
    parser.add_argument("--local-conf", help="the machine's settings (default: ODOO_CONF)")
    parser.add_argument("--out", help="configuration file to write (default: data_dir/serve.conf)")
    parser.add_argument("odoo_options", nargs="*", help="more odoo-bin options, after --")
    args = parser.parse_args()
    if (password := _secret("PGPASSWORD_FILE")) is not None:
        os.environ["PGPASSWORD"] = password
    config = write_config(args.out, args.local_conf, workers=args.workers)
    cmd = command(
        config,
        args.db,
        http_port=args.http_port,
        gevent_port=args.gevent_port,
        interface=args.interface,
        logfile=args.logfile,
        extra=args.odoo_options,
    )
    sys.stdout.flush()
    os.execve(cmd[0], cmd, environment())  # noqa: S606 (the launcher's purpose)


if __name__ == "__main__":
    main()
