"""Crashes lose nothing (issue 14): the server killed mid-burst, PostgreSQL restarted mid-work.

The server (master, workers, gevent: one process group) is killed with SIGKILL
while clerks register letters (then while signers sign them), and restarted on
the same database. Odoo answers a call only after its transaction committed, so
every call the clients saw answered must be there, whole: the letter, its
number, its file in the filestore with the hash it was stored with. A killed
call leaves nothing half done, and no number is given twice.

Numbering is gap-free by design (``surat_numbering.take_number``): a number is
the highest committed one of its counter plus one, written under a unique
index, so a concurrent taker waits for the holder's transaction to end. A
transaction killed before its commit took no number for good: the next
registration after the restart gets it again, right after the highest
committed one.

The PostgreSQL test runs on a private cluster the test creates in a temporary
folder (never the machine's shared cluster): calls during the outage get a
clean error within a bound (a call cut mid-transaction a JSON-RPC error, a call
while the database is down Odoo's plain 404 page), and the same server process,
with the same sessions, serves and commits again once PostgreSQL is back.
"""

import base64
import configparser
import getpass
import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from glob import glob
from pathlib import Path

import pytest
import requests
from adversarial import filestore_dir
from conftest import (
    ADMIN_LOGIN,
    ADMIN_PASSWORD,
    ODOO_CONF,
    TEST_DB,
    RPCError,
    query_db,
    running_server,
)
from test_concurrency import _make_users

CLIENTS = 8
BURST = 2.5  # seconds of work before the kill
MIN_ACKED = 3  # ... and at least this many acknowledged calls of the burst
CALL_TIMEOUT = 30  # no call may hang longer, outage included
RECOVERY = 30  # seconds the server may take to serve again once PostgreSQL is back
CRASH_DB = f"{TEST_DB}_crash"

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("SURAT_ODOO_URL")), reason="starts and kills servers of its own"
)


def _pdf(tag):
    """A small real PDF whose bytes are unique to ``tag`` (own file in the filestore)."""
    return (
        b"%PDF-1.4\n%" + tag.encode() + b"\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def _sha256(raw):
    return hashlib.sha256(raw).hexdigest()


def _run(cmd, **kwargs):
    result = subprocess.run(cmd, capture_output=True, text=True, check=False, **kwargs)  # noqa: S603
    assert result.returncode == 0, f"{' '.join(map(str, cmd))}: {result.stderr[-2000:]}"
    return result


@pytest.fixture(scope="module")
def dump(tmp_path_factory):
    """One pg_dump of TEST_DB (its server may be running: no CREATE DATABASE ... TEMPLATE)."""
    path = tmp_path_factory.mktemp("crash") / "test_db.dump"
    _run(["pg_dump", "-Fc", "-f", str(path), TEST_DB])
    return path


def _drop_crash_db():
    subprocess.run(["dropdb", "--if-exists", "--force", CRASH_DB], capture_output=True, check=False)
    shutil.rmtree(filestore_dir(CRASH_DB), ignore_errors=True)


@pytest.fixture(scope="module")
def crash_db(dump):
    """A private copy of TEST_DB and its filestore on the usual cluster, dropped after.

    Both kill tests use it, each on a counter of its own (the agency's incoming
    register; a new unit's outgoing letters).
    """
    _drop_crash_db()
    _run(["createdb", CRASH_DB])
    _run(["pg_restore", "--no-owner", "-d", CRASH_DB, str(dump)])
    shutil.copytree(filestore_dir(TEST_DB), filestore_dir(CRASH_DB))
    yield CRASH_DB
    _drop_crash_db()


class Crew:
    """The administrator and CLIENTS registry clerks (who may also draft and sign
    outgoing letters) of the private database, logged in once: their sessions are
    files in the data_dir, so they outlive the killed servers (a login hashes a
    password: seconds of CPU each)."""

    def __init__(self):
        self.admin = None
        self.clients = []
        self.logins = []

    def on(self, server):
        """The crew, created on first use, its clients pointed at ``server``."""
        if self.admin is None:
            self.admin = _admin(server)
            self.logins = _make_users(self.admin, "group_surat_registrar", CLIENTS, "crash")
            self.clients = _clients(server, self.logins)
        for client in (self.admin, *self.clients):
            client.url = server.url
        return self


@pytest.fixture(scope="module")
def crew(crash_db):
    return Crew()


def _admin(server):
    client = server.client()
    client.timeout = CALL_TIMEOUT
    client.authenticate(ADMIN_LOGIN, ADMIN_PASSWORD)
    return client


def _clients(server, logins):
    """A logged-in client per login (logins in parallel: each hashes a password)."""

    def login(name):
        client = server.client()
        client.timeout = CALL_TIMEOUT
        client.authenticate(name, name)
        return client

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(login, logins))


