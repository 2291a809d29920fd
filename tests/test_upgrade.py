"""Upgrading keeps everything: a database of the previous release, filled
through the real flows (its demo data walks letters through registration,
dispositions, review, signing and sending), is upgraded with
``-u surat_menyurat`` and every letter, number, file, hash and disposition
is found intact.

The previous release is taken from this repository's own history
(``BASELINE``, the last commit of release 18.0.1.0.0), so the test needs a
clone with history, as CI's is.
"""

import ast
import hashlib
import io
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg2
import pytest
from conftest import ADDONS_PATH, LOG_DIR, ODOO_BIN, ODOO_CONF, ODOO_SRC, ROOT

# Last commit of release 18.0.1.0.0 (before the write guard of 18.0.2.0.0).
BASELINE = "f4ebef27b07376d6efd1fbd2846666801011755e"
DB = os.environ.get("UPGRADE_DB", "surat_test_upgrade")
DATA_DIR = ROOT / ".odoo-data"


def _odoo_cmd(addons_path, *args, command=()):
    return [
        sys.executable,
        ODOO_BIN,
        *command,
        "-c",
        ODOO_CONF,
        f"--addons-path={addons_path}",
        f"--data-dir={DATA_DIR}",
        "-d",
        DB,
        *args,
    ]


def _odoo(addons_path, *args, log):
    cmd = _odoo_cmd(
        addons_path, "--stop-after-init", "--max-cron-threads=0", f"--logfile={log}", *args
    )
    subprocess.run(cmd, cwd=ROOT, check=True, timeout=1200)
    text = Path(log).read_text(errors="replace")
    bad = [
        line
        for line in text.splitlines()
        if (" ERROR " in line or " CRITICAL " in line)
        or (" WARNING " in line and "--header-spacing" not in line)
    ]
    return bad


# Run in the baseline's own shell: walks the demo's outgoing drafts through
# review, signature (a real PDF with its hash) and dispatch, as their users.
WALK_OUTGOING = """
Letter = env["surat.letter"]
drafts = [("direction", "in", ("outgoing", "internal")), ("state", "=", "draft")]
for letter in Letter.search(drafts):
    drafter = letter.user_id or letter.create_uid
    mine = letter.with_user(drafter)
    if letter.direction == "internal" and not letter.recipient_user_ids:
        continue
    mine.action_submit()
    while mine.state == "in_review":
        mine.with_user(mine.current_reviewer_id).action_approve()
    mine.with_user(mine.signer_id).action_sign()
    if letter.direction == "outgoing":
        mine.write({"dispatch_channel": "post"})
    mine.action_send()
env.cr.commit()
print("walked", Letter.search_count([("state", "=", "sent")]))
"""


def _walk_outgoing(addons_path):
    cmd = _odoo_cmd(addons_path, "--no-http", "--log-level=warn", command=("shell",))
    done = subprocess.run(
        cmd, cwd=ROOT, input=WALK_OUTGOING, text=True, capture_output=True, timeout=600
    )
    assert "walked" in done.stdout, done.stderr[-3000:]


def _snapshot(cur):
    """What must survive: letters, numbers and counters, files and hashes, dispositions."""
    cur.execute(
        """SELECT id, direction, state, subject, agenda_number, letter_number, letter_date,
                  security_level, scan_sha256, signed_pdf_sha256, signed_attachment_id,
                  registered_by_id, signed_by_id, file_id, register_key, register_seq
             FROM surat_letter ORDER BY id"""
    )
    letters = cur.fetchall()
    cur.execute(
        """SELECT id, letter_id, parent_id, author_id, user_id, state, report
             FROM surat_disposition ORDER BY id"""
    )
    dispositions = cur.fetchall()
    cur.execute(
        """SELECT id, res_id, res_field, name, checksum, surat_sha256, store_fname
             FROM ir_attachment WHERE res_model = 'surat.letter' ORDER BY id"""
    )
    files = cur.fetchall()
    return letters, dispositions, files


def _manifest_version():
    manifest = ROOT / "surat_menyurat" / "__manifest__.py"
    return ast.literal_eval(manifest.read_text())["version"]


