"""Backup and restore: the agency's database and files come back whole (tools/backup.py).

The live test database is backed up while its server runs, restored into a new
database, compared table by table and file by file, and served by a server of
its own.
"""

import configparser
import hashlib
import io
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg2
import pytest
from conftest import ADMIN_LOGIN, ADMIN_PASSWORD, ROOT, TEST_DB, query_db, running_server

RESTORED = f"{TEST_DB}_restored"
TABLES = (
    "surat_letter",
    "surat_disposition",
    "surat_letter_text",
    "surat_access_log",
    "ir_attachment",
    "res_users",
    "mail_message",
)


def _tool(*args):
    return subprocess.run(
        [sys.executable, str(ROOT / "tools" / "backup.py"), *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def _filestore(db):
    conf = configparser.ConfigParser()
    conf.read(os.environ.get("ODOO_CONF", ROOT / "odoo.conf"))
    path = Path(conf.get("options", "data_dir"))
    return (path if path.is_absolute() else ROOT / path) / "filestore" / db


def _drop_restored():
    subprocess.run(["dropdb", "--if-exists", RESTORED], check=False, capture_output=True)
    subprocess.run(["rm", "-rf", str(_filestore(RESTORED))], check=False)


@pytest.fixture(scope="module")
def restored(odoo_server, tmp_path_factory):
    """One backup of the live test database, taken while its server runs, restored."""
    _drop_restored()
    archive = tmp_path_factory.mktemp("backup") / "agency.tar"
    result = _tool("backup", TEST_DB, archive)
    assert result.returncode == 0, result.stderr
    result = _tool("restore", archive, RESTORED)
    assert result.returncode == 0, result.stderr
    yield archive
    _drop_restored()


def test_round_trip_keeps_every_row_and_file(restored):
    for table in TABLES:
        [(live,)] = query_db(TEST_DB, f"SELECT count(*) FROM {table}")  # noqa: S608
        [(back,)] = query_db(RESTORED, f"SELECT count(*) FROM {table}")  # noqa: S608
        assert back == live, table
    store = _filestore(RESTORED)
    files = query_db(
        RESTORED, "SELECT store_fname FROM ir_attachment WHERE store_fname IS NOT NULL"
    )
    assert files
    for (fname,) in files:
        # the filestore is content-addressed: each file is named by its SHA-1
        digest = hashlib.sha1((store / fname).read_bytes()).hexdigest()  # noqa: S324
        assert digest == os.path.basename(fname), fname
    # every letter's scan and signed PDF: the SHA-256 the letter stored
    scans = query_db(
        RESTORED,
        """
        SELECT l.id, a.store_fname, COALESCE(
                   CASE a.res_field WHEN 'scan_file' THEN l.scan_sha256 END,
                   CASE a.res_field WHEN 'signed_pdf' THEN l.signed_pdf_sha256 END)
          FROM surat_letter l
          JOIN ir_attachment a ON a.res_model = 'surat.letter' AND a.res_id = l.id
         WHERE (a.res_field = 'scan_file' AND l.scan_sha256 IS NOT NULL)
            OR (a.res_field = 'signed_pdf' AND l.signed_pdf_sha256 IS NOT NULL)
        """,
    )
    assert scans, "the demo agency has letters with scans"
    for letter_id, fname, sha256 in scans:
        assert hashlib.sha256((store / fname).read_bytes()).hexdigest() == sha256, letter_id


def test_restored_server_serves_the_letters(restored, admin):
    """The restored database serves the same letters as the live one, files included."""
    letters = admin.call_kw("surat.letter", "search_count", [[]])
    [(letter_id, sha256)] = query_db(
        RESTORED,
        "SELECT id, scan_sha256 FROM surat_letter "
        "WHERE scan_sha256 IS NOT NULL ORDER BY id LIMIT 1",
    )
    with running_server(RESTORED, "restored-server.log") as server:
        client = server.client()
        client.authenticate(ADMIN_LOGIN, ADMIN_PASSWORD)
        assert client.call_kw("surat.letter", "search_count", [[]]) == letters
        response = client.session.get(
            f"{server.url}/web/content/surat.letter/{letter_id}/scan_file", timeout=60
        )
        assert response.status_code == 200
        assert hashlib.sha256(response.content).hexdigest() == sha256


def test_restore_refuses_a_damaged_archive(restored, tmp_path):
    """A file altered in the archive: nothing is created, the reason is named."""
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(restored) as source, tarfile.open(damaged, "w") as target:
        altered = False
        for member in source.getmembers():
            data = source.extractfile(member) if member.isfile() else None
            if data and member.name.startswith("filestore/") and not altered:
                content = b"tampered" + data.read()
                member.size = len(content)
                target.addfile(member, io.BytesIO(content))
                altered = True
            else:
                target.addfile(member, data)
    name = f"{TEST_DB}_damaged"
    result = _tool("restore", damaged, name)
    assert result.returncode != 0
    assert "altered" in result.stderr
    assert not query_db("postgres", "SELECT 1 FROM pg_database WHERE datname = %s", (name,))


def test_backup_refuses_a_missing_file(odoo_server, tmp_path):
    """A file the database refers to is gone: no archive, the file named."""
    fname = f"ab/{'0' * 40}"
    _query_commit(
        TEST_DB,
        "INSERT INTO ir_attachment (name, type, store_fname, checksum, res_model) "
        "VALUES ('lost', 'binary', %s, %s, 'surat.test.lost')",
        (fname, "0" * 40),
    )
    try:
        archive = tmp_path / "incomplete.tar"
        result = _tool("backup", TEST_DB, archive)
        assert result.returncode != 0
        assert fname in result.stderr
        assert not archive.exists()
        assert not Path(str(archive) + ".partial").exists()
    finally:
        _query_commit(TEST_DB, "DELETE FROM ir_attachment WHERE res_model = 'surat.test.lost'")


def _query_commit(db, sql, params=()):
    conn = psycopg2.connect(dbname=db)
    try:
        with conn, conn.cursor() as cr:
            cr.execute(sql, params)
    finally:
        conn.close()
