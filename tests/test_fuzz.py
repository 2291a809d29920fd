"""Bad input, all of it (issue 14): a seeded fuzz over JSON-RPC, black-box.

Demo users of each role (they work in Indonesian) call the public create,
write and action methods of the main models and of the wizards the UI calls
with wrong types, huge strings, unknown fields, bad selections and dates,
negative and nonexistent ids; and upload hostile files through the paths the
UI uses. Every case must end in a clean refusal (AccessError, UserError,
ValidationError, MissingError), in Indonesian when the message is the
addon's, with nothing changed in the database (letters, dispositions,
reviews, archive files, their files and messages, correspondents).

Wrong values never reach the ORM: the addon's guard (models/surat_guard.py,
``_surat_check_input``) refuses a value of the wrong shape for its field with a
clear message, where the ORM would have stringified it (a list for a subject),
emptied the field ("abc" for a many2one) or failed in PostgreSQL (a NUL
character, a 13th month).

Odoo's own answers to a malformed call, left as they are (changing them means
overriding its RPC dispatcher), are accepted when nothing changed and counted
apart ("core"): ids that are not integers (an error of PostgreSQL) and
arguments a method does not take (``TypeError`` where the dispatcher calls
it). A server error whose last frame is in the addon is always a failure.

Deterministic: FUZZ_SEED (default 1405) seeds the generator; FUZZ_PER_FIELD
(default 3) bad values per field and operation.
"""

import base64
import io
import json
import os
import random
import re
import struct
import time
import zlib

import adversarial as adv
import pytest
import requests
from conftest import LOG_DIR, ROOT
from pdf_file import pdf_file

SEED = int(os.environ.get("FUZZ_SEED", "1405"))
PER_FIELD = int(os.environ.get("FUZZ_PER_FIELD", "3"))
HUGE = "x" * (5 * 1024 * 1024)
MISSING_ID = 2_000_000_000
# what the database must keep when a call is refused (sql condition per table)
WATCHED = {
    "surat_letter": "TRUE",
    "surat_disposition": "TRUE",
    "surat_letter_review": "TRUE",
    "surat_archive_file": "TRUE",
    "surat_letter_share": "TRUE",
    "surat_number_reservation": "TRUE",
    "ir_attachment": "res_model LIKE 'surat.%%' OR res_model = 'mail.compose.message'",
    "mail_message": "model LIKE 'surat.%%'",
    "res_partner": "TRUE",
}
LOGINS = {
    "staff": "staf.aptika",
    "registrar": "agendaris",
    "head": "kadis",
    "archivist": "arsiparis",
    "kabid": "kabid.aptika",
}
# Odoo's own refusals of a call it cannot take (see the module doc)
CORE = re.compile(
    r"takes \d+ positional argument|got an unexpected keyword argument|"
    r"invalid input syntax for type|Wrong value for|Invalid field|invalid literal for int"
)
FRAME = re.compile(r'File "([^"]+)", line \d+, in (\S+)')


# ---------------------------------------------------------------------------
# Hostile files
# ---------------------------------------------------------------------------
def _page(extra=b""):
    return [
        b"<</Type/Catalog/Pages 2 0 R" + extra + b">>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>",
    ]


def _objstm_pdf():
    """The JavaScript action hidden in a compressed object stream."""
    inner = b"<</S/JavaScript/JS(app.alert(1))>>"
    header = b"4 0 "
    data = zlib.compress(header + inner)
    objects = _page(b"/OpenAction 4 0 R")
    objects.append(
        b"<</Type/ObjStm/N 1/First %d/Filter/FlateDecode/Length %d>>stream\n"
        % (len(header), len(data))
        + data
        + b"\nendstream"
    )
    return pdf_file(objects)


