"""docs/api.md runs: every example of the integration API, against the real server.

The ```python blocks of docs/api.md that start with ``# example: NAME`` run as
scripts in a fresh interpreter each, as an integrator runs them, with the
settings the doc documents (SURAT_URL, SURAT_DB, SURAT_LOGIN, SURAT_API_KEY, ...)
in the environment; ``# file: NAME`` blocks are written next to them. The
account and its key come from the doc's own set-up and key examples. Beside
what each example prints, the integration account is held to the web client's
rules: no secret letter it is not involved in, no workflow field.
"""

import base64
import datetime
import hashlib
import json
import os
import re
import subprocess
import sys
import uuid
import xmlrpc.client

import pytest
from conftest import ADMIN_LOGIN, ADMIN_PASSWORD, ROOT, RPCError
from test_concurrency import PDF

DOC = ROOT / "docs" / "api.md"
BLOCK = re.compile(r"^```python\n# (example|file): (\S+)\n(.*?)^```$", re.M | re.S)
BLOCKS = {name: (kind, code) for kind, name, code in BLOCK.findall(DOC.read_text())}
EXAMPLES = {name for name, (kind, _code) in BLOCKS.items() if kind == "example"}
RAN = set()
KEY_MAX_DAYS = 180  # above the 90 days every internal user has: the group's own limit
KEY_DAYS = 120
PDF_BYTES = base64.b64decode(PDF)