def _drop(db):
    conn = psycopg2.connect(dbname="postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    conn.close()


@pytest.fixture(scope="module")
def baseline_addons(tmp_path_factory):
    """The addon as released in 18.0.1.0.0, extracted from git history."""
    target = tmp_path_factory.mktemp("baseline")
    try:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", BASELINE, "surat_menyurat"],
            check=True,
            capture_output=True,
        ).stdout
    except subprocess.CalledProcessError as error:
        pytest.fail(f"commit {BASELINE} of release 18.0.1.0.0 is not in this clone: {error}")
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def test_upgrade_keeps_every_letter(baseline_addons):
    """Install 18.0.1.0.0 with its demo flows, upgrade, find everything intact."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    _drop(DB)
    old_path = f"{baseline_addons},{os.path.join(ODOO_SRC, 'addons')}"
    bad = _odoo(
        old_path,
        "-i",
        "surat_menyurat",
        "--load-language=id_ID",
        log=LOG_DIR / "upgrade-install-baseline.log",
    )
    assert not bad, "\n".join(bad[:10])
    _walk_outgoing(old_path)
    conn = psycopg2.connect(dbname=DB)
    with conn.cursor() as cur:
        cur.execute("SELECT latest_version FROM ir_module_module WHERE name = 'surat_menyurat'")
        assert cur.fetchone()[0] == "18.0.1.0.0"
        before = _snapshot(cur)
    conn.close()
    letters = before[0]
    assert len(letters) >= 10, "the baseline demo data should hold letters"
    assert any(row[2] == "sent" and row[9] for row in letters), "a signed, sent letter"
    assert any(row[4] for row in letters), "a registered letter"

    bad = _odoo(ADDONS_PATH, "-u", "surat_menyurat", log=LOG_DIR / "upgrade-update.log")
    assert not bad, "\n".join(bad[:10])

    conn = psycopg2.connect(dbname=DB)
    with conn.cursor() as cur:
        cur.execute("SELECT latest_version FROM ir_module_module WHERE name = 'surat_menyurat'")
        assert cur.fetchone()[0] == _manifest_version()
        after = _snapshot(cur)
        # 18.0.2.1.0: the noupdate rules read the one domain, the per-role copies are gone
        cur.execute(
            """SELECT d.name, r.domain_force FROM ir_rule r
                 JOIN ir_model_data d ON d.model = 'ir.rule' AND d.res_id = r.id
                WHERE d.module = 'surat_menyurat'"""
        )
        rules = dict(cur.fetchall())
        # 18.0.2.1.0: service levels filled for the dispositions of before
        cur.execute("SELECT count(*), count(on_time_rate) FROM surat_disposition")
        total, filled = cur.fetchone()
        assert total and filled == total
        cur.execute(
            "SELECT count(*) FROM surat_disposition WHERE state = 'done' AND done_date IS NULL"
        )
        assert cur.fetchone()[0] == 0
        cur.execute(
            """SELECT count(*) FROM surat_letter
                WHERE verify_token IS NOT NULL
                  AND state NOT IN ('signed', 'sent', 'in_progress', 'done')"""
        )
        unsigned_tokens = cur.fetchone()[0]
    conn.close()
    for name, old, new in zip(("letters", "dispositions", "files"), before, after, strict=True):
        assert old == new, f"{name} changed by the upgrade"
    assert unsigned_tokens == 0
    assert "surat_letter_rule_staff_read" not in rules
    assert "surat_disposition_rule_head_read" not in rules
    assert rules["surat_letter_rule_user_read"] == "[('surat_access_uid', '=', user.id)]"
    copies = [name for name, dom in rules.items() if "security_level" in dom and "letter" in name]
    assert not copies, copies
    # every stored file still has the bytes its hash promises
    store = DATA_DIR / "filestore" / DB
    for _id, _res, _field, name, checksum, sha256, fname in after[2]:
        if not fname:
            continue
        raw = (store / fname).read_bytes()
        assert hashlib.sha1(raw).hexdigest() == checksum, name
        if sha256:
            assert hashlib.sha256(raw).hexdigest() == sha256, name
    _drop(DB)