def zip_bomb(entries=256, size=16 * 1024 * 1024):
    """A small DOCX (about 4 MB) whose entries expand to 4 GB: the same deflated
    data under many names, written by hand (compressing 4 GB would take long)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = packer.compress(b"\0" * size) + packer.flush()
    crc = zlib.crc32(b"\0" * size)
    out, central = io.BytesIO(), io.BytesIO()
    names = [b"[Content_Types].xml"] + [b"word/document%d.xml" % i for i in range(entries)]
    for name in names:
        offset = out.tell()
        out.write(
            struct.pack(
                "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size, len(name), 0
            )
            + name
            + data
        )
        central.write(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(data),
                size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + name
        )
    start = out.tell()
    out.write(central.getvalue())
    out.write(
        struct.pack(
            "<IHHHHIIH", 0x06054B50, 0, 0, len(names), len(names), len(central.getvalue()), start, 0
        )
    )
    return out.getvalue()


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
GOOD_PDF = pdf_file(_page())


def hostile_files():
    """(label, file name, bytes, what the message says in Indonesian)."""
    return [
        ("truncated", "surat.pdf", GOOD_PDF[: len(GOOD_PDF) // 2], "tidak lengkap"),
        (
            "pdf_js",
            "surat.pdf",
            pdf_file(_page(b"/OpenAction<</S/JavaScript/JS(app.alert(1))>>")),
            "konten aktif",
        ),
        (
            "pdf_js_hex",
            "surat.pdf",
            pdf_file(_page(b"/OpenAction<</S/J#61vaScript/J#53(x)>>")),
            "konten aktif",
        ),
        ("pdf_js_objstm", "surat.pdf", _objstm_pdf(), "konten aktif"),
        (
            "pdf_launch",
            "surat.pdf",
            pdf_file(_page(b"/OpenAction<</S/Launch/F(cmd.exe)>>")),
            "konten aktif",
        ),
        ("zip_bomb", "surat.docx", zip_bomb(), "dokumen Office"),
        ("png_as_pdf", "surat.pdf", PNG, "tidak sesuai dengan namanya"),
        ("pdf_as_docx", "surat.docx", GOOD_PDF, "tidak sesuai dengan namanya"),
        ("html", "surat.pdf", b"<html><script>alert(1)</script></html>", "bukan dokumen"),
        ("exe", "surat.pdf", b"MZ\x90\x00" + b"\0" * 200, "bukan dokumen"),
    ]


# ---------------------------------------------------------------------------
# The world
# ---------------------------------------------------------------------------
def _english_patterns():
    """Regexes of the addon's English messages whose Indonesian differs."""
    text = (ROOT / "surat_menyurat" / "i18n" / "id.po").read_text()
    patterns = []
    for block in text.split("\n\n"):
        if "odoo-python" not in block:
            continue
        found = re.search(r'msgid ((?:".*"\n?)+)msgstr ((?:".*"\n?)+)', block)
        if not found:
            continue
        msgid, msgstr = (
            "".join(json.loads(part) for part in re.findall(r'".*"', group))
            for group in found.groups()
        )
        if not msgstr or msgstr == msgid or len(msgid) < 20:
            continue
        parts = re.split(r"%\(\w+\)s|%s|%d|\{\w*\}", msgid)
        head = max(parts, key=len)
        patterns.append((head, re.compile(".*".join(re.escape(p) for p in parts), re.S)))
    return patterns


