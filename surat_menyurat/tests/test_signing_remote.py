"""Remote signing (BSrE shape) against a small local signing service.

The service is a real HTTP server in a thread: it checks the agency's client
credentials, the NIK and the passphrase, and signs the PDF with pyHanko and a
test certificate, answering BSrE's documented errors otherwise.
"""

import base64
import io
import json
import logging
import os
import tempfile
import threading
import time
from contextlib import contextmanager
from email import policy
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tests.common import _super_send

from .common import PDF_B64
from .signing_utils import make_test_pki
from .test_outgoing import OutgoingCommon

NIK = "1403010101800001"
PASSPHRASE = "Rahasia#Kepala-2026"
CLIENT = ("esign", "qwerty")


class FakeBsre:
    """A local esign-client-service: POST /api/sign/pdf, multipart in, PDF or JSON out."""

    def __init__(self, p12_path):
        self.p12_path = p12_path
        self.mode = "ok"  # ok, down (HTTP 500), sleep (past the timeout), garbage, unsigned
        self.requests = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet: the test reads the logs
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                service.handle(self, body)

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # the client gave up waiting (timeout case): nothing to report

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%s" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def _reply(self, handler, status, content, ctype="application/json"):
        if isinstance(content, dict):
            content = json.dumps(content).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", ctype)
        handler.send_header("Content-Length", str(len(content)))
        handler.end_headers()
        handler.wfile.write(content)

    def handle(self, handler, body):
        message = BytesParser(policy=policy.default).parsebytes(
            b"Content-Type: " + handler.headers["Content-Type"].encode() + b"\r\n\r\n" + body
        )
        form = {}
        for part in message.iter_parts():
            form[part.get_param("name", header="content-disposition")] = part.get_content()
        self.requests.append({"path": handler.path, "fields": sorted(form)})
        expected = "Basic " + base64.b64encode(("%s:%s" % CLIENT).encode()).decode()
        if self.mode == "down":
            return self._reply(handler, 500, b"Internal Server Error", "text/plain")
        if self.mode == "sleep":
            time.sleep(8)
        if self.mode == "garbage":
            return self._reply(handler, 200, b"<html>maintenance</html>", "text/html")
        if self.mode == "unsigned":
            return self._reply(handler, 200, form["file"], "application/pdf")
        if handler.path != "/api/sign/pdf" or handler.headers["Authorization"] != expected:
            return self._reply(handler, 401, {"error": "Unauthorized", "status_code": 401})
        if form.get("nik") != NIK:
            return self._reply(handler, 400, {"error": "User tidak terdaftar", "status_code": 2011})
        if form.get("passphrase") != PASSPHRASE:
            return self._reply(
                handler, 400, {"error": "Passphrase anda salah", "status_code": 2031}
            )
        return self._reply(handler, 200, self.sign(form["file"]), "application/pdf")

    def sign(self, pdf):
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import signers

        signer = signers.SimpleSigner.load_pkcs12(self.p12_path, passphrase=b"rahasia")
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        meta = signers.PdfSignatureMetadata(field_name="Signature1")
        return signers.sign_pdf(writer, meta, signer=signer).getvalue()


