"""Agency to agency between servers (issue 13 item 2): signatures, idempotence, retries.

The two-server test is tests/test_delivery_remote.py (black box); here one
database plays both ends, the HTTP call replaced.
"""

import base64
import json
import time
from unittest.mock import patch

import requests

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models.surat_retry_mixin import MAX_ATTEMPTS
from ..tools import agency_message
from .test_delivery import DeliveryCommon

SECRET = "rahasia-bersama-uji"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
POST = "odoo.addons.surat_menyurat.models.surat_partner_agency.requests.post"


class FakeResponse:
    def __init__(self, status, body):
        self.status_code = status
        self._body = body

    def json(self):
        return self._body


@tagged("post_install", "-at_install", "surat_delivery")
class TestDeliveryRemote(DeliveryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agency_b.surat_code = "DISDIK"
        cls.remote_partner = cls.env["res.partner"].create(
            {"name": "Dinas Kesehatan Kabupaten Lain", "is_company": True}
        )
        # A's configuration of the agency on the other server ...
        cls.remote = cls.env["surat.partner.agency"].create(
            {
                "name": "Dinkes (server lain)",
                "partner_id": cls.remote_partner.id,
                "company_id": cls.company.id,
                "url": "https://surat.lain.example",
                "remote_code": "DINKES",
                "secret": SECRET,
            }
        )
        # ... and B's configuration of it, as the sender of letters to B
        cls.remote_for_b = cls.env["surat.partner.agency"].create(
            {
                "name": "Dinkes (server lain)",
                "partner_id": cls.remote_partner.id,
                "company_id": cls.agency_b.id,
                "url": "https://surat.lain.example",
                "remote_code": "DINKES",
                "secret": SECRET,
            }
        )

    def _payload(self, **changes):
        payload = {
            "type": "letter",
            "from": "DINKES",
            "to": "DISDIK",
            "letter_id": 41,
            "letter_number": "400.7/12/DINKES/2026",
            "letter_date": "2026-03-02",
            "subject": "Undangan Rapat Koordinasi",
            "security_level": "normal",
            "urgency": "important",
            "enclosure_count": 1,
            "addressee": "Kepala Dinas Pendidikan",
            "pdf_name": "surat.pdf",
            "pdf": base64.b64encode(PDF).decode(),
        }
        payload.update(changes)
        return payload

    def _receive(self, **changes):
        Delivery = self.env["surat.letter.delivery"].sudo()
        return Delivery._surat_receive_remote(self.remote_for_b, self._payload(**changes))

    def test_signature_and_window(self):
        """Only the exact body with the shared secret, recently signed, is accepted."""
        body, headers = agency_message.pack({"type": "letter", "from": "DINKES"}, SECRET)
        signature = headers[agency_message.SIGNATURE_HEADER]
        self.assertTrue(agency_message.verify(SECRET, body, signature))
        self.assertFalse(
            agency_message.verify(SECRET, body.replace(b"DINKES", b"DINSOS"), signature)
        )
        self.assertFalse(agency_message.verify("lain", body, signature))
        self.assertFalse(agency_message.verify(SECRET, body, ""))
        payload = agency_message.parse(body)
        self.assertTrue(agency_message.fresh(payload))
        self.assertFalse(agency_message.fresh(payload, now=time.time() + 3600))
        self.assertFalse(agency_message.fresh(dict(payload, timestamp="1")))
        self.assertIsNone(agency_message.parse(b"[1, 2]"))
        Partner = self.env["surat.partner.agency"]
        # B's configuration of the sender, since the message is addressed to B
        payload["to"] = "DISDIK"
        self.assertEqual(Partner._surat_authenticate(body, signature, payload), self.remote_for_b)
        self.assertFalse(Partner._surat_authenticate(body, "sha256=00", payload))

    def test_received_once_as_draft_in_the_registry(self):
        """The message makes a draft in B's registry; the same message again, no second one."""
        first = self._receive()
        again = self._receive(subject="Diubah dalam pengiriman ulang")
        self.assertEqual(again, {"letter_id": first["letter_id"], "duplicate": True})
        letters = self.Letter.sudo().search(
            [("origin_reference", "=", "https://surat.lain.example / DINKES / 41")]
        )
        self.assertEqual(letters.ids, [first["letter_id"]])
        incoming = self._as_b(letters, self.registrar_b)
        self.assertEqual((incoming.direction, incoming.state), ("incoming", "draft"))
        self.assertEqual(incoming.company_id, self.agency_b)
        self.assertEqual(incoming.user_id, self.registrar_b)
        self.assertEqual(incoming.partner_id, self.remote_partner)
        self.assertEqual(incoming.subject, "Undangan Rapat Koordinasi")
        self.assertEqual(incoming.urgency, "important")
        self.assertEqual(incoming.receipt_channel, "agency")
        self.assertTrue(incoming.scan_sha256)
        self.assertIn(self.registrar_b, incoming.sudo().activity_ids.user_id)

    def test_bad_message_creates_nothing(self):
        """Not a PDF, an unknown level, an agency not of this server: refused, nothing made."""
        with self.assertRaises(UserError):
            self._receive(pdf=base64.b64encode(b"MZ\x90\x00 not a pdf").decode())
        with self.assertRaises(UserError):
            self._receive(security_level="rahasia_sekali")
        with self.assertRaises(LookupError):
            self._receive(to="DKIS")  # A's own agency: not configured for this partner
        self.assertFalse(self.Letter.sudo().search([("origin_reference", "!=", False)]))

    def test_secret_is_for_administrators_only(self):
        with self.assertRaises(AccessError):
            self.remote.with_user(self.registrar).read(["secret"])
        self.assertEqual(
            self.remote.with_user(self.registrar).read(["name"])[0]["name"], self.remote.name
        )

    def test_sent_signed_then_retried_while_down(self):
        """Addressed to the partner's correspondent: a remote line; down → queued with reason."""
        with patch(POST, side_effect=requests.ConnectionError("refused")):
            letter = self._send(partner_id=self.remote_partner.id)
        line = letter.delivery_ids
        self.assertEqual((line.transport, line.partner_agency_id), ("remote", self.remote))
        self.assertEqual(line.state, "queued")
        self.assertEqual(line.last_error, "The other server cannot be reached.")
        self.assertTrue(line.next_attempt)
        self.assertEqual(letter.delivery_state, "queued")

        sent = []

        def answer(url, data, headers, timeout):
            sent.append((url, data, headers))
            return FakeResponse(200, {"ok": True, "letter_id": 7})

        with patch(POST, side_effect=answer):
            line._surat_flow_write({"next_attempt": False})  # due now
            self.env["surat.letter.delivery"]._cron_surat_delivery()
        self.assertEqual(line.state, "delivered")
        url, body, headers = sent[0]
        self.assertEqual(url, "https://surat.lain.example/surat/agency/receive")
        self.assertTrue(
            agency_message.verify(SECRET, body, headers[agency_message.SIGNATURE_HEADER])
        )
        payload = json.loads(body)
        self.assertEqual((payload["from"], payload["to"]), ("DKIS", "DINKES"))
        self.assertEqual(payload["letter_number"], letter.letter_number)
        self.assertEqual(base64.b64decode(payload["pdf"]), letter.signed_attachment_id.raw)
        self.assertNotIn(SECRET.encode(), body)

    def test_receipt_back_and_forth(self):
        """B registers: the receipt waits in B's outbox while A is down; A records it."""
        incoming = self._as_b(self.Letter.browse(self._receive()["letter_id"]), self.registrar_b)
        with patch(POST, side_effect=requests.Timeout()):
            incoming.action_register()
        entry = self.env["surat.agency.outbox"].search([("letter_id", "=", incoming.id)])
        self.assertEqual(entry.state, "queued")
        self.assertTrue(entry.last_error)
        receipt = json.loads(entry.payload)
        self.assertEqual(receipt["agenda_number"], incoming.agenda_number)
        self.assertEqual(
            (receipt["from"], receipt["to"], receipt["letter_id"]), ("DISDIK", "DINKES", 41)
        )

        # A's side: its line for the letter the receipt names
        with patch(POST, return_value=FakeResponse(200, {"ok": True})):
            letter = self._send(partner_id=self.remote_partner.id)
        line = letter.delivery_ids
        Delivery = self.env["surat.letter.delivery"].sudo()
        with self.assertRaises(LookupError):
            Delivery._surat_receive_receipt(self.remote, dict(receipt, to="DKIS", letter_id=0))
        Delivery._surat_receive_receipt(self.remote, dict(receipt, to="DKIS", letter_id=letter.id))
        self.assertEqual(line.state, "registered")
        self.assertEqual(line.receipt_agenda_number, incoming.agenda_number)
        self.assertEqual(letter.delivery_state, "registered")

        with patch(POST, return_value=FakeResponse(200, {"ok": True})):
            entry.next_attempt = False
            self.env["surat.letter.delivery"]._cron_surat_delivery()
        self.assertEqual(entry.state, "sent")

    def test_failed_after_the_last_attempt_then_try_again(self):
        """Still down after every retry: failed with its reason; "Try Again" delivers it."""
        with patch(POST, return_value=FakeResponse(503, {})):
            letter = self._send(partner_id=self.remote_partner.id)
            line = letter.delivery_ids
            while line.state == "queued":
                line._surat_flow_write({"next_attempt": False})
                self.env["surat.letter.delivery"]._cron_surat_delivery()
        self.assertEqual(line.state, "failed")
        self.assertEqual(line.attempt_count, MAX_ATTEMPTS)
        self.assertIn("HTTP 503", line.last_error)
        self.assertEqual(letter.delivery_state, "failed")
        with patch(POST, return_value=FakeResponse(200, {"ok": True, "letter_id": 3})):
            line.with_user(self.staff).action_retry()
        self.assertEqual(line.state, "delivered")
        self.assertEqual(letter.delivery_state, "delivered")