class Fuzz:
    def __init__(self, server):
        self.server = server
        self.db = adv.Ground()
        self.rng = random.Random(SEED)
        self.tag = str(int(time.time()))[-6:]
        self.as_ = {role: adv.Actor(server, login) for role, login in LOGINS.items()}
        self.english = _english_patterns()
        self.results = {"refused": 0, "core": 0, "ok": 0}
        self.failures = []
        self.core_seen = {}
        db = self.db
        self.partner = db.value(
            "SELECT id FROM res_partner WHERE is_company AND active ORDER BY id DESC LIMIT 1"
        )
        self.classification = db.value(
            "SELECT c.id FROM surat_classification c JOIN res_users u ON u.login = 'agendaris' "
            "WHERE c.company_id = u.company_id AND c.active AND c.retention_active_years > 0 "
            "ORDER BY c.id LIMIT 1"
        )
        self.department = db.value(
            "SELECT e.department_id FROM hr_employee e JOIN res_users u ON u.id = e.user_id "
            "WHERE u.login = 'kabid.aptika'"
        )
        staff, registrar, head = self.as_["staff"], self.as_["registrar"], self.as_["head"]
        self.out_vals = {
            "direction": "outgoing",
            "subject": f"Fuzz keluar {self.tag}",
            "body": "<p>Isi surat uji.</p>",
            "classification_id": self.classification,
            "partner_id": self.partner,
        }
        self.out_draft = staff("surat.letter", "create", self.out_vals)
        self.in_draft = registrar("surat.letter", "create", self.incoming_vals("draft"))
        self.in_reg = registrar("surat.letter", "create", self.incoming_vals("reg"))
        registrar("surat.letter", "action_register", [self.in_reg])
        self.disp_vals = {"letter_id": self.in_reg, "user_id": self.as_["kabid"].uid}
        self.disposition = head("surat.disposition", "create", self.disp_vals)
        self.archive_vals = {
            "description": f"Berkas fuzz {self.tag}",
            "classification_id": self.classification,
            "year": 2026,
        }
        self.archive_file = self.as_["archivist"]("surat.archive.file", "create", self.archive_vals)

    def incoming_vals(self, label):
        scan = GOOD_PDF + f"% fuzz {label} {self.tag}\n".encode()
        return {
            "direction": "incoming",
            "subject": f"Fuzz masuk {label} {self.tag}",
            "partner_id": self.partner,
            "letter_number": f"FZ/{label}/{self.tag}",
            "classification_id": self.classification,
            "department_id": self.department,
            "scan_file": base64.b64encode(scan).decode(),
            "scan_filename": "scan.pdf",
        }

    # -- the database ------------------------------------------------------
    def fingerprint(self):
        prints = {}
        for table, where in WATCHED.items():
            prints[table] = self.db.query(
                f"SELECT count(*), coalesce(max(id), 0), "  # noqa: S608
                f"md5(coalesce(string_agg(t::text, '|' ORDER BY id), '')) "
                f"FROM {table} t WHERE {where}"
            )[0]
        return prints

    # -- one case ------------------------------------------------------------
    def check(self, label, actor, model, method, args, kwargs=None, may_pass=False):
        """Call; a refusal must be clean, in Indonesian and change nothing."""
        before = self.fingerprint()
        outcome = self.call(actor, model, method, args, kwargs or {})
        after = self.fingerprint()
        kind = outcome[0]
        self.results[kind] = self.results.get(kind, 0) + 1
        where = f"{label}: {actor.login} {model}.{method}"
        if kind == "ok":
            if not may_pass:
                self.failures.append(f"{where} ACCEPTED a bad value: {str(outcome[1])[:120]}")
            return outcome
        changed = [t for t in WATCHED if before[t] != after[t]]
        if changed:
            self.failures.append(f"{where} refused but CHANGED {changed}: {outcome[1][:200]}")
        if kind == "server":
            self.failures.append(f"{where} SERVER ERROR {outcome[1][:300]}\n{outcome[2]}")
        elif kind == "core":
            key = outcome[1][:70]
            self.core_seen.setdefault(key, where)
        elif kind == "refused" and self.is_english(outcome[2]):
            self.failures.append(f"{where} message NOT IN INDONESIAN: {outcome[2][:200]}")
        return outcome

    def call(self, actor, model, method, args, kwargs):
        # the web client sends the user's language and time zone with every call
        kwargs = dict(kwargs, context={"lang": "id_ID", "tz": "Asia/Jakarta"})
        try:
            return ("ok", actor.client.call_kw(model, method, args, kwargs))
        except adv.RPCError as error:
            if error.name in adv.CLEAN_ERRORS:
                return ("refused", error.name, error.message or "")
            debug = (error.error.get("data") or {}).get("debug", "")
            frames = FRAME.findall(debug)
            ours = frames and "/surat_menyurat/" in frames[-1][0]
            text = f"{error.name}: {error.message}"
            if not ours and CORE.search(text):
                return ("core", text)
            return ("server", text, debug[-1500:])
        except (requests.RequestException, ValueError) as error:
            return ("server", f"{type(error).__name__}: {error}", "")

    def is_english(self, message):
        return any(head in message and p.fullmatch(message) for head, p in self.english)

    # -- values ------------------------------------------------------------
    def bad_values(self, info):
        """Wrong values for a field of fields_get, as (value, may the ORM take it)."""
        kind = info["type"]
        common = [
            ({"a": 1}, False),
            ([["x"]], False),
            (-1, kind in ("integer", "float", "monetary", "char", "text", "html", "boolean")),
        ]
        pools = {
            "many2one": [
                ("abc", False),
                (-5, False),
                (MISSING_ID, False),
                ([1, 2], False),
                (1.5, False),
            ],
            "many2many": [
                ("abc", False),
                ([[4, MISSING_ID]], False),
                ([[6, 0, "x"]], False),
                ([[6, 0]], False),
                ([[99, 1]], False),
                ([[]], False),
                ([[6, 0, [-3]]], False),
                (MISSING_ID, False),
            ],
            "one2many": [
                ("abc", False),
                ([[0, 0, "x"]], False),
                ([[1, MISSING_ID, {}]], False),
                ([[99, 1]], False),
                ([[]], False),
            ],
            "integer": [("abc", False), (2**70, False), ("", False), (1.5, True)],
            "float": [("abc", False), ("", False)],
            "monetary": [("abc", False)],
            "date": [
                ("not-a-date", False),
                ("2026-13-45", False),
                (12345, False),
                ("0000-00-00", False),
                ("2026-02-30", False),
            ],
            "datetime": [("not-a-date", False), ("2026-01-01 25:61:00", False), (12345, False)],
            "selection": [("bogus", False), (12, False), ("", True)],
            "char": [(HUGE, False), (12345, True), ("\x00nul", True)],
            "text": [(HUGE, False), (12345, True)],
            "html": [(HUGE * 2, False), (12345, True)],
            "binary": [("!!!bukan base64!!!", False), (12345, False), ("QUJD", False)],
            "boolean": [("yes", True), ([1], True)],
        }
        pool = pools.get(kind, []) + common
        self.rng.shuffle(pool)
        return pool[:PER_FIELD]


