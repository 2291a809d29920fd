"""Agency to agency between two servers (issue 13 item 2), with two real Odoo servers.

Server A serves TEST_DB, server B serves TEST_DB_B (default TEST_DB + "_b"; both
installed with the demo data). Each is configured over JSON-RPC, as its admin,
with a partner agency for the other one and the same shared secret. B is
stopped and started again on the same port to play "the other side is down".
"""

import base64
import hashlib
import hmac
import json
import os
import time
import uuid
from contextlib import ExitStack

import pytest
import requests
from conftest import ADMIN_LOGIN, ADMIN_PASSWORD, TEST_DB, _free_port, running_server

TEST_DB_B = os.environ.get("TEST_DB_B", TEST_DB + "_b")
SECRET = "rahasia-" + uuid.uuid4().hex
CODE_A = "DISKOMINFOTIK"  # the demo agency, on A
CODE_B = "DISDIKB" + uuid.uuid4().hex[:4].upper()  # the demo agency renamed on B
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _admin(server):
    client = server.client()
    client.authenticate(ADMIN_LOGIN, ADMIN_PASSWORD)
    return client


def _user(server, login):
    client = server.client()
    client.authenticate(login, login)
    return client


def _company_of(client):
    return client.call_kw("res.users", "read", [[client.uid], ["company_id"]])[0]["company_id"][0]


def _configure(client, name, url, remote_code):
    """A correspondent and its partner agency on this server; returns the correspondent."""
    partner_id = client.call_kw("res.partner", "create", [{"name": name, "is_company": True}])
    client.call_kw(
        "surat.partner.agency",
        "create",
        [
            {
                "name": name,
                "partner_id": partner_id,
                "url": url,
                "remote_code": remote_code,
                "secret": SECRET,
            }
        ],
    )
    return partner_id


class Pair:
    """Servers A and B; B can be stopped and started again (same port, same URL)."""

    def __init__(self, stack):
        self.stack = stack
        self.a = stack.enter_context(running_server(TEST_DB, "remote-a.log"))
        self.port_b = _free_port()
        self.b_stack = None
        self.start_b()

    def start_b(self):
        self.b_stack = ExitStack()
        self.b = self.b_stack.enter_context(
            running_server(TEST_DB_B, "remote-b.log", port=self.port_b)
        )

    def stop_b(self):
        self.b_stack.close()

    def close(self):
        self.b_stack.close()


@pytest.fixture(scope="module")
def pair():
    with ExitStack() as stack:
        pair = Pair(stack)
        stack.callback(pair.close)
        admin_a, admin_b = _admin(pair.a), _admin(pair.b)
        admin_b.call_kw("res.company", "write", [[_company_of(admin_b)], {"surat_code": CODE_B}])
        pair.to_b = _configure(admin_a, "Dinas Pendidikan (server B)", pair.b.url, CODE_B)
        pair.to_a = _configure(admin_b, "Diskominfotik (server A)", pair.a.url, CODE_A)
        yield pair


def _send(server, partner_id, subject):
    """An outgoing letter of A's head, signed and sent to ``partner_id``; its id."""
    head = _user(server, "kadis")
    classification_id = head.call_kw(
        "surat.classification", "search", [[("code", "=", "000.1.1")]], {"limit": 1}
    )[0]
    letter_id = head.call_kw(
        "surat.letter",
        "create",
        [
            {
                "direction": "outgoing",
                "subject": subject,
                "body": "<p>Dengan hormat,</p>",
                "partner_id": partner_id,
                "signer_id": head.uid,
                "classification_id": classification_id,
                "security_level": "normal",
                "urgency": "urgent",
                "enclosure_count": 2,
            }
        ],
    )
    head.call_kw("surat.letter", "action_submit", [[letter_id]])
    head.call_kw("surat.letter", "action_sign", [[letter_id]])
    head.call_kw("surat.letter", "action_send", [[letter_id]])
    return letter_id


def _line(admin, letter_id):
    lines = admin.call_kw(
        "surat.letter.delivery",
        "search_read",
        [[("letter_id", "=", letter_id)]],
        {
            "fields": [
                "transport",
                "state",
                "last_error",
                "next_attempt",
                "receipt_agenda_number",
                "receipt_user",
            ]
        },
    )
    assert len(lines) == 1
    return lines[0]


def _received(admin, reference_part):
    return admin.call_kw(
        "surat.letter",
        "search_read",
        [[("origin_reference", "like", reference_part)]],
        {
            "fields": [
                "state",
                "subject",
                "origin_reference",
                "letter_number",
                "urgency",
                "enclosure_count",
                "scan_filename",
            ]
        },
    )


def _run_cron(admin):
    """The delivery cron (deliveries and receipts), run now by the admin."""
    cron_id = admin.call_kw(
        "ir.model.data", "check_object_reference", ["surat_menyurat", "ir_cron_surat_delivery"]
    )[1]
    admin.call_kw("ir.cron", "method_direct_trigger", [[cron_id]])


def _message(letter_id, secret=SECRET, stamp=None, **changes):
    payload = {
        "type": "letter",
        "message_id": "test:%s:1" % letter_id,
        "from": CODE_A,
        "to": CODE_B,
        "letter_id": letter_id,
        "sender_agency": "Diskominfotik",
        "letter_number": "000.1/%s/DISKOMINFOTIK/2026" % letter_id,
        "letter_date": "2026-03-02",
        "subject": "Undangan rapat koordinasi",
        "security_level": "normal",
        "urgency": "normal",
        "enclosure_count": 0,
        "addressee": "Kepala Dinas Pendidikan",
        "pdf_name": "surat.pdf",
        "pdf": base64.b64encode(PDF).decode(),
        "timestamp": int(time.time()) if stamp is None else stamp,
    }
    payload.update(changes)
    body = json.dumps(payload, sort_keys=True).encode()
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return body, signature


