from datetime import date

from lxml import html

from odoo.tests import HttpCase, tagged

from .test_outgoing import OutgoingCommon

EN = {"Accept-Language": "en-US,en;q=0.9,id;q=0.8"}


@tagged("post_install", "-at_install", "surat_verify")
class TestVerifyPage(OutgoingCommon, HttpCase):
    def _signed(self, **values):
        letter = self._to_sign(**values)
        letter.with_user(self.head).action_sign()
        return letter

    def _check(self, letter, data, english=True):
        return self.url_open(
            "/surat/verify/%s" % letter.verify_token,
            files={"pdf_file": ("copy.pdf", data, "application/pdf")},
            headers=EN if english else None,
        )

    def _page(self, token, headers=None):
        return self.url_open("/surat/verify/%s" % token, headers=headers)

    def _card(self, response):
        """The visible answer of the page, without the session's CSRF token."""
        card = html.fromstring(response.content).xpath("//div[@class='card']")[0]
        return html.tostring(card)

    def test_page_confirms_signed_letter(self):
        """The public page shows number, date, signer and file hash of the letter."""
        letter = self._signed()
        self.assertTrue(letter.verify_token)
        response = self._page(letter.verify_token, EN)
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
        secrets = (
            letter.letter_number,
            letter.subject,
            self.head.name,
            letter.signed_pdf_sha256,
            self.company.name,
        )
        for headers, authentic in ((EN, "Authentic document"), (None, "Dokumen asli")):
            response = self._page(letter.verify_token, headers)
            self.assertIn(authentic, response.text)
            for secret in secrets:
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
            response = self._page(token, EN)
            self.assertEqual(response.status_code, 404)
            self.assertIn("Not authentic", response.text)
            response = self._page(token)
            self.assertEqual(response.status_code, 404)
            self.assertIn("Tidak asli", response.text)
            self.assertNotIn("Not authentic", response.text)

    def test_unsigned_letter_has_no_token(self):
        """A letter gets its verification token only when it is signed."""
        letter = self._to_sign()
        self.assertFalse(letter.verify_token)

    def test_cancelled_letter_not_valid(self):
        """A signed letter cancelled afterwards is reported as no longer valid."""
        letter = self._signed()
        letter.cancel_reason = "Salah alamat"
        letter.with_user(self.head).action_cancel()
        response = self._page(letter.verify_token, EN)
        self.assertIn("Cancelled document", response.text)
        self.assertNotIn("Authentic document", response.text)
        self.assertNotIn(letter.letter_number, response.text)

    def test_indonesian_by_default(self):
        """Unless English is preferred the page is Indonesian, with an Indonesian date."""
        self.assertTrue(self.env["res.lang"]._lang_get("id_ID"), "id_ID is not installed")
        letter = self._signed()
        letter.sudo().letter_date = date(2026, 3, 3)
        for accept in (None, "id-ID,id;q=0.9,en;q=0.8", "fr-FR,fr;q=0.9"):
            headers = accept and {"Accept-Language": accept}
            with self.subTest(accept=accept):
                text = self._page(letter.verify_token, headers).text
                self.assertIn('<html lang="id">', text)
                self.assertIn("<title>Verifikasi dokumen</title>", text)
                self.assertIn("Dokumen asli", text)
                self.assertIn("Ditandatangani oleh", text)
                self.assertIn("3 Maret 2026", text)
                self.assertIn("Periksa salinan", text)
                self.assertNotIn("Authentic document", text)
                self.assertNotIn("2026-03-03", text)
        original = letter.signed_attachment_id.raw
        self.assertIn("adalah dokumen asli", self._check(letter, original, english=False).text)
        self.assertIn("BUKAN aslinya", self._check(letter, original + b"\n", english=False).text)

    def test_english_when_preferred(self):
        """A browser preferring English gets the English page and an English date."""
        letter = self._signed()
        letter.sudo().letter_date = date(2026, 3, 3)
        text = self._page(letter.verify_token, EN).text
        self.assertIn('<html lang="en">', text)
        self.assertIn("<title>Document verification</title>", text)
        self.assertIn("Authentic document", text)
        self.assertIn("March 3, 2026", text)
        self.assertNotIn("Dokumen asli", text)
        self.assertNotIn("Maret", text)

    def test_unsigned_letter_with_token_not_authentic(self):
        """A letter not (or no longer) signed answers exactly like an unknown token."""
        letter = self._signed(security_level="normal")
        unknown = self._page("x" * 32)
        self.assertEqual(unknown.status_code, 404)
        for state, signed_date in (
            ("draft", letter.signed_date),
            ("in_review", letter.signed_date),
            ("to_sign", letter.signed_date),
            ("cancelled", False),
            ("signed", False),
        ):
            with self.subTest(state=state, signed_date=signed_date):
                letter.sudo().write({"state": state, "signed_date": signed_date})
                response = self._page(letter.verify_token)
                self.assertEqual(response.status_code, 404)
                self.assertEqual(self._card(response), self._card(unknown))
                for detail in (letter.letter_number, self.head.name, letter.signed_pdf_sha256):
                    self.assertNotIn(detail, response.text)
                response = self._check(letter, letter.signed_attachment_id.raw)
                self.assertEqual(response.status_code, 404)
                self.assertNotIn("original signed document", response.text)