def _kill(server):
    """SIGKILL the whole process group (master, HTTP workers, gevent worker, wkhtmltopdf)."""
    os.killpg(server.process.pid, signal.SIGKILL)
    server.process.wait(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(server.process.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)


def _burst(server, clients, step, enough=lambda: False):
    """Every client repeats ``step(client, n)`` until the server is killed mid-burst.

    The kill comes after BURST seconds (or earlier when ``enough()``: work must be
    left) and MIN_ACKED steps done (a step returning False did nothing). Returns
    (calls cut by the kill, errors seen before it). ``step`` records what the
    client saw acknowledged itself.
    """
    killing, stop = threading.Event(), threading.Event()
    acked = [0]
    errors = []

    def loop(client):
        n = 0
        while not stop.is_set():
            n += 1
            try:
                if step(client, n) is not False:
                    acked[0] += 1
            except RPCError as e:
                errors.append(str(e))
            except requests.RequestException as e:
                if not killing.is_set():
                    errors.append(repr(e))
                return 1  # a call in flight when the server died
        return 0

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        futures = [pool.submit(loop, client) for client in clients]
        start = time.monotonic()
        try:
            while (time.monotonic() - start < BURST and not enough()) or (
                acked[0] < MIN_ACKED and time.monotonic() - start < 60
            ):
                time.sleep(0.05)
            killing.set()
            _kill(server)
        finally:
            killing.set()
            stop.set()
        cut = sum(f.result() for f in futures)
    return cut, errors


def _scan_file_ok(db, letter_id, expected_sha256):
    """The letter's scan attachment: one, its file on disk, sha1 and SHA-256 as stored."""
    rows = query_db(
        db,
        "SELECT store_fname, checksum, surat_sha256 FROM ir_attachment "
        "WHERE res_model = 'surat.letter' AND res_field = 'scan_file' AND res_id = %s",
        (letter_id,),
    )
    assert len(rows) == 1, f"letter {letter_id}: {len(rows)} scan attachments"
    return _file_ok(db, rows[0], expected_sha256)


def _file_ok(db, row, expected_sha256):
    store_fname, checksum, surat_sha256 = row
    path = filestore_dir(db) / store_fname
    assert path.is_file(), f"{store_fname} missing from the filestore"
    raw = path.read_bytes()
    assert hashlib.sha1(raw).hexdigest() == checksum  # noqa: S324 (Odoo's file name)
    assert _sha256(raw) == surat_sha256 == expected_sha256
    return raw


def _clean_log(server):
    """The restarted server met nothing broken: no WARNING or ERROR record in its log."""
    text = Path(server.log_path).read_text(errors="replace")
    bad = re.findall(r"^\S+ \S+ \d+ (?:WARNING|ERROR|CRITICAL) .*$", text, re.MULTILINE)
    assert not bad, bad[:5]


def _database_whole(db):
    """No counter integer given twice, no file or number claim left by a lost letter."""
    assert not query_db(
        db,
        "SELECT id FROM ir_attachment a WHERE res_model = 'surat.letter' AND res_id IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM surat_letter l WHERE l.id = a.res_id)",
    ), "a letter's file without its letter"
    assert not query_db(
        db,
        "SELECT id FROM surat_number_reservation r WHERE kind = 'letter' "
        "AND NOT EXISTS (SELECT 1 FROM surat_letter l WHERE l.id = r.letter_id)",
    ), "a number claimed by no letter"
    assert not query_db(
        db,
        "SELECT register_key, register_seq FROM surat_letter WHERE register_seq IS NOT NULL "
        "GROUP BY 1, 2 HAVING count(*) > 1",
    ), "a counter integer was given to two letters"
    assert not query_db(
        db,
        "SELECT register_key, register_seq, suffix FROM surat_number_reservation "
        "GROUP BY 1, 2, 3 HAVING count(*) > 1",
    ), "a counter integer was claimed twice"


def test_kill_during_registrations_loses_nothing(crash_db, crew):
    """SIGKILL mid-burst of registrations: acknowledged letters whole, the counter continues."""
    tag = uuid.uuid4().hex[:8]
    subject = f"Crash {tag}"
    acked = {}  # letter id -> {"sha256", "number" (None until the registration answered)}

    with running_server(crash_db, "crash-register-1.log") as server:
        admin, clients = crew.on(server).admin, crew.clients
        sender_id = admin.call_kw("res.partner", "create", [{"name": f"Pengirim {tag}"}])

        def register(client, n):
            raw = _pdf(f"{client.uid}-{n}-{tag}")
            letter_id = client.call_kw(
                "surat.letter",
                "create",
                [
                    {
                        "direction": "incoming",
                        "subject": f"{subject} {client.uid} #{n}",
                        "partner_id": sender_id,
                        "letter_number": f"{tag}/{client.uid}/{n}",
                        "scan_file": base64.b64encode(raw).decode(),
                        "scan_filename": "scan.pdf",
                    }
                ],
            )
            acked[letter_id] = {"sha256": _sha256(raw), "number": None}
            client.call_kw("surat.letter", "action_register", [[letter_id]])
            acked[letter_id]["number"] = client.call_kw(
                "surat.letter", "read", [[letter_id], ["agenda_number"]]
            )[0]["agenda_number"]
            return letter_id

        cut, errors = _burst(server, clients, register)

    assert errors == [], f"{len(errors)} calls failed before the kill, first: {errors[:3]}"
    assert cut, "no call was in flight when the server was killed"
    assert len([a for a in acked.values() if a["number"]]) >= MIN_ACKED

    with running_server(crash_db, "crash-register-2.log") as server:
        rows = query_db(
            crash_db,
            "SELECT id, state, agenda_number, register_key, register_seq, scan_sha256 "
            "FROM surat_letter WHERE subject LIKE %s",
            (subject + " %",),
        )
        letters = {row[0]: row for row in rows}
        # every acknowledged letter is there, whole, with its number and file
        for letter_id, ack in acked.items():
            assert letter_id in letters, f"acknowledged letter {letter_id} lost"
            _id, state, number, _key, _seq, scan_sha256 = letters[letter_id]
            assert scan_sha256 == ack["sha256"]
            if ack["number"]:
                assert state == "registered" and number == ack["number"]
        # no half letter: a draft has no number, a registered letter has all of it
        for _id, state, number, key, seq, scan_sha256 in rows:
            _scan_file_ok(crash_db, _id, scan_sha256)
            if state == "draft":
                assert (number, key, seq) == (None, None, None), f"draft {_id} numbered"
            else:
                assert state == "registered" and number and key and seq, f"half letter {_id}"
        _database_whole(crash_db)
        numbers = [row[2] for row in rows if row[2]]
        assert len(set(numbers)) == len(numbers), "an agenda number was given twice"
        # the burst's numbers follow the committed ones without a gap
        keys = {row[3] for row in rows if row[3]}
        assert len(keys) == 1, keys  # one counter: this agency, this year
        (key,) = keys
        [(before,)] = query_db(
            crash_db,
            "SELECT COALESCE(MAX(register_seq), 0) FROM surat_letter "
            "WHERE register_key = %s AND NOT subject LIKE %s",
            (key, subject + " %"),
        )
        seqs = sorted(row[4] for row in rows if row[4])
        assert seqs == list(range(before + 1, before + 1 + len(seqs))), "a gap in the numbers"
        # the file as users download it: the bytes acknowledged at creation
        admin, clients = crew.on(server).admin, crew.clients
        for letter_id, ack in acked.items():
            [read] = admin.call_kw("surat.letter", "read", [[letter_id], ["scan_file"]])
            assert _sha256(base64.b64decode(read["scan_file"])) == ack["sha256"]
        # numbers of killed transactions are not lost: the next one continues the counter
        last_id = register(clients[0], 0)
        [(last_key, last_seq)] = query_db(
            crash_db,
            "SELECT register_key, register_seq FROM surat_letter WHERE id = %s",
            (last_id,),
        )
        assert (last_key, last_seq) == (key, before + len(seqs) + 1)
        assert acked[last_id]["number"]
        _clean_log(server)


def test_kill_during_signings_loses_nothing(crash_db, crew):
    """SIGKILL mid-burst of signings: signed letters whole with PDF and hash, no number lost."""
    code = "CR" + uuid.uuid4().hex[:4].upper()
    per_signer = 4
    signed = {}  # letter id -> letter number acknowledged

    with running_server(crash_db, "crash-sign-1.log") as server:
        admin, clients = crew.on(server).admin, crew.clients
        company_id = admin.call_kw("res.users", "read", [[admin.uid], ["company_id"]])[0][
            "company_id"
        ][0]
        admin.call_kw("res.company", "write", [[company_id], {"surat_number_scope": "department"}])
        department_id = admin.call_kw(
            "hr.department", "create", [{"name": f"Unit Crash {code}", "code": code}]
        )
        classification_id = admin.call_kw(
            "surat.classification", "search", [[("code", "=", "000.1.1")]], {"limit": 1}
        )[0]

        def prepare(client):
            """Letters ready to sign (submitted, no reviewer): the burst only signs."""
            ids = []
            for i in range(per_signer):
                letter_id = client.call_kw(
                    "surat.letter",
                    "create",
                    [
                        {
                            "direction": "outgoing",
                            "subject": f"Surat crash {code} {client.uid} #{i}",
                            "body": "<p>Dengan hormat,</p>",
                            "department_id": department_id,
                            "classification_id": classification_id,
                            "signer_id": client.uid,
                        }
                    ],
                )
                client.call_kw("surat.letter", "action_submit", [[letter_id]])
                ids.append(letter_id)
            return ids

        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            todo = dict(zip(clients, pool.map(prepare, clients), strict=True))
        prepared = {i for ids in todo.values() for i in ids}

        def sign(client, _n):
            if not todo[client]:
                time.sleep(0.2)
                return False
            letter_id = todo[client].pop()
            client.call_kw("surat.letter", "action_sign", [[letter_id]])
            signed[letter_id] = client.call_kw(
                "surat.letter", "read", [[letter_id], ["letter_number"]]
            )[0]["letter_number"]

        def half_signed():
            """Killed with half of the letters still to sign at the latest."""
            return sum(map(len, todo.values())) <= len(prepared) // 2

        cut, errors = _burst(server, clients, sign, half_signed)

    assert errors == [], f"{len(errors)} calls failed before the kill, first: {errors[:3]}"
    assert cut, "no call was in flight when the server was killed"
    assert signed, "no signature was acknowledged before the kill"

    with running_server(crash_db, "crash-sign-2.log") as server:
        rows = query_db(
            crash_db,
            """SELECT l.id, l.state, l.letter_number, l.register_key, l.register_seq,
                      l.signed_date, l.signed_pdf_sha256, a.store_fname, a.checksum,
                      a.surat_sha256, r.register_seq
                 FROM surat_letter l
            LEFT JOIN ir_attachment a ON a.id = l.signed_attachment_id
            LEFT JOIN surat_number_reservation r ON r.letter_id = l.id AND r.kind = 'letter'
                WHERE l.id IN %s""",
            (tuple(prepared),),
        )
        assert {row[0] for row in rows} == prepared, "a prepared letter was lost"
        for letter_id, number in signed.items():
            [row] = [r for r in rows if r[0] == letter_id]
            assert row[1] == "signed" and row[2] == number, f"signed letter {letter_id} changed"
        # no half signature: signed with number, claim, PDF and hash, or untouched
        seqs = []
        for _id, state, number, key, seq, date, sha256, fname, checksum, file_sha, claim in rows:
            if state == "to_sign":
                assert (number, key, seq, date, sha256, fname, claim) == (None,) * 7, _id
                continue
            assert state == "signed" and number and key and seq and date, f"half signed {_id}"
            assert claim == seq, f"letter {_id}: its number is not claimed"
            _file_ok(crash_db, (fname, checksum, file_sha), sha256)
            seqs.append(seq)
        unsigned = {row[0] for row in rows if row[1] == "to_sign"}
        assert not query_db(
            crash_db,
            "SELECT id FROM ir_attachment WHERE res_model = 'surat.letter' AND res_id IN %s",
            (tuple(unsigned) or (0,),),
        ), "a file left by a signature that did not commit"
        _database_whole(crash_db)
        assert sorted(seqs) == list(range(1, len(seqs) + 1)), "a gap in the numbers"
        # the signed PDF as users download it
        admin, clients = crew.on(server).admin, crew.clients
        for letter_id in signed:
            [letter] = admin.call_kw(
                "surat.letter", "read", [[letter_id], ["signed_attachment_id", "signed_pdf_sha256"]]
            )
            [attachment] = admin.call_kw(
                "ir.attachment", "read", [[letter["signed_attachment_id"][0]], ["datas"]]
            )
            assert _sha256(base64.b64decode(attachment["datas"])) == letter["signed_pdf_sha256"]
        # a letter left unsigned by the kill is signed now, right after the committed numbers
        letter_id, signer_uid = query_db(
            crash_db,
            "SELECT id, signer_id FROM surat_letter WHERE id IN %s AND state = 'to_sign' LIMIT 1",
            (tuple(prepared),),
        )[0]
        signer = clients[[c.uid for c in clients].index(signer_uid)]
        signer.call_kw("surat.letter", "action_sign", [[letter_id]])
        [(seq,)] = query_db(
            crash_db, "SELECT register_seq FROM surat_letter WHERE id = %s", (letter_id,)
        )
        assert seq == len(seqs) + 1
        _clean_log(server)


# ---------------------------------------------------------------------------
# PostgreSQL restart, on a private cluster
# ---------------------------------------------------------------------------
def _pg_bindir():
    found = sorted(glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """A PostgreSQL cluster of its own in a temporary folder, socket only."""

    def __init__(self, bindir, root):
        self.bindir = bindir
        self.root = root
        self.data = root / "data"
        self.port = _free_port()
        # initdb refuses root: the cluster then belongs to the postgres OS user;
        # its superuser is the tests' user, whatever PGUSER says
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.user = getpass.getuser()

    def ctl(self, *args):
        return _run(
            [
                *self.as_owner,
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.root / "postgres.log"),
                "-w",
                "-t",
                "60",
                *args,
            ]
        )

    def init(self):
        _run(
            [
                *self.as_owner,
                str(self.bindir / "initdb"),
                "-D",
                str(self.data),
                "-E",
                "UTF8",
                "--locale=C",
                "--auth-local=trust",
                "--auth-host=reject",
                f"--username={self.user}",
            ]
        )

    def start(self):
        options = f"-k {self.root} -p {self.port} -c listen_addresses='' -c fsync=off"
        self.ctl("-o", options, "start")

    def stop(self):
        self.ctl("-m", "fast", "stop")

    @property
    def dsn(self):
        return {"host": str(self.root), "port": self.port, "user": self.user}

    def client_args(self):
        return ["-h", str(self.root), "-p", str(self.port), "-U", self.user]


@pytest.fixture
def cluster(dump):
    """The private cluster with a copy of TEST_DB, stopped and removed whatever happens."""
    bindir = _pg_bindir()
    if bindir is None:
        pytest.skip("no PostgreSQL server binaries (/usr/lib/postgresql/*/bin)")
    root = Path(tempfile.mkdtemp(prefix="surat-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    os.chmod(root, 0o755)
    cluster = Cluster(bindir, root)
    try:
        cluster.init()
        cluster.start()
        _run(["createdb", *cluster.client_args(), CRASH_DB])
        _run(["pg_restore", "--no-owner", *cluster.client_args(), "-d", CRASH_DB, str(dump)])
        data_dir = root / "odoo-data"
        shutil.copytree(filestore_dir(TEST_DB), data_dir / "filestore" / CRASH_DB)
        cluster.data_dir = data_dir
        yield cluster
    finally:
        stop = [str(bindir / "pg_ctl"), "-D", str(cluster.data), "-m", "immediate", "stop"]
        subprocess.run([*cluster.as_owner, *stop], capture_output=True, check=False)  # noqa: S603
        shutil.rmtree(root, ignore_errors=True)


def _admin_passwd():
    parser = configparser.ConfigParser()
    parser.read(ODOO_CONF)
    return parser.get("options", "admin_passwd", fallback=None)


def test_postgresql_restart_clean_errors_and_recovery(cluster):
    """PostgreSQL stops mid-work: clean errors, then the same server commits again."""
    tag = uuid.uuid4().hex[:8]
    subject = f"PG {tag}"
    extra = [
        f"--db_host={cluster.root}",
        f"--db_port={cluster.port}",
        f"--db_user={cluster.user}",
        f"--data-dir={cluster.data_dir}",
    ]
    leaks = [s for s in (_admin_passwd(), "password=") if s]
    with running_server(CRASH_DB, "crash-pg-server.log", extra_args=extra) as server:
        admin = _admin(server)
        sender_id = admin.call_kw("res.partner", "create", [{"name": f"Pengirim {tag}"}])
        clients = _clients(server, _make_users(admin, "group_surat_registrar", 4, "pgclerk"))
        stop = threading.Event()
        outcomes = []  # (start, seconds, "ok" | "rpc" | "http <status>" | other, body)
        acked = {}  # letter id -> agenda number (None until its registration answered)

        def call(client, method, args):
            """One timed call; its outcome recorded; its result, or None when it failed."""
            start, result = time.monotonic(), None
            try:
                result = client.call_kw("surat.letter", method, args)
                outcome, body = "ok", ""
            except RPCError as e:
                outcome, body = "rpc", repr(e.error)
            except requests.HTTPError as e:
                outcome, body = f"http {e.response.status_code}", e.response.text
            except requests.RequestException as e:
                outcome, body = type(e).__name__, str(e)
            outcomes.append((start, time.monotonic() - start, outcome, body))
            return result

        def register(client, n):
            raw = _pdf(f"pg-{tag}-{client.uid}-{n}")
            vals = {
                "direction": "incoming",
                "subject": f"{subject} {client.uid} #{n}",
                "partner_id": sender_id,
                "scan_file": base64.b64encode(raw).decode(),
                "scan_filename": "scan.pdf",
            }
            letter_id = call(client, "create", [vals])
            if letter_id:
                acked[letter_id] = None
                if call(client, "action_register", [[letter_id]]):
                    [read] = call(client, "read", [[letter_id], ["agenda_number"]]) or [{}]
                    acked[letter_id] = read.get("agenda_number") or "registered"
            return letter_id

        def work(client):
            n = 0
            while not stop.is_set():
                n += 1
                register(client, n)
                time.sleep(0.05)

        with ThreadPoolExecutor(max_workers=len(clients)) as pool:
            futures = [pool.submit(work, client) for client in clients]
            try:
                time.sleep(1.5)
                down = time.monotonic()
                cluster.stop()
                time.sleep(3)
                up = time.monotonic()
                cluster.start()
                # the same server serves again within the bound, without a restart
                deadline = time.monotonic() + RECOVERY
                recovered = None
                while recovered is None and time.monotonic() < deadline:
                    recovered = next((o[0] for o in outcomes if o[0] > up and o[2] == "ok"), None)
                    time.sleep(0.2)
                time.sleep(1)
            finally:
                stop.set()
            for future in futures:
                future.result()
        assert server.process.poll() is None, "the server died with PostgreSQL"
        assert recovered is not None, f"no call succeeded within {RECOVERY} s of the restart"

        during = [o for o in outcomes if down <= o[0] + o[1] and o[0] <= up]
        assert [o for o in during if o[2] != "ok"], "no call met the outage"
        for _start, seconds, outcome, body in outcomes:
            assert seconds < CALL_TIMEOUT, "a call hung"
            # a call cut mid-transaction: a JSON-RPC error; a call while the database is
            # unreachable: Odoo core serves it as without database (odoo.http's _serve_db),
            # a plain 404 page, which the web client shows as "connection lost" and
            # retries; or an error status. Never a dropped connection or a hang.
            assert outcome in ("ok", "rpc", "http 404") or outcome.startswith("http 5"), outcome
            assert not any(s in body for s in leaks), body
            assert outcome == "rpc" or "Traceback" not in body, body
        # every client works again, and what it writes is committed
        for client in clients:
            assert call(client, "search_count", [[]]) is not None, "a client lost its session"
        last_id = register(clients[0], 0)
        assert acked[last_id] not in (None, "registered")

    # what was acknowledged, before, during or after the outage, is there and whole
    rows = query_db(
        CRASH_DB,
        "SELECT id, state, agenda_number, register_key, register_seq FROM surat_letter "
        "WHERE subject LIKE %s ORDER BY register_seq",
        (subject + " %",),
        **cluster.dsn,
    )
    letters = {row[0]: row for row in rows}
    for letter_id, number in acked.items():
        assert letter_id in letters, f"acknowledged letter {letter_id} lost"
        if number:
            assert letters[letter_id][1] == "registered", letter_id
            assert number == "registered" or letters[letter_id][2] == number, letter_id
    for _id, state, number, key, seq in rows:
        assert (state == "draft") == (number is None) == (key is None) == (seq is None), _id
    [(key, before)] = query_db(
        CRASH_DB,
        "SELECT register_key, (SELECT COALESCE(MAX(register_seq), 0) FROM surat_letter o "
        "WHERE o.register_key = l.register_key AND NOT o.subject LIKE %s) "
        "FROM surat_letter l WHERE id = %s",
        (subject + " %", last_id),
        **cluster.dsn,
    )
    seqs = [row[4] for row in rows if row[4]]
    assert {row[3] for row in rows if row[3]} == {key}
    # gap-free across the outage: the last registration right after the committed ones
    assert seqs == list(range(before + 1, before + 1 + len(seqs))), "a gap in the numbers"
    assert letters[last_id][4] == seqs[-1]