class Examples:
    """Runs the doc's examples in one folder with one set of settings."""

    def __init__(self, folder, settings):
        self.folder = folder
        self.settings = settings
        for name, (kind, code) in BLOCKS.items():
            if kind == "file":
                (folder / name).write_text(code)

    def run(self, name, check=True, **settings):
        env = {**os.environ, **self.settings, **settings}
        proc = subprocess.run(  # noqa: S603
            [sys.executable, "-c", BLOCKS[name][1]],
            cwd=self.folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        RAN.add(name)
        if check:
            assert proc.returncode == 0, f"example {name} failed:\n{proc.stderr}"
        return proc

    def json(self, name, **settings):
        """The example's printed JSON lines."""
        out = self.run(name, **settings).stdout
        return [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def api(odoo_server, tmp_path_factory):
    """The doc's integration account (set-up example) and its key (key example)."""
    login = "api_" + uuid.uuid4().hex[:8]
    examples = Examples(
        tmp_path_factory.mktemp("api-doc"),
        {
            "SURAT_URL": odoo_server.url,
            "SURAT_DB": odoo_server.db,
            "SURAT_LOGIN": login,
            "SURAT_PASSWORD": login + "-Pw1",
            "SURAT_ADMIN_LOGIN": ADMIN_LOGIN,
            "SURAT_ADMIN_PASSWORD": ADMIN_PASSWORD,
            "SURAT_KEY_MAX_DAYS": str(KEY_MAX_DAYS),
            "SURAT_KEY_DAYS": str(KEY_DAYS),
        },
    )
    out = examples.run("setup-account").stdout
    match = re.fullmatch(rf"user {login} \(id (\d+)\): API keys up to {KEY_MAX_DAYS} days\n", out)
    assert match, out
    examples.uid = int(match.group(1))
    key = examples.run("make-key").stdout.strip()
    assert re.fullmatch(r"[0-9a-f]{40}", key), key
    examples.settings["SURAT_API_KEY"] = examples.key = key
    examples.login = login
    return examples


def _as(odoo_server, login):
    client = odoo_server.client()
    client.authenticate(login, login)
    return client


@pytest.fixture(scope="module")
def world(odoo_server, api):
    """What the examples look at, made by the people of the demo agency."""
    kadis, clerk = _as(odoo_server, "kadis"), _as(odoo_server, "agendaris")
    [person] = kadis.call_kw(
        "res.users", "search_read", [[("login", "=", "kabid.sandistik")]], {"fields": ["name"]}
    )
    sandistik = person["id"]
    [sender] = kadis.call_kw(
        "res.partner", "search", [[("name", "=ilike", "Badan Pusat Statistik%")]], {"limit": 1}
    )
    [classification] = kadis.call_kw(
        "surat.classification", "search", [[("code", "=", "000.1.1")]], {"limit": 1}
    )
    [instruction] = kadis.call_kw(
        "surat.disposition.instruction", "search_read", [[]], {"fields": ["name"], "limit": 1}
    )
    # a secret letter the clerk registers and the head disposes to kabid.sandistik:
    # the integration account is not involved in it
    secret_id = clerk.call_kw(
        "surat.letter",
        "create",
        [
            {
                "direction": "incoming",
                "subject": "Rahasia uji API " + api.login,
                "partner_id": sender,
                "letter_number": "R-1/" + api.login,
                "security_level": "secret",
                "scan_file": PDF,
                "scan_filename": "rahasia.pdf",
            }
        ],
    )
    clerk.call_kw("surat.letter", "action_register", [[secret_id]])
    secret_disposition = kadis.call_kw(
        "surat.disposition", "create", [{"letter_id": secret_id, "user_id": sandistik}]
    )
    # an outgoing letter signed by the head, one waiting for kabid.sandistik's paraf
    signed_id = kadis.call_kw(
        "surat.letter",
        "create",
        [
            {
                "direction": "outgoing",
                "subject": "Surat bertanda tangan uji API",
                "body": "<p>Dengan hormat,</p>",
                "partner_id": sender,
                "classification_id": classification,
                "signer_id": kadis.uid,
            }
        ],
    )
    kadis.call_kw("surat.letter", "action_submit", [[signed_id]])
    kadis.call_kw("surat.letter", "action_sign", [[signed_id]])
    [signed] = kadis.call_kw(
        "surat.letter", "read", [[signed_id], ["letter_number", "signed_pdf_sha256"]]
    )
    review_id = kadis.call_kw(
        "surat.letter",
        "create",
        [
            {
                "direction": "outgoing",
                "subject": "Konsep menunggu paraf uji API",
                "body": "<p>Dengan hormat,</p>",
                "partner_id": sender,
                "classification_id": classification,
                "signer_id": kadis.uid,
                "review_ids": [(0, 0, {"sequence": 10, "user_id": sandistik})],
            }
        ],
    )
    kadis.call_kw("surat.letter", "action_submit", [[review_id]])
    return {
        "kadis": kadis,
        "sender": sender,
        "sandistik": person,
        "instruction": instruction,
        "secret_id": secret_id,
        "secret_disposition": secret_disposition,
        "signed": signed,
        "review_id": review_id,
    }


@pytest.fixture(scope="module")
def registered(api, world, tmp_path_factory):
    """The register example's letter, then disposed by the head to kabid.sandistik."""
    folder = tmp_path_factory.mktemp("scans")
    scan, enclosure = folder / "scan-surat.pdf", folder / "lampiran-1.pdf"
    scan.write_bytes(PDF_BYTES)
    enclosure.write_bytes(PDF_BYTES)
    [letter] = api.json(
        "register-incoming",
        SURAT_SCAN=str(scan),
        SURAT_ENCLOSURES=str(enclosure),
        SURAT_SENDER="badan pusat statistik kabupaten bengkalis",
        SURAT_SENDER_NUMBER="B-7/" + api.login,
        SURAT_LETTER_DATE=datetime.date.today().isoformat(),
        SURAT_SUBJECT="Permohonan data uji API " + api.login,
    )
    disposition = world["kadis"].call_kw(
        "surat.disposition",
        "create",
        [
            {
                "letter_id": letter["id"],
                "user_id": world["sandistik"]["id"],
                "instruction_ids": [(6, 0, [world["instruction"]["id"]])],
                "note": "Mohon ditindaklanjuti.",
                "deadline": (datetime.date.today() + datetime.timedelta(days=3)).isoformat(),
            }
        ],
    )
    return dict(letter, disposition_id=disposition)


def _jsonrpc(api, odoo_server, model, method, *args, **kwargs):
    client = odoo_server.client()
    return client.execute_kw(api.uid, api.key, model, method, list(args), kwargs)


def test_the_key_follows_the_integration_group(api, odoo_server):
    """The key made by the doc's script lives as asked, beyond the 90 days of every
    internal user up to the group's maximum, and no longer; the web login refuses
    the key, the external API the account's password."""
    [key] = _jsonrpc(
        api,
        odoo_server,
        "res.users.apikeys",
        "search_read",
        [("user_id", "=", api.uid)],
        fields=["expiration_date"],
    )
    expires = datetime.datetime.fromisoformat(key["expiration_date"])
    expected = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    assert abs(expires - expected - datetime.timedelta(days=KEY_DAYS)) < datetime.timedelta(hours=1)
    refused = api.run("make-key", check=False, SURAT_KEY_DAYS=str(KEY_MAX_DAYS + 30))
    assert refused.returncode != 0 and refused.stdout == ""
    assert str(KEY_MAX_DAYS) in refused.stderr
    # the examples log in with it on /jsonrpc and /xmlrpc; the web login refuses it
    with pytest.raises(RPCError) as caught:
        odoo_server.client().authenticate(api.login, api.key)
    assert caught.value.name == "odoo.exceptions.AccessDenied"
    # and the account's password, good in the web client, is refused on the API
    password = api.settings["SURAT_PASSWORD"]
    assert odoo_server.client().login(api.login, password) is False
    xml_common = odoo_server.client().xmlrpc("common")
    assert xml_common.authenticate(odoo_server.db, api.login, password, {}) is False


def test_register_incoming_letter_with_its_scan(api, registered, odoo_server):
    """The letter is registered by the integration account with its scan and enclosure."""
    assert registered["state"] == "registered"
    assert re.fullmatch(r"\d+/SM/\d{4}", registered["agenda_number"])
    assert registered["subject"] == "Permohonan data uji API " + api.login
    [letter] = _jsonrpc(
        api,
        odoo_server,
        "surat.letter",
        "read",
        [registered["id"]],
        ["registered_by_id", "scan_filename", "scan_sha256", "letter_number"],
    )
    assert letter["registered_by_id"][0] == api.uid
    assert letter["scan_filename"] == "scan-surat.pdf"
    assert letter["scan_sha256"] == hashlib.sha256(PDF_BYTES).hexdigest()
    files = _jsonrpc(
        api,
        odoo_server,
        "ir.attachment",
        "search_read",
        [("res_model", "=", "surat.letter"), ("res_id", "=", registered["id"])],
        fields=["name"],
    )
    assert [f["name"] for f in files] == ["lampiran-1.pdf"]


def test_letter_status_and_dispositions(api, registered, world):
    [status] = api.json("letter-status", SURAT_LETTER=registered["agenda_number"])
    assert status["state"] == "in_progress"
    assert status["agenda_number"] == registered["agenda_number"]
    [disposition] = status["dispositions"]
    assert disposition["id"] == registered["disposition_id"]
    assert disposition["to"] == world["sandistik"]["name"]
    assert disposition["instructions"] == [world["instruction"]["name"]]
    assert (disposition["state"], disposition["parent"], disposition["overdue"]) == (
        "sent",
        False,
        False,
    )


def test_what_waits_for_a_user_obeys_the_callers_rights(api, registered, world):
    """kabid.sandistik's queue as the integration account: the new disposition and
    the paraf waiting for him, not the disposition on the secret letter, which the
    head sees waiting for him."""
    [queue] = api.json("waiting-for-user", SURAT_FOR_LOGIN="kabid.sandistik")
    assert queue["user"] == world["sandistik"]["name"]
    ids = {d["id"] for d in queue["dispositions"]}
    assert registered["disposition_id"] in ids
    assert world["secret_disposition"] not in ids
    head_sees = world["kadis"].call_kw(
        "surat.disposition",
        "search",
        [[("user_id", "=", world["sandistik"]["id"]), ("state", "in", ["sent", "read"])]],
    )
    assert world["secret_disposition"] in head_sees
    assert all(d["letter_id"] != world["secret_id"] for d in queue["dispositions"])
    assert world["review_id"] in {r["letter_id"] for r in queue["to_review"]}


def test_fetch_signed_letter(api, world, tmp_path):
    [fetched] = api.json(
        "fetch-signed-pdf",
        SURAT_LETTER_NUMBER=world["signed"]["letter_number"],
        SURAT_OUT_DIR=str(tmp_path),
    )
    pdf = (tmp_path / os.path.basename(fetched["file"])).read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert fetched["bytes"] == len(pdf)
    assert fetched["state"] == "signed"
    assert hashlib.sha256(pdf).hexdigest() == world["signed"]["signed_pdf_sha256"]


def test_odoorpc_with_the_api_key(api, registered, world):
    [letter] = api.json("odoorpc", SURAT_LETTER=registered["agenda_number"])
    assert letter["state"] == "in_progress"
    assert letter["dispositions"] == [{"to": world["sandistik"]["name"], "state": "sent"}]


def test_refused_write_changes_nothing(api, registered):
    refused, after = api.json("refused", SURAT_LETTER=registered["agenda_number"])
    assert refused["refused"] == "odoo.exceptions.AccessError"
    assert after["state"] == "in_progress"


def test_same_rules_as_the_web_client(api, registered, world, odoo_server):
    """No secret letter the account is not involved in, by any call; no workflow field."""
    secret = world["secret_id"]

    def call(model, method, *args, **kwargs):
        return _jsonrpc(api, odoo_server, model, method, *args, **kwargs)

    subject = [("subject", "ilike", "Rahasia uji API " + api.login)]
    assert call("surat.letter", "search", subject) == []
    assert call("surat.letter", "search_count", [("id", "=", secret)]) == 0
    assert call("surat.letter", "name_search", "Rahasia uji API " + api.login) == []
    assert call("surat.disposition", "search", [("letter_id", "=", secret)]) == []
    for method, args in (("read", [[secret], ["subject"]]), ("action_register", [[secret]])):
        with pytest.raises(RPCError) as caught:
            call("surat.letter", method, *args)
        assert caught.value.name == "odoo.exceptions.AccessError"
        assert "Rahasia" not in caught.value.message
    models = odoo_server.client().xmlrpc("object")
    with pytest.raises(xmlrpc.client.Fault):
        models.execute_kw(odoo_server.db, api.uid, api.key, "surat.letter", "read", [[secret]], {})
    letter = registered["id"]
    for vals in (
        {"agenda_number": "1/SM/1999"},
        {"registered_by_id": world["kadis"].uid},
        {"state": "done"},
    ):
        with pytest.raises(RPCError) as caught:
            call("surat.letter", "write", [letter], vals)
        assert caught.value.name == "odoo.exceptions.AccessError", vals
    born_registered = {
        "direction": "incoming",
        "subject": "Langsung terdaftar " + api.login,
        "partner_id": world["sender"],
        "scan_file": PDF,
        "scan_filename": "scan.pdf",
    }
    for vals in ({"state": "registered"}, {"agenda_number": "1/SM/1999"}):
        with pytest.raises(RPCError) as caught:
            call("surat.letter", "create", dict(born_registered, **vals))
        assert caught.value.name == "odoo.exceptions.AccessError", vals
    assert call("surat.letter", "search", [("subject", "=", born_registered["subject"])]) == []
    with pytest.raises(RPCError) as caught:
        call("surat.letter", "_surat_flow_write", [letter], {"state": "done"}, "x")
    assert caught.value.name == "odoo.exceptions.AccessError"
    [after] = call("surat.letter", "read", [letter], ["agenda_number", "state"])
    assert (after["agenda_number"], after["state"]) == (registered["agenda_number"], "in_progress")


def test_every_example_of_the_doc_ran():
    """Placed last: an example added to docs/api.md without a test fails here."""
    assert EXAMPLES == {
        "setup-account",
        "make-key",
        "register-incoming",
        "letter-status",
        "waiting-for-user",
        "fetch-signed-pdf",
        "odoorpc",
        "refused",
    }
    assert RAN == EXAMPLES