@pytest.fixture(scope="module")
def fz(odoo_server):
    return Fuzz(odoo_server)


def _fields(actor, model):
    info = actor(model, "fields_get", [], attributes=["type", "readonly", "store", "required"])
    return {
        name: value
        for name, value in sorted(info.items())
        if value.get("store")
        and not value.get("readonly")
        and name not in adv.MAGIC_FIELDS
        and not name.startswith(("message_", "activity_", "website_message"))
    }


def _failed(fz):
    """The failures, also in logs/fuzz-failures.txt (a long list is cut in the assert)."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    (LOG_DIR / "fuzz-failures.txt").write_text("\n".join(fz.failures))
    return "\n".join(fz.failures[:40])


def _report(fz, started):
    lines = [
        f"fuzz (seed {SEED}): {sum(fz.results.values())} cases, {fz.results} "
        f"in {time.monotonic() - started:.0f} s"
    ]
    lines += [f"  core: {key} ({where})" for key, where in sorted(fz.core_seen.items())]
    return "\n".join(lines)


def test_wrong_values_change_nothing(fz, capsys):
    """Wrong types, unknown fields, bad selections and dates, huge strings, missing and
    negative ids: each create and write of the main models and wizards is refused cleanly,
    in Indonesian, and changes nothing."""
    started = time.monotonic()
    a = fz.as_
    targets = [
        # (actor, model, record to write or None, valid values of a create)
        (a["staff"], "surat.letter", fz.out_draft, fz.out_vals),
        (a["registrar"], "surat.letter", fz.in_draft, fz.incoming_vals("create")),
        (a["head"], "surat.disposition", fz.disposition, fz.disp_vals),
        (a["archivist"], "surat.archive.file", fz.archive_file, fz.archive_vals),
        (
            a["head"],
            "surat.letter.dispose",
            None,
            {"letter_id": fz.in_reg, "user_ids": [[6, 0, [a["kabid"].uid]]]},
        ),
        (a["registrar"], "surat.number.reserve", None, {"count": 1}),
        (
            a["staff"],
            "surat.letter.share.wizard",
            None,
            {"letter_id": fz.out_draft, "user_ids": [[6, 0, [a["kabid"].uid]]], "reason": "Fuzz"},
        ),
        # the import, export and book wizards
        (a["registrar"], "surat.history.import", None, {"data_file": "eA=="}),
        (a["registrar"], "surat.history.export", None, {}),
        (a["archivist"], "surat.retention.import", None, {"data_file": "eA=="}),
        (a["staff"], "surat.agenda.book.wizard", None, {}),
    ]
    for actor, model, record, vals in targets:
        fields = _fields(actor, model)
        for name, info in fields.items():
            for value, may_pass in fz.bad_values(info):
                if record:
                    fz.check(
                        f"write {name}={str(value)[:30]!r}",
                        actor,
                        model,
                        "write",
                        [[record], {name: value}],
                        may_pass=may_pass,
                    )
                if model == "surat.letter" and record == fz.in_draft:
                    continue  # incoming creates: the outgoing row covers the types
                outcome = fz.check(
                    f"create {name}={str(value)[:30]!r}",
                    actor,
                    model,
                    "create",
                    [dict(vals, **{name: value})],
                    may_pass=True,
                )
                if outcome[0] == "ok" and not may_pass and model.startswith("surat.letter"):
                    fz.failures.append(f"create {model} {name}={str(value)[:30]!r} ACCEPTED")
        for bad in (
            {"no_such_field": 1},
            {"": 1},
            {"subject'); DROP TABLE x; --": "x"},
            {"__proto__": {}},
        ):
            if record:
                fz.check(f"write unknown {bad}", actor, model, "write", [[record], bad])
            fz.check(f"create unknown {bad}", actor, model, "create", [dict(vals, **bad)])
        # (the ORM does not hold a required x2many of a wizard to it before its button)
        required = [
            n
            for n, i in fields.items()
            if i.get("required") and n in vals and i["type"] not in ("one2many", "many2many")
        ]
        for name in required:
            fz.check(f"create {name}=None", actor, model, "create", [dict(vals, **{name: None})])
    with capsys.disabled():
        print("\n" + _report(fz, started))
    assert not fz.failures, _failed(fz)


ACTIONS = {
    "surat.letter": [
        "action_register",
        "action_done",
        "action_submit",
        "action_approve",
        "action_reject",
        "action_sign",
        "action_send",
        "action_cancel",
        "action_reply",
        "action_print_draft",
        "action_open_dispose_wizard",
        "action_apply_header_suggestion",
        "action_ocr_rerun",
    ],
    "surat.disposition": [
        "action_read",
        "action_start",
        "action_done",
        "action_accept",
        "action_return",
        "action_cancel",
        "action_forward",
    ],
}


def test_wrong_calls_change_nothing(fz, capsys):
    """Action methods called on missing, negative or malformed ids, with arguments they do
    not take; the public methods that take arguments with wrong ones."""
    started = time.monotonic()
    fz.results = {"refused": 0, "core": 0, "ok": 0}
    fz.failures = []
    a = fz.as_
    for model, methods in ACTIONS.items():
        record = fz.in_reg if model == "surat.letter" else fz.disposition
        for method in methods:
            for label, args, kwargs in (
                ("missing id", [[MISSING_ID]], {}),
                ("negative id", [[-7]], {}),
                ("string id", [["abc"]], {}),
                ("extra argument", [[record], "surplus"], {}),
                ("unknown keyword", [[record]], {"surplus": 1}),
            ):
                actor = fz.rng.choice(list(a.values()))
                # opening a dialog changes nothing (its wizard checks what it points to)
                opens = method.startswith("action_open_")
                fz.check(label, actor, model, method, args, kwargs, may_pass=opens)
    huge_text = "Nomor : " + "9" * (5 * 1024 * 1024)
    for label, model, method, args, may_pass in (
        ("header None", "surat.letter", "suggest_header", [None], False),
        ("header list", "surat.letter", "suggest_header", [["a"]], False),
        ("header huge", "surat.letter", "suggest_header", [huge_text], True),
        ("book unknown", "surat.letter", "agenda_book_xlsx", ["bogus", []], False),
        ("book list", "surat.letter", "agenda_book_xlsx", [["incoming"], []], False),
        ("book ids str", "surat.letter", "agenda_book_xlsx", ["incoming", "abc"], False),
        ("book ids bad", "surat.letter", "agenda_book_xlsx", ["incoming", ["x"]], True),
        ("working days", "surat.holiday", "add_working_days", [1, "2026-01-01", 3], False),
        ("working between", "surat.holiday", "working_days_between", [1, "a", "b"], False),
    ):
        started_call = time.monotonic()
        fz.check(label, a["registrar"], model, method, args, may_pass=may_pass)
        if time.monotonic() - started_call > 20:
            fz.failures.append(f"{label}: {model}.{method} took more than 20 s")
    with capsys.disabled():
        print("\n" + _report(fz, started))
    assert not fz.failures, _failed(fz)


def _upload_mail(actor, letter, name, raw):
    """The chatter's upload (/mail/attachment/upload), as the web client sends it."""
    client = actor.client
    return client.session.post(
        client.url + "/mail/attachment/upload",
        data={
            "thread_id": str(letter),
            "thread_model": "surat.letter",
            "csrf_token": _csrf(client),
        },
        files={"ufile": (name, raw, "application/octet-stream")},
        timeout=120,
    )