@tagged("post_install", "-at_install", "surat_signing")
class TestRemoteSigning(OutgoingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ca_der, p12 = make_test_pki(b"rahasia")
        handle, cls.p12_path = tempfile.mkstemp(suffix=".p12")
        os.write(handle, p12)
        os.close(handle)
        cls.service = FakeBsre(cls.p12_path)
        cls.addClassCleanup(os.unlink, cls.p12_path)
        cls.addClassCleanup(cls.service.stop)
        cls.company.write(
            {
                "surat_digital_signature": True,
                "surat_signing_backend": "bsre",
                "surat_signing_url": cls.service.url + "/",
                "surat_signing_username": CLIENT[0],
                "surat_signing_password": CLIENT[1],
                # generous: the test service signs in this process, on a loaded machine
                "surat_signing_timeout": 30,
            }
        )
        cls.emp_head.identification_id = NIK

    @classmethod
    def _request_handler(cls, session, request, /, **kw):
        """Odoo's tests raise every timeout to 10 s: keep the agency's own for this service."""
        if request.url.startswith(cls.service.url):
            return _super_send(session, request, **kw)
        return super()._request_handler(session, request, **kw)

    def setUp(self):
        super().setUp()
        self.service.mode = "ok"
        self.service.requests.clear()

    @contextmanager
    def _all_logs(self):
        """Every log line, DEBUG included (Odoo's, the HTTP client's, ours), as text."""
        lines = []
        handler = logging.Handler(logging.DEBUG)
        handler.emit = lambda record: lines.append(logging.Formatter().format(record))
        loggers = [logging.getLogger(name) for name in ("", "odoo", "urllib3", "requests")]
        levels = [logger.level for logger in loggers]
        for logger in loggers:
            logger.setLevel(logging.DEBUG)
        loggers[0].addHandler(handler)
        try:
            yield lines
        finally:
            loggers[0].removeHandler(handler)
            for logger, level in zip(loggers, levels, strict=True):
                logger.setLevel(level)

    def _sign(self, letter, passphrase=PASSPHRASE, lang="en_US"):
        """Sign as the web client does: the letter's button opens the dialog, then Sign."""
        action = letter.with_user(self.head).action_sign()
        self.assertEqual(action["res_model"], "surat.letter.sign.wizard")
        Wizard = self.env["surat.letter.sign.wizard"].with_user(self.head)
        wizard = Wizard.with_context(**action["context"]).create({"passphrase": passphrase})
        self.assertEqual(wizard.read(["passphrase"])[0]["passphrase"], "", "never read back")
        return wizard, wizard.with_context(lang=lang).action_sign()

    def _validate(self, pdf):
        from asn1crypto import x509 as asn1_x509
        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.sign.validation import validate_pdf_signature
        from pyhanko_certvalidator import ValidationContext

        context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(self.ca_der)])
        reader = PdfFileReader(io.BytesIO(pdf))
        self.assertEqual(len(reader.embedded_signatures), 1)
        return validate_pdf_signature(reader.embedded_signatures[0], context)

    def _stored_passphrase(self, wizard):
        self.env.cr.execute(
            "SELECT secret_passphrase FROM surat_letter_sign_wizard WHERE id = %s", [wizard.id]
        )
        return self.env.cr.fetchone()[0]

    def _assert_passphrase_nowhere(self, letter, wizard, logs):
        self.assertFalse(wizard.passphrase)
        self.assertIsNone(self._stored_passphrase(wizard))
        self.assertTrue(logs, "the log was captured")
        self.assertFalse([line for line in logs if PASSPHRASE in line])
        Message = self.env["mail.message"].sudo()
        self.assertFalse(Message.search_count([("body", "ilike", PASSPHRASE)]))
        self.assertNotIn(PASSPHRASE, str(letter.sudo().read()[0]))

    def test_remote_signing_good(self):
        """The signer types his passphrase: the service signs, the signature validates."""
        letter = self._to_sign()
        with self._all_logs() as logs:
            wizard, action = self._sign(letter)
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(letter.state, "signed")
        self.assertTrue(letter.digitally_signed and letter.letter_number and letter.verify_token)
        self.assertEqual(self.service.requests[-1]["path"], "/api/sign/pdf")
        self.assertEqual(
            self.service.requests[-1]["fields"], ["file", "nik", "passphrase", "tampilan"]
        )
        status = self._validate(letter.signed_attachment_id.raw)
        self.assertTrue(status.intact and status.valid and status.trusted)
        self._assert_passphrase_nowhere(letter, wizard, logs)

    def test_wrong_passphrase(self):
        """Wrong passphrase: a clear error in the user's language, nothing changes."""
        self.env["res.lang"]._activate_lang("id_ID")
        self.env["ir.module.module"]._load_module_terms(
            ["surat_menyurat"], ["id_ID"], overwrite=True
        )
        letter = self._to_sign()
        with self._all_logs() as logs:
            wizard, action = self._sign(letter, passphrase=PASSPHRASE + "x", lang="id_ID")
        self.assertEqual(action["res_id"], wizard.id, "the dialog stays open with the error")
        self.assertIn("Passphrase tanda tangan salah", wizard.error)
        self.assertEqual(letter.state, "to_sign")
        self.assertFalse(letter.letter_number or letter.register_seq or letter.verify_token)
        self.assertFalse(letter.signed_by_id or letter.signed_attachment_id)
        self.assertTrue(logs, "the log was captured")
        self.assertFalse([line for line in logs if PASSPHRASE in line])
        self.assertFalse(wizard.passphrase)
        self.assertIsNone(self._stored_passphrase(wizard))
        # the right passphrase then signs
        self._sign(letter)
        self.assertEqual(letter.state, "signed")

    def test_service_down_then_back(self):
        """5xx: numbered, awaiting signature, seen by the clerk; the signer retries later."""
        letter = self._to_sign()
        self.service.mode = "down"
        with self._all_logs() as logs:
            wizard, action = self._sign(letter)
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(letter.state, "sign_pending")
        number = letter.letter_number
        self.assertTrue(number)
        self.assertFalse(letter.signed_attachment_id or letter.verify_token)
        self._assert_passphrase_nowhere(letter, wizard, logs)
        self.assertIn("HTTP 500", " ".join(letter.message_ids.mapped("body")))
        # the clerk sees what waits: the search filter and the home screen counter
        Letter = self.Letter.with_user(self.registrar)
        self.assertIn(letter, Letter.search([("state", "=", "sign_pending")]))
        data = Letter.surat_home_data()
        tiles = {t["key"]: t for s in data["sections"] for t in s["tiles"]}
        self.assertEqual(tiles["sign_pending"]["count"], 1)
        # still the signer's to sign; the service is back: same number, valid signature
        self.assertTrue(letter.with_user(self.head).is_my_signature)
        self.service.mode = "ok"
        self._sign(letter)
        self.assertEqual(letter.state, "signed")
        self.assertEqual(letter.letter_number, number)
        self.assertTrue(self._validate(letter.signed_attachment_id.raw).bottom_line)

    def test_timeout_and_wrong_answer(self):
        """No answer within the timeout, or an answer that is no signed PDF: the letter waits."""
        letter = self._to_sign()
        self.company.surat_signing_timeout = 1
        self.service.mode = "sleep"
        started = time.monotonic()
        self._sign(letter)
        spent = time.monotonic() - started
        self.assertLess(spent, 6, "the configured timeout (1 s) applies, not the 8 s sleep")
        self.assertEqual(letter.state, "sign_pending")
        self.assertIn("within 1 seconds", " ".join(letter.message_ids.mapped("body")))
        for mode in ("garbage", "unsigned"):
            other = self._to_sign()
            self.service.mode = mode
            self._sign(other)
            self.assertEqual(other.state, "sign_pending")
            self.assertNotEqual(other.letter_number, letter.letter_number)
            body = " ".join(other.message_ids.mapped("body"))
            self.assertIn("something else than a signed PDF", body)

    def test_ink_fallback_needs_reason(self):
        """The service is down: the letter is signed in ink, with a reason in the chatter."""
        letter = self._to_sign()
        self.service.mode = "down"
        self._sign(letter)
        number = letter.letter_number
        letter.with_user(self.registrar).write(
            {"ink_scan_file": PDF_B64, "ink_scan_filename": "ttd.pdf"}
        )
        with self.assertRaises(UserError):
            letter.with_user(self.head).action_sign_ink()
        letter.with_user(self.head).ink_reason = "Layanan TTE tidak tersedia"
        letter.with_user(self.head).action_sign_ink()
        self.assertEqual((letter.state, letter.letter_number), ("signed", number))
        self.assertTrue(letter.ink_signed)
        self.assertIn("Layanan TTE tidak tersedia", " ".join(letter.message_ids.mapped("body")))

    def test_only_the_signer(self):
        """Someone else cannot open the dialog nor sign through it; nothing reaches the service."""
        letter = self._to_sign()
        with self.assertRaises(AccessError):
            letter.with_user(self.staff).action_sign()
        wizard = (
            self.env["surat.letter.sign.wizard"]
            .with_user(self.staff)
            .create({"letter_id": letter.id, "passphrase": PASSPHRASE})
        )
        wizard.action_sign()
        self.assertTrue(wizard.error)
        self.assertEqual(letter.state, "to_sign")
        self.assertFalse(self.service.requests)
        self.assertIsNone(self._stored_passphrase(wizard))
        # nobody else acts on (or reads) the signer's dialog
        action = letter.with_user(self.head).action_sign()
        Wizard = self.env["surat.letter.sign.wizard"].with_user(self.head)
        mine = Wizard.with_context(**action["context"]).create({"passphrase": PASSPHRASE})
        with self.assertRaises(AccessError):
            mine.with_user(self.kabid).action_sign()
        self.assertEqual(self._stored_passphrase(mine), PASSPHRASE, "not consumed by another")
        self.assertFalse(self.service.requests)

    def test_unknown_nik(self):
        """The service does not know the signer's NIK (code 2011): said so, nothing changes."""
        self.emp_head.identification_id = "1403010101800002"
        letter = self._to_sign()
        wizard, _action = self._sign(letter)
        self.assertIn("does not know the NIK of Kepala Dinas", wizard.error)
        self.assertEqual(letter.state, "to_sign")
        self.assertFalse(letter.letter_number)

    def test_configuration_checked_first(self):
        """No NIK, or no address: refused before the dialog, nothing numbered."""
        letter = self._to_sign()
        self.emp_head.identification_id = False
        with self.assertRaises(UserError):
            letter.with_user(self.head).action_sign()
        self.emp_head.identification_id = NIK
        self.company.surat_signing_url = False
        with self.assertRaises(UserError):
            letter.with_user(self.head).action_sign()
        self.assertFalse(letter.letter_number)
        # the settings are the administrator's: a signer cannot read them
        with self.assertRaises(AccessError):
            self.company.with_user(self.head).read(["surat_signing_password"])
