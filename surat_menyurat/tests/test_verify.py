from odoo.tests import HttpCase, tagged

from .test_outgoing import OutgoingCommon


@tagged("post_install", "-at_install", "surat_verify")
class TestVerifyPage(OutgoingCommon, HttpCase):
    def _signed(self, **values):
        letter = self._to_sign(**values)
        letter.with_user(self.head).action_sign()
        return letter

    def _check(self, letter, data):
        return self.url_open(
            "/surat/verify/%s" % letter.verify_token,
            files={"pdf_file": ("copy.pdf", data, "application/pdf")},
        )

    def test_page_confirms_signed_letter(self):
        """The public page shows number, date, signer and file hash of the letter."""
        letter = self._signed()
        self.assertTrue(letter.verify_token)
        response = self.url_open("/surat/verify/%s" % letter.verify_token)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Authentic document", response.text)
        self.assertIn(letter.letter_number, response.text)
        self.assertIn(self.head.name, response.text)
        self.assertIn(letter.signed_pdf_sha256, response.text)
        self.assertNotIn(letter.subject, response.text)

    def test_upload_original_and_modified(self):
        """Uploading the original is accepted; a modified copy is rejected."""
        letter = self._signed()
        original = letter.signed_attachment_id.raw
        response = self._check(letter, original)
        self.assertIn("is the original signed document", response.text)
        modified = original.replace(b"%%EOF", b"%%EOF\n% tampered", 1)
        self.assertNotEqual(modified, original)
        response = self._check(letter, modified)
        self.assertIn("NOT the original", response.text)
        self.assertNotIn("is the original signed document", response.text)

    def test_secret_letter_shows_nothing(self):
        """For a secret letter the page says only authentic or not authentic."""
        letter = self._signed(security_level="secret")
        response = self.url_open("/surat/verify/%s" % letter.verify_token)
        self.assertIn("Authentic document", response.text)
        for secret in (
            letter.letter_number,
            letter.subject,
            self.head.name,
            letter.signed_pdf_sha256,
            self.company.name,
        ):
            self.assertNotIn(secret, response.text)
        original = letter.signed_attachment_id.raw
        self.assertIn("Authentic.", self._check(letter, original).text)
        response = self._check(letter, original + b"\n")
        self.assertIn("Not authentic.", response.text)
        self.assertNotIn(letter.letter_number, response.text)

    def test_unknown_token(self):
        """An unknown or malformed token answers 'not authentic' with a 404."""
        self._signed()
        for token in ("x" * 32, "1", "abc%3Cscript%3E"):
            response = self.url_open("/surat/verify/%s" % token)
            self.assertEqual(response.status_code, 404)
            self.assertIn("Not authentic", response.text)

    def test_unsigned_letter_has_no_token(self):
        """A letter gets its verification token only when it is signed."""
        letter = self._to_sign()
        self.assertFalse(letter.verify_token)

    def test_cancelled_letter_not_valid(self):
        """A signed letter cancelled afterwards is reported as no longer valid."""
        letter = self._signed()
        letter.cancel_reason = "Salah alamat"
        letter.with_user(self.head).action_cancel()
        response = self.url_open("/surat/verify/%s" % letter.verify_token)
        self.assertIn("Cancelled document", response.text)
        self.assertNotIn("Authentic document", response.text)
