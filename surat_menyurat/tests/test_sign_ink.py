import base64
import hashlib
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.surat_menyurat.models.surat_signing import SigningServiceUnavailable

from .common import PDF_B64, PDF_BYTES
from .test_outgoing import OutgoingCommon

PNG_B64 = base64.b64encode(
    base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    )
)


@tagged("post_install", "-at_install", "surat_ink")
class TestSignInk(OutgoingCommon):
    def _upload(self, letter, user=None, data=PDF_B64):
        letter.with_user(user or self.registrar).write(
            {"ink_scan_file": data, "ink_scan_filename": "ttd-basah.pdf"}
        )

    def test_print_for_signature_numbers_and_issues_token(self):
        """Printing for signature numbers the letter and issues its token, once."""
        letter = self._to_sign()
        self.assertFalse(letter.verify_token)
        letter.with_user(self.staff).action_print_draft()
        self.assertFalse(letter.verify_token, "a preview issues no token")
        action = letter.with_user(self.staff).action_print_for_signature()
        self.assertEqual(action["report_name"], "surat_menyurat.report_surat_letter")
        self.assertEqual(letter.state, "sign_pending")
        year = self.company._surat_now().year
        self.assertEqual(letter.letter_number, "000.1.1/1/DKIS/%s" % year)
        token, number = letter.verify_token, letter.letter_number
        self.assertGreaterEqual(len(token), 24)
        self.assertFalse(letter.signed_by_id)
        # printed again: the same number and token
        letter.with_user(self.registrar).action_print_for_signature()
        self.assertEqual((letter.verify_token, letter.letter_number), (token, number))
        self.assertTrue(letter.with_user(self.head).is_my_signature)

    def test_print_for_signature_refused(self):
        """Only the drafter, the clerk or the signer prints it, and only when it is to sign."""
        draft = self._draft()
        with self.assertRaises(UserError):
            draft.with_user(self.staff).action_print_for_signature()
        letter = self._to_sign()
        with self.assertRaises(AccessError):
            letter.with_user(self.staff_aptika).action_print_for_signature()
        self.assertEqual(letter.state, "to_sign")
        self.assertFalse(letter.letter_number or letter.verify_token)

    def test_sign_ink_after_print(self):
        """The clerk uploads the signed scan: it becomes the signed original with its hash."""
        letter = self._to_sign()
        letter.with_user(self.staff).action_print_for_signature()
        number, token = letter.letter_number, letter.verify_token
        self._upload(letter)
        letter.with_user(self.registrar).action_sign_ink()
        self.assertEqual(letter.state, "signed")
        self.assertTrue(letter.ink_signed)
        self.assertFalse(letter.digitally_signed)
        self.assertEqual(letter.letter_number, number)
        self.assertEqual(letter.verify_token, token)
        self.assertEqual(letter.signed_by_id, self.head)
        self.assertEqual(letter.signed_attachment_id.raw, PDF_BYTES)
        self.assertEqual(letter.signed_pdf_sha256, hashlib.sha256(PDF_BYTES).hexdigest())
        self.assertIn(self.staff, letter.activity_ids.user_id)
        self.assertNotIn(self.head, letter.activity_ids.user_id)
        # the verification page now answers for it
        found = self.env["surat.letter"].sudo().search([("verify_token", "=", token)])
        self.assertEqual(found, letter)
        # signed: the scan is fixed
        with self.assertRaises(UserError):
            self._upload(letter)

    def test_sign_ink_takes_number_from_same_counter(self):
        """Signed in ink straight from to-sign, it numbers from the digital letters' counter."""
        first = self._to_sign()
        first.with_user(self.head).action_sign()
        second = self._to_sign()
        self._upload(second, user=self.head)
        second.with_user(self.head).action_sign_ink()
        self.assertEqual(second.register_key, first.register_key)
        self.assertEqual(second.register_seq, first.register_seq + 1)
        self.assertTrue(second.verify_token)
        self.assertNotEqual(second.verify_token, first.verify_token)

    def test_sign_ink_refusals(self):
        """No scan, a scan that is not a PDF, or the wrong person: refused, nothing moves."""
        letter = self._to_sign()
        with self.assertRaises(UserError):
            letter.with_user(self.registrar).action_sign_ink()
        with self.assertRaises(UserError):
            self._upload(letter, data=PNG_B64)
        with self.assertRaises(UserError):
            # the drafter does not upload the signed scan
            self._upload(letter, user=self.staff)
        self._upload(letter)
        with self.assertRaises(AccessError):
            letter.with_user(self.staff).action_sign_ink()
        with self.assertRaises(AccessError):
            letter.with_user(self.kabid).action_sign_ink()
        self.assertEqual(letter.state, "to_sign")
        self.assertFalse(letter.letter_number or letter.register_seq or letter.verify_token)
        draft = self._draft()
        with self.assertRaises(UserError):
            draft.with_user(self.registrar).action_sign_ink()

    def test_cancel_pending_keeps_number(self):
        """A letter printed for signature and then cancelled keeps its number (no reuse)."""
        letter = self._to_sign()
        letter.with_user(self.staff).action_print_for_signature()
        letter.with_user(self.staff).write({"cancel_reason": "Batal"})
        letter.with_user(self.staff).action_cancel()
        self.assertEqual(letter.state, "cancelled")
        other = self._to_sign()
        other.with_user(self.head).action_sign()
        self.assertEqual(other.register_seq, letter.register_seq + 1)

    def test_remote_signing_failure_waits(self):
        """A failing remote signing service: numbered, awaiting signature, no token; retry signs."""
        self.company.surat_digital_signature = True
        backend = self.registry["surat.signing.backend.local_pkcs12"]

        def unreachable(self, pdf, letter, user, passphrase=None):
            raise SigningServiceUnavailable("timeout")

        letter = self._to_sign()
        with (
            patch.object(backend, "_check_ready", lambda *a: None),
            patch.object(backend, "_sign_pdf", unreachable),
        ):
            action = letter.with_user(self.head).action_sign()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(letter.state, "sign_pending")
        self.assertTrue(letter.letter_number)
        self.assertFalse(letter.signed_by_id or letter.signed_date or letter.verify_token)
        number = letter.letter_number
        with (
            patch.object(backend, "_check_ready", lambda *a: None),
            patch.object(backend, "_sign_pdf", lambda self, pdf, letter, user, **kw: pdf),
        ):
            letter.with_user(self.head).action_sign()
        self.assertEqual(letter.state, "signed")
        self.assertEqual(letter.letter_number, number)
        self.assertTrue(letter.verify_token)