def _csrf(client):
    page = client.session.get(client.url + "/odoo", timeout=60).text
    found = re.search(r'csrf_token: "([^"]+)"', page) or re.search(
        r'"csrf_token":\s*"([^"]+)"', page
    )
    return found.group(1) if found else ""


def test_hostile_files_refused(fz):
    """Each hostile file, through every upload path of the UI, is refused quickly with a
    clear Indonesian message and creates nothing."""
    fz.failures = []
    registrar = fz.as_["registrar"]
    letter_name = "surat.letter"
    for label, name, raw, says in hostile_files():
        b64 = base64.b64encode(raw).decode()
        paths = [
            (
                "create scan",
                letter_name,
                "create",
                [dict(fz.incoming_vals(label), scan_file=b64, scan_filename=name)],
            ),
            (
                "write scan",
                letter_name,
                "write",
                [[fz.in_draft], {"scan_file": b64, "scan_filename": name}],
            ),
            (
                "attachment",
                "ir.attachment",
                "create",
                [{"name": name, "datas": b64, "res_model": letter_name, "res_id": fz.in_draft}],
            ),
        ]
        for path, model, method, args in paths:
            started = time.monotonic()
            outcome = fz.check(f"{label} {path}", registrar, model, method, args)
            if outcome[0] == "refused" and says not in outcome[2]:
                fz.failures.append(f"{label} {path}: message does not say {says!r}: {outcome[2]}")
            if time.monotonic() - started > 10:
                fz.failures.append(f"{label} {path}: took {time.monotonic() - started:.0f} s")
        before = fz.fingerprint()
        response = _upload_mail(registrar, fz.in_draft, name, raw)
        if response.status_code != 400 or says not in response.text:
            fz.failures.append(
                f"{label} chatter upload: {response.status_code} {response.text[:300]}"
            )
        if fz.fingerprint() != before:
            fz.failures.append(f"{label} chatter upload CHANGED the database")
    assert not fz.failures, _failed(fz)


