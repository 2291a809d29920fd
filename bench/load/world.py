"""The demo world of the load scenario, its JSON-RPC client and the queues' seed.

Plain Python with ``requests`` only: bench/load_day.py (project venv) resolves the
world and seeds the queues before Locust starts, so that the run time of Locust is
pure load; the locustfile (Locust's venv) uses the same client, scans and constants.
"""

import base64
import itertools
import os
import random
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import requests

# tests/pdf_file.py: the same PDF writer as the black-box tests (also in Locust's venv)
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))
from pdf_file import pdf_file  # noqa: E402

OPEN = ["sent", "read", "in_progress"]
# division head -> the staff he forwards to (demo org chart)
DIVISIONS = {
    "kabid.ikp": ("IKP", ["kasi.ikp"]),
    "kabid.aptika": ("AI", ["kasi.egov", "staf.aptika"]),
    "kabid.sandistik": ("SANDISTIK", ["kasi.statistik"]),
    "sekretaris": ("SEKR", ["kasubbag.umpeg", "kasubbag.renkeu"]),
}
STAFF = [login for _code, staff in DIVISIONS.values() for login in staff]
# codes with a retention schedule (a heading code cannot be filed)
CLASSIFICATIONS = ["000.1.1", "000.1.4", "000.1.5", "000.1.11", "000.1.2.1"]
SENDERS = ["Badan", "Dinas", "Kementerian", "Inspektorat", "Sekretariat", "Arsip"]
TOPICS = [
    "Undangan Rapat Koordinasi",
    "Permohonan Data Statistik Sektoral",
    "Laporan Realisasi Anggaran",
    "Sosialisasi Keamanan Informasi",
    "Pemberitahuan Pemeliharaan Jaringan",
    "Permintaan Narasumber Literasi Digital",
    "Penyampaian Sertifikat Elektronik",
    "Evaluasi Sistem Pemerintahan Berbasis Elektronik",
    "Pengusulan Kenaikan Pangkat Pegawai",
    "Penyusunan Rencana Kerja Perangkat Daerah",
]
SEARCHES = [
    "rapat",
    "statistik",
    "anggaran",
    "sertif",
    "keamanan informasi",
    "jaringan",
    "literasi digital",
    "pangkat",
    "rencana kerja",
    "evaluasi",
]

# ids of the demo world (resolve_world)
WORLD = {}


