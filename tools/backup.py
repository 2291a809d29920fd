#!/usr/bin/env python3
"""Consistent backup and restore of an agency's database and filestore, together.

Usage (from the repository root, with the venv's python):
    .venv/bin/python tools/backup.py backup DB ARCHIVE.tar
    .venv/bin/python tools/backup.py restore ARCHIVE.tar NEWDB

Why not Odoo's own database manager: it copies the filestore first and dumps the
database afterwards, so a scan registered in between is in the dump but not in the
archive. Here the dump is taken from one exported snapshot and the list of files
is read in that same snapshot; every file is copied and checked against its name
(Odoo's filestore is content-addressed: a file is named by the SHA-1 of its
content, the value Odoo also stores as the attachment's checksum). A file missing
or altered (bit rot) makes the backup fail, with its name, instead of producing an
archive that cannot be restored whole.

The archive (plain tar: scans are already compressed) holds ``dump.pgc``
(pg_dump custom format), ``filestore/`` and ``manifest.json`` (database,
date, every file's SHA-1). Restore checks every file before it creates the
database, restores it, puts the filestore in place and checks again.

The data directory is ``data_dir`` of ODOO_CONF (default ./odoo.conf), or
--data-dir. PostgreSQL is reached through the standard libpq variables.
Letters' files are never deleted by the addon, so Odoo's file garbage
collection cannot remove a file the snapshot still refers to.
"""

import argparse
import configparser
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent


def data_dir(args):
    if args.data_dir:
        return Path(args.data_dir)
    conf = configparser.ConfigParser()
    conf.read(os.environ.get("ODOO_CONF", ROOT / "odoo.conf"))
    value = conf.get("options", "data_dir", fallback="")
    if value:
        path = Path(value).expanduser()
        return path if path.is_absolute() else ROOT / path
    return Path("~/.local/share/Odoo").expanduser()


def sha1(path):
    digest = hashlib.sha1()  # noqa: S324 (Odoo's own attachment checksum)
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def fail(message):
    sys.exit(f"backup.py: {message}")


def backup(args):
    store = data_dir(args) / "filestore" / args.db
    target = Path(args.archive)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        conn = psycopg2.connect(dbname=args.db)
        try:
            conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
            with conn.cursor() as cr:
                cr.execute("SELECT pg_export_snapshot()")
                snapshot = cr.fetchone()[0]
                # the dump sees exactly what this transaction sees
                subprocess.run(
                    [
                        "pg_dump",
                        f"--snapshot={snapshot}",
                        "--format=custom",
                        "--no-owner",
                        f"--file={tmp / 'dump.pgc'}",
                        args.db,
                    ],
                    check=True,
                )
                cr.execute(
                    "SELECT DISTINCT store_fname, checksum FROM ir_attachment "
                    "WHERE store_fname IS NOT NULL AND type = 'binary'"
                )
                files = dict(cr.fetchall())
                cr.execute(
                    "SELECT latest_version FROM ir_module_module WHERE name = 'surat_menyurat'"
                )
                version = (cr.fetchone() or [None])[0]
        finally:
            conn.close()
        problems = []
        for fname in sorted(files):
            source = store / fname
            if not source.is_file():
                problems.append(f"missing {fname}")
                continue
            copy = tmp / "filestore" / fname
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, copy)
            if sha1(copy) != os.path.basename(fname):
                problems.append(f"altered {fname}")
        if problems:
            fail(
                f"{len(problems)} file(s) of {args.db} cannot be backed up as stored, "
                f"no archive written: " + ", ".join(problems[:10])
            )
        manifest = {
            "database": args.db,
            "date": datetime.datetime.now(datetime.UTC).isoformat(),
            "surat_menyurat": version,
            "files": files,
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1))
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w") as tar:
            for name in ("manifest.json", "dump.pgc", "filestore"):
                if (tmp / name).exists():
                    tar.add(tmp / name, arcname=name)
        partial.replace(target)  # never a half archive under the final name
    print(f"{args.db}: {len(files)} files and the database in {target}")


def _exists(db):
    conn = psycopg2.connect(dbname="postgres")
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (db,))
            return bool(cr.fetchone())
    finally:
        conn.close()


def _check_files(root, files):
    bad = [
        fname
        for fname in files
        if not (root / fname).is_file() or sha1(root / fname) != os.path.basename(fname)
    ]
    if bad:
        fail(f"{len(bad)} file(s) missing or altered: " + ", ".join(sorted(bad)[:10]))


def restore(args):
    if _exists(args.db):
        fail(f"database {args.db} exists: restore into a new database")
    store = data_dir(args) / "filestore" / args.db
    if store.exists():
        fail(f"filestore {store} exists: restore into a new database")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with tarfile.open(args.archive) as tar:
            tar.extractall(tmp, filter="data")
        manifest = json.loads((tmp / "manifest.json").read_text())
        files = manifest["files"]
        _check_files(tmp / "filestore", files)  # before anything is created
        subprocess.run(["createdb", args.db], check=True)
        try:
            subprocess.run(
                ["pg_restore", "--no-owner", "--exit-on-error", "-d", args.db, tmp / "dump.pgc"],
                check=True,
            )
            store.parent.mkdir(parents=True, exist_ok=True)
            if (tmp / "filestore").exists():
                shutil.copytree(tmp / "filestore", store)
            else:
                store.mkdir()
            _check_files(store, files)
        except BaseException:
            subprocess.run(["dropdb", "--if-exists", args.db], check=False)
            shutil.rmtree(store, ignore_errors=True)
            raise
    print(f"{manifest['database']} of {manifest['date']} restored as {args.db}, {len(files)} files")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", help="Odoo's data directory (default: from ODOO_CONF)")
    subs = parser.add_subparsers(required=True)
    sub = subs.add_parser("backup", help="database and filestore into one archive")
    sub.add_argument("db")
    sub.add_argument("archive")
    sub.set_defaults(func=backup)
    sub = subs.add_parser("restore", help="an archive into a new database")
    sub.add_argument("archive")
    sub.add_argument("db")
    sub.set_defaults(func=restore)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