def test_scan_wizard_reports_hostile_files(fz):
    """The many-scans wizard (its files come through /web/binary/upload_attachment) creates
    no letter from a hostile file and says why, in Indonesian."""
    registrar = fz.as_["registrar"]
    client = registrar.client
    letters = fz.db.value("SELECT count(*) FROM surat_letter")
    files = [(f"{label}-{name}", raw) for label, name, raw, _says in hostile_files()]
    response = client.session.post(
        client.url + "/web/binary/upload_attachment",
        data={"model": "surat.letter.scan.upload", "id": "0", "csrf_token": _csrf(client)},
        files=[("ufile", (n, r, "application/octet-stream")) for n, r in files],
        timeout=120,
    )
    response.raise_for_status()
    uploaded = json.loads(response.text)
    assert all("id" in u for u in uploaded), uploaded
    wizard = registrar(
        "surat.letter.scan.upload",
        "create",
        {"attachment_ids": [[6, 0, [u["id"] for u in uploaded]]]},
    )
    registrar("surat.letter.scan.upload", "action_upload", [wizard])
    row = fz.db.row("surat.letter.scan.upload", wizard)
    assert (row["created_count"], row["refused_count"]) == (0, len(files)), row["result"]
    assert "ditolak" in row["result"], row["result"]
    assert fz.db.value("SELECT count(*) FROM surat_letter") == letters


