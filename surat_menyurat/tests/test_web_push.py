"""Browser push to the head's phone, end to end: subscription, encrypted push, payload.

A small push service runs on localhost; the head's "phone" subscribes as the web
client's service worker does (``mail.push.device.register_devices``), Odoo encrypts
each push for that subscription (RFC 8291) and the test decrypts it with the
phone's private key: what a lock screen would show.
"""

import base64
import json
import struct
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from odoo import fields
from odoo.tests import tagged

from .test_outgoing import OutgoingCommon


def _b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _hkdf(salt, info, length, secret):
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(secret)


class PushService:
    """Stands for the browser vendor's push service: keeps what it receives."""

    def __init__(self):
        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((self.path, dict(self.headers), body))
                self.send_response(201)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class Phone:
    """A browser subscription: its keys, and the decryption of what it receives."""

    def __init__(self, endpoint):
        self.endpoint = endpoint
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.public = self.private_key.public_key().public_bytes(
            Encoding.X962, PublicFormat.UncompressedPoint
        )
        self.auth = b"sixteen-byte-key"

    def subscription(self):
        return {"p256dh": _b64url(self.public), "auth": _b64url(self.auth)}

    def decrypt(self, body):
        """RFC 8188/8291: aes128gcm with the ECDH secret of the sender's key and ours."""
        salt, _record_size, key_length = struct.unpack("!16sLB", body[:21])
        sender = body[21 : 21 + key_length]
        sender_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), sender)
        shared = self.private_key.exchange(ec.ECDH(), sender_key)
        ikm = _hkdf(self.auth, b"WebPush: info\x00" + self.public + sender, 32, shared)
        key = _hkdf(salt, b"Content-Encoding: aes128gcm\x00", 16, ikm)
        nonce = _hkdf(salt, b"Content-Encoding: nonce\x00", 12, ikm)
        plain = AESGCM(key).decrypt(nonce, body[21 + key_length :], None)
        return json.loads(plain.rstrip(b"\x00")[:-1])  # last record: delimiter 0x02


@tagged("post_install", "-at_install", "surat_mail")
class TestWebPush(OutgoingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.service = PushService()
        cls.addClassCleanup(cls.service.stop)
        # the head reads his notifications in Odoo (inbox), hence on his phone
        cls.head.notification_type = "inbox"
        cls.phone = Phone(cls.service.url + "/push/kepala-dinas")
        Device = cls.env["mail.push.device"]
        vapid_key = Device.get_web_push_vapid_public_key()
        # what the service worker of the installed web app calls at subscription
        Device.with_user(cls.head).register_devices(
            endpoint=cls.phone.endpoint,
            keys=cls.phone.subscription(),
            vapid_public_key=vapid_key,
            expirationTime=False,
        )
        cls.vapid_key = vapid_key

    def _pushes(self, since):
        """What the head's phone received since `since`, decrypted."""
        pushes = []
        for path, headers, body in self.service.received[since:]:
            self.assertEqual(path, "/push/kepala-dinas")
            self.assertEqual(headers["Content-Encoding"], "aes128gcm")
            # signed by this server's VAPID key, as push services require
            self.assertIn("k=%s" % self.vapid_key, headers["Authorization"])
            pushes.append(self.phone.decrypt(body))
        return pushes

    def test_subscription_is_the_heads(self):
        device = self.env["mail.push.device"].search([("endpoint", "=", self.phone.endpoint)])
        self.assertEqual(device.partner_id, self.head.partner_id)

    def test_letter_to_dispose_reaches_the_phone(self):
        """A registered letter: the head's phone shows what waits, with its subject."""
        since = len(self.service.received)
        letter = self._register(subject="Undangan Rapat Statistik Sektoral")
        pushes = self._pushes(since)
        self.assertTrue(pushes, "no push for a letter to dispose")
        shown = json.dumps(pushes)
        self.assertIn("Undangan Rapat Statistik Sektoral", shown)
        self.assertEqual(pushes[-1]["options"]["data"]["res_id"], letter.id)

    def test_secret_letter_push_is_neutral(self):
        """A secret letter's push names nothing: no subject, number or sender on a lock screen."""
        since = len(self.service.received)
        self._register(
            subject="Hasil Audit Kepegawaian Rahasia",
            letter_number="R/77/INSP/2026",
            security_level="secret",
        )
        pushes = self._pushes(since)
        self.assertTrue(pushes, "no push for a secret letter to dispose")
        shown = json.dumps(pushes)
        for secret in ("Hasil Audit", "R/77/INSP/2026", self.partner_sender.name):
            self.assertNotIn(secret, shown)

    def test_letter_to_sign_reaches_the_phone(self):
        since = len(self.service.received)
        self._to_sign(subject="Permohonan Data Untuk Ditandatangani")
        shown = json.dumps(self._pushes(since))
        self.assertIn("Permohonan Data Untuk Ditandatangani", shown)

    def test_overdue_escalation_reaches_the_phone(self):
        """An overdue disposition of a secret letter escalates to the head, neutrally."""
        letter = self._register(subject="Telaah Rahasia Terlambat", security_level="secret")
        late = self._dispose(letter, self.kabid)
        # sudo: set the deadline in the past (the form refuses a past deadline)
        late.sudo().deadline = fields.Date.subtract(self.company._surat_now().date(), days=3)
        since = len(self.service.received)
        self.env["surat.disposition"]._cron_remind_overdue()
        pushes = self._pushes(since)
        self.assertTrue(pushes, "no push for an overdue escalation")
        self.assertNotIn("Telaah Rahasia", json.dumps(pushes))