def _post(server, body, signature):
    return requests.post(
        server.url + "/surat/agency/receive",
        data=body,
        headers={"Content-Type": "application/json", "X-Surat-Signature": signature},
        timeout=60,
    )


def test_delivered_to_the_other_server_and_receipt_comes_back(pair):
    """A's letter arrives as a draft in B's registry; B registers it; A sees the receipt."""
    admin_a, admin_b = _admin(pair.a), _admin(pair.b)
    subject = "Permohonan data sekolah " + uuid.uuid4().hex[:6]
    letter_id = _send(pair.a, pair.to_b, subject)
    line = _line(admin_a, letter_id)
    assert (line["transport"], line["state"]) == ("remote", "delivered"), line
    reference = "%s / %s / %s" % (pair.a.url, CODE_A, letter_id)
    [received] = _received(admin_b, reference)
    assert received["origin_reference"] == reference
    assert received["state"] == "draft"
    assert received["subject"] == subject
    assert (received["urgency"], received["enclosure_count"]) == ("urgent", 2)
    sent = admin_a.call_kw("surat.letter", "read", [[letter_id], ["letter_number"]])[0]
    assert received["letter_number"] == sent["letter_number"]
    # the signed PDF is B's scan
    scan = admin_b.call_kw("surat.letter", "read", [[received["id"]], ["scan_file"]])[0]
    assert base64.b64decode(scan["scan_file"]).startswith(b"%PDF-")

    clerk_b = _user(pair.b, "agendaris")
    clerk_b.call_kw("surat.letter", "action_register", [[received["id"]]])
    agenda = admin_b.call_kw("surat.letter", "read", [[received["id"]], ["agenda_number"]])[0]
    line = _line(admin_a, letter_id)
    assert line["state"] == "registered"
    assert line["receipt_agenda_number"] == agenda["agenda_number"]
    assert line["receipt_user"]
    state = admin_a.call_kw("surat.letter", "read", [[letter_id], ["delivery_state"]])[0]
    assert state["delivery_state"] == "registered"


def test_receiving_server_down_then_back(pair):
    """B down: the line waits queued with its reason; B back, the retry delivers it."""
    admin_a = _admin(pair.a)
    pair.stop_b()
    try:
        letter_id = _send(pair.a, pair.to_b, "Surat saat server B mati")
        line = _line(admin_a, letter_id)
        assert line["state"] == "queued"
        assert line["next_attempt"]
        # the reason, in the sender's language (the demo head's is Indonesian)
        assert line["last_error"] in (
            "The other server cannot be reached.",
            "Server tujuan tidak dapat dihubungi.",
        )
        state = admin_a.call_kw("surat.letter", "read", [[letter_id], ["delivery_state"]])[0]
        assert state["delivery_state"] == "queued"
    finally:
        pair.start_b()
    # the retry is due (as if its time had come), the cron runs
    _due_now(pair.a, letter_id)
    _run_cron(admin_a)
    line = _line(admin_a, letter_id)
    assert line["state"] == "delivered", line
    assert not line["last_error"]
    admin_b = _admin(pair.b)
    assert len(_received(admin_b, "%s / %s / %s" % (pair.a.url, CODE_A, letter_id))) == 1


def _due_now(server, letter_id):
    """Make the queued line's next attempt due (the cron's back-off is minutes)."""
    import psycopg2  # the test's own access to A's database, for the clock only

    with psycopg2.connect(dbname=server.db) as conn, conn.cursor() as cr:
        cr.execute(
            "UPDATE surat_letter_delivery SET next_attempt = now() at time zone 'UTC' "
            "- interval '1 minute' WHERE letter_id = %s",
            [letter_id],
        )


def test_same_message_twice_is_one_letter(pair):
    """A replayed (or resent) message answers the same letter, never a second one."""
    admin_b = _admin(pair.b)
    letter_id = 900000 + int(uuid.uuid4().int % 99999)
    body, signature = _message(letter_id)
    first = _post(pair.b, body, signature)
    assert first.status_code == 200, first.text
    again = _post(pair.b, body, signature)
    assert again.status_code == 200, again.text
    assert again.json()["letter_id"] == first.json()["letter_id"]
    assert len(_received(admin_b, "/ %s / %s" % (CODE_A, letter_id))) == 1


def test_tampered_message_is_refused(pair):
    """A changed body, a wrong secret, an old message, no signature: 401, nothing created."""
    admin_b = _admin(pair.b)
    letter_id = 800000 + int(uuid.uuid4().int % 99999)
    body, signature = _message(letter_id)
    tampered = body.replace(b"Undangan rapat", b"Undangan palsu")
    _b2, wrong = _message(letter_id, secret="bukan-rahasianya")
    old_body, old_signature = _message(letter_id, stamp=int(time.time()) - 3600)
    for data, sig in (
        (tampered, signature),
        (body, wrong),
        (old_body, old_signature),
        (body, ""),
    ):
        answer = _post(pair.b, data, sig)
        assert answer.status_code == 401, answer.text
        assert answer.json() == {"error": "unauthorized"}
    assert _post(pair.b, b"not json", signature).status_code == 400
    assert _received(admin_b, "/ %s / %s" % (CODE_A, letter_id)) == []