def test_hundred_megabytes(fz):
    """A 100 MB file. Through the chatter's upload (multipart, under Odoo's 128 MiB
    request limit) the addon refuses it by size, in Indonesian. Over JSON-RPC it is
    133 MB once base64-encoded, beyond Odoo's 128 MiB: refused by Odoo itself (413,
    core) or, where werkzeug does not hold a JSON body to the limit, by the addon's
    size check. Nothing is created."""
    registrar = fz.as_["registrar"]
    client = registrar.client
    # lines, as in a real file (werkzeug 2.2 refuses 10 MB without a line break in a form)
    raw = GOOD_PDF[:-6] + (b"%" + b"0" * 1022 + b"\n") * (100 * 1024) + b"%%EOF\n"
    before = fz.fingerprint()
    response = _upload_mail(registrar, fz.in_draft, "besar.pdf", raw)
    assert response.status_code == 400, (response.status_code, response.text[:300])
    assert "lebih besar dari" in response.text, response.text[:500]
    body = json.dumps(
        {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "model": "surat.letter",
                "method": "write",
                "kwargs": {},
                "args": [[fz.in_draft], {"scan_file": base64.b64encode(raw).decode()}],
            },
        }
    )
    del raw
    response = client.session.post(
        client.url + "/web/dataset/call_kw/surat.letter/write",
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=300,
    )
    del body
    if response.status_code != 413:
        error = response.json().get("error", {}).get("data", {})
        assert (error.get("name"), "lebih besar dari" in error.get("message", "")) in (
            ("odoo.exceptions.UserError", True),
            ("werkzeug.exceptions.RequestEntityTooLarge", False),
        ), error.get("message", response.text[:300])
    assert fz.fingerprint() == before


def test_zip_bomb_is_small_and_huge():
    """The test's zip bomb is what it says: a few MB declaring gigabytes."""
    import zipfile

    raw = zip_bomb()
    infos = zipfile.ZipFile(io.BytesIO(raw)).infolist()
    assert len(raw) < 8 * 1024 * 1024
    assert sum(i.file_size for i in infos) > 4 * 1024**3 - 1