def make_pdf(size, label):
    """A valid one-page PDF of about ``size`` bytes: a line of text and a
    grey-noise image (random, so every scan has its own SHA-256)."""
    width = 1024
    height = max(1, (size - 2000) // width)
    image = os.urandom(width * height)
    text = label.replace("\\", "").replace("(", "").replace(")", "")
    content = (
        b"q 483 0 0 600 56 120 cm /Im0 Do Q\nBT /F1 14 Tf 56 780 Td (%s) Tj ET\n"
        % text.encode("latin-1", "replace")
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font "
        b"<< /F1 4 0 R >> /XObject << /Im0 5 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length %d >>\nstream\n%s\nendstream"
        % (width, height, len(image), image),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    return pdf_file(objects)


def letter_values(clerk_uid, size):
    """The fields a clerk types for an incoming letter, and its scan."""
    subject = "%s %s" % (random.choice(TOPICS), random.randint(1, 99999))
    number = "%s/%s/%s/%s" % (
        random.choice(CLASSIFICATIONS),
        random.randint(1, 9999),
        random.choice(["SETDA", "BPS", "DISKOMINFO", "BKPSDM"]),
        date.today().year,
    )
    return {
        "direction": "incoming",
        "subject": subject,
        "summary": "Mohon ditindaklanjuti: %s." % subject.lower(),
        "letter_number": number,
        "letter_date": date.today().isoformat(),
        "security_level": random.choices(["normal", "restricted"], [8, 2])[0],
        "urgency": random.choices(["normal", "important", "urgent"], [6, 3, 1])[0],
        "scan_file": base64.b64encode(make_pdf(size, subject)).decode(),
        "scan_filename": "scan-%s.pdf" % random.randint(1, 10**9),
    }


# ---------------------------------------------------------------------------
# The web client's JSON-RPC
# ---------------------------------------------------------------------------
def _m2o():
    return {"fields": {"display_name": {}}}


def spec_of(node, model, models):
    """The specification the web client sends for the fields of a view node."""
    fields = models[model]["fields"]
    spec = {}

    def walk(parent):
        for child in parent:
            if child.tag != "field":
                walk(child)
                continue
            field = fields.get(child.get("name"))
            if not field:
                continue
            name = child.get("name")
            if field["type"] in ("many2one", "reference"):
                spec[name] = _m2o()
            elif field["type"] in ("one2many", "many2many"):
                sub = child.find("list")
                if sub is not None and field.get("relation") in models:
                    spec[name] = {"fields": spec_of(sub, field["relation"], models), "limit": 40}
                else:
                    spec[name] = _m2o()
            else:
                spec[name] = {}

    walk(node)
    return spec


class RpcFailed(Exception):
    pass


class Rpc:
    """JSON-RPC of the web client over one HTTP session (cookies): a requests.Session
    here, Locust's HttpSession in the locustfile (which overrides ``post``)."""

    _ids = itertools.count(1)

    def __init__(self, session, db, base=""):
        self.session = session
        self.db = db
        self.base = base
        self.context = {}
        self.uid = None

    def post(self, name, path, params):
        payload = {"jsonrpc": "2.0", "method": "call", "params": params, "id": next(self._ids)}
        body = self.session.post(self.base + path, json=payload, timeout=300).json()
        if "error" in body:
            data = body["error"].get("data") or {}
            raise RpcFailed("%s: %s: %s" % (name, data.get("name"), data.get("message")))
        return body["result"]

    def login(self, login, password, name="login"):
        info = self.post(
            name, "/web/session/authenticate", {"db": self.db, "login": login, "password": password}
        )
        self.uid = info["uid"]
        self.context = dict(info["user_context"])
        self.context["allowed_company_ids"] = [info["user_companies"]["current_company"]]
        return info

    def kw(self, label, model, method, args=(), context=None, **kwargs):
        kwargs["context"] = dict(self.context, **(context or {}))
        return self.post(
            label,
            "/web/dataset/call_kw/%s/%s" % (model, method),
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def button(self, name, model, method, ids, context=None):
        return self.post(
            name,
            "/web/dataset/call_button/%s/%s" % (model, method),
            {
                "model": model,
                "method": method,
                "args": [list(ids)],
                "kwargs": {"context": dict(self.context, **(context or {}))},
            },
        )


# ---------------------------------------------------------------------------
# The world and its queues, before the users start
# ---------------------------------------------------------------------------
def _session(host, db, login, password=None):
    rpc = Rpc(requests.Session(), db, host)
    rpc.login(login, password or login)
    return rpc


def resolve_world(host, db, admin=("admin", "admin")):
    """The ids the scenario needs, read as the administrator; stored in WORLD."""
    admin = _session(host, db, *admin)
    logins = ["agendaris", "kadis", "arsiparis", *DIVISIONS, *STAFF]
    users = admin.kw(
        "world", "res.users", "search_read", [[("login", "in", logins)]], fields=["login"]
    )
    WORLD["uid"] = {u["login"]: u["id"] for u in users}
    missing = set(logins) - set(WORLD["uid"])
    if missing:
        raise RuntimeError("demo users missing in %s: %s" % (db, ", ".join(sorted(missing))))
    codes = [code for code, _staff in DIVISIONS.values()]
    departments = admin.kw(
        "world", "hr.department", "search_read", [[("code", "in", codes)]], fields=["code"]
    )
    WORLD["dept"] = {d["code"]: d["id"] for d in departments}
    classes = admin.kw(
        "world",
        "surat.classification",
        "search_read",
        [[("code", "in", CLASSIFICATIONS)]],
        fields=["code"],
    )
    WORLD["classification"] = [c["id"] for c in classes]
    WORLD["partners"] = [
        p[0]
        for p in admin.kw(
            "world", "res.partner", "name_search", [], name="Kabupaten Bengkalis", limit=20
        )
    ]
    WORLD["instructions"] = admin.kw("world", "surat.disposition.instruction", "search", [[]])


def _register(clerk, department, size=64 * 1024):
    vals = letter_values(clerk.uid, size)
    vals.update(
        partner_id=random.choice(WORLD["partners"]),
        classification_id=random.choice(WORLD["classification"]),
        department_id=department,
    )
    letter = clerk.kw("seed", "surat.letter", "web_save", [[], vals], specification={})[0]["id"]
    clerk.button("seed", "surat.letter", "action_register", [letter])
    return letter


def _dispose(rpc, letter, parent=False, users=(), departments=()):
    wizard = rpc.kw(
        "seed",
        "surat.letter.dispose",
        "web_save",
        [
            [],
            {
                "letter_id": letter,
                "parent_id": parent,
                "user_ids": [(6, 0, list(users))],
                "department_ids": [(6, 0, list(departments))],
                "instruction_ids": [(6, 0, WORLD["instructions"][:2])],
                "note": "Segera ditindaklanjuti.",
            },
        ],
        specification={},
    )[0]["id"]
    rpc.button("seed", "surat.letter.dispose", "action_confirm", [wizard])


def _my_disposition(rpc, letter):
    found = rpc.kw(
        "seed",
        "surat.disposition",
        "search",
        [[("letter_id", "=", letter), ("user_id", "=", rpc.uid)]],
        order="id desc",
    )
    return found[0]


def _report(rpc, disposition):
    rpc.kw(
        "seed",
        "surat.disposition",
        "web_save",
        [[disposition], {"report": "Sudah ditindaklanjuti."}],
        specification={},
    )
    rpc.button("seed", "surat.disposition", "action_done", [disposition])


def _seed_division(clerk, head, sessions, kabid):
    code, staff = DIVISIONS[kabid]
    department = WORLD["dept"][code]
    chief = sessions[kabid]
    _register(clerk, department)  # stays registered: the head's queue
    for stage in ["forward", "accept", "report", "head_accept", "file"] + staff:
        letter = _register(clerk, department)
        _dispose(head, letter, departments=[department])
        if stage == "forward":
            continue
        mine = _my_disposition(chief, letter)
        member = stage if stage in staff else random.choice(staff)
        _dispose(chief, letter, parent=mine, users=[WORLD["uid"][member]])
        if stage in staff:
            continue
        worker = sessions[member]
        _report(worker, _my_disposition(worker, letter))
        if stage == "accept":
            continue
        reports = chief.kw(
            "seed",
            "surat.disposition",
            "search",
            [
                [
                    ("author_id", "=", chief.uid),
                    ("state", "=", "reported"),
                    ("letter_id", "=", letter),
                ]
            ],
        )
        chief.button("seed", "surat.disposition", "action_accept", reports)
        if stage == "report":
            continue
        _report(chief, mine)
        if stage == "head_accept":
            continue
        head.button("seed", "surat.disposition", "action_accept", [mine])


def seed(host, db):
    """Work in every queue, through the same RPC as the users. Per division: a letter
    to dispose, a disposition to forward, one per staff member to report on, a report
    to accept, a disposition to report back, a report for the head, a letter to file.
    The four divisions are seeded side by side."""
    logins = ["agendaris", "kadis", *DIVISIONS, *STAFF]
    with ThreadPoolExecutor(len(logins)) as pool:
        sessions = dict(
            zip(logins, pool.map(lambda lg: _session(host, db, lg), logins), strict=True)
        )
    clerk, head = sessions["agendaris"], sessions["kadis"]
    with ThreadPoolExecutor(len(DIVISIONS)) as pool:
        list(pool.map(lambda k: _seed_division(clerk, head, sessions, k), DIVISIONS))
