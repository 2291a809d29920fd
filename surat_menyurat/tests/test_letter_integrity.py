"""Records stay records: no deletion, no overwritten files, fixity."""

import base64
import os

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models.surat_guard import letter_files_unlocked
from .common import PDF_BYTES, SuratCommon

PDF2_BYTES = PDF_BYTES.replace(b"%%EOF", b"% corrected\n%%EOF")
PDF2_B64 = base64.b64encode(PDF2_BYTES)


@tagged("post_install", "-at_install", "surat_integrity")
class TestLetterIntegrity(SuratCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.letter = cls._register(subject="Laporan Keuangan", security_level="secret")
        cls._dispose(cls.letter, cls.staff)

    def _scan(self, letter=None):
        return (letter or self.letter)._scan_attachment()

    def test_no_delete_after_draft(self):
        """Nobody deletes a registered letter, not even the superuser."""
        with self.assertRaises(UserError):
            self.letter.with_user(self.env.ref("base.user_admin")).unlink()
        with self.assertRaises(UserError):
            self.letter.sudo().unlink()
        self.assertTrue(self.letter.exists())

    def test_draft_delete(self):
        """The creator deletes his own draft."""
        draft = self.Letter.with_user(self.registrar).create(self._incoming_vals())
        draft.unlink()
        self.assertFalse(draft.exists())

    def test_identifying_fields(self):
        """After registration only the registrar and the head change identifying fields."""
        letter = self._register(subject="Undangan", security_level="normal")
        self._dispose(letter, self.staff)
        with self.assertRaises(AccessError):
            letter.with_user(self.staff).write({"subject": "Ganti"})
        letter.with_user(self.registrar).write({"subject": "Undangan Rapat"})
        letter.with_user(self.head).write({"letter_number": "009/X/2026"})
        self.assertEqual(letter.subject, "Undangan Rapat")
        self.assertEqual(letter.letter_number, "009/X/2026")

    def test_lower_level_needs_head(self):
        """Lowering the security level needs the head; raising is open to the involved."""
        letter = self._register(subject="Nota", security_level="restricted")
        self._dispose(letter, self.staff)
        letter.with_user(self.staff).write({"security_level": "secret"})
        self.assertEqual(letter.security_level, "secret")
        with self.assertRaises(AccessError):
            letter.with_user(self.registrar).write({"security_level": "normal"})
        letter.with_user(self.head).write({"security_level": "normal"})
        self.assertEqual(letter.security_level, "normal")

    def test_attachment_locked(self):
        """A registered letter's files cannot be deleted or overwritten, even as superuser."""
        scan = self._scan()
        with self.assertRaises(UserError):
            scan.sudo().unlink()
        with self.assertRaises(UserError):
            scan.sudo().write({"raw": b"tampered"})
        extra = self.env["ir.attachment"].create(
            {
                "name": "lampiran.pdf",
                "raw": PDF_BYTES,
                "res_model": "surat.letter",
                "res_id": self.letter.id,
            }
        )
        with self.assertRaises(UserError):
            extra.unlink()
        with self.assertRaises(UserError):
            extra.write({"res_id": self._register().id})
        # the context key that once lifted the lock is a plain key now
        with self.assertRaises(UserError):
            extra.sudo().with_context(surat_disposal=True, surat_scan_version=True).unlink()
        with letter_files_unlocked():
            extra.unlink()
        self.assertFalse(extra.exists())

    def test_corrected_scan_is_a_version(self):
        """A corrected scan is a new version; the previous file stays attached."""
        old = self._scan()
        old_sha = old.surat_sha256
        self.letter.with_user(self.registrar).write(
            {"scan_file": PDF2_B64, "scan_filename": "koreksi.pdf"}
        )
        new = self._scan()
        self.assertEqual(new.raw, PDF2_BYTES)
        kept = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "surat.letter"),
                ("res_id", "=", self.letter.id),
                ("res_field", "=", False),
                ("surat_sha256", "=", old_sha),
            ]
        )
        self.assertEqual(kept.raw, PDF_BYTES)
        with self.assertRaises(UserError):
            self.letter.with_user(self.registrar).write({"scan_file": False})

    def test_no_public_or_token(self):
        """No letter file is public or carries an access token."""
        scan = self._scan()
        with self.assertRaises(ValidationError):
            scan.sudo().write({"public": True})
        with self.assertRaises(ValidationError):
            scan.sudo().write({"access_token": "abc"})
        self.assertEqual(scan.sudo().generate_access_token(), [False])
        inline = self.env["ir.attachment"].create(
            {
                "name": "inline.pdf",
                "raw": PDF_BYTES,
                "res_model": "surat.letter",
                "res_id": self.letter.id,
                "public": True,
                "access_token": "tok",
            }
        )
        self.assertFalse(inline.public)
        self.assertFalse(inline.sudo().access_token)
        other = self.env["ir.attachment"].create({"name": "x.txt", "raw": b"x"})
        self.assertTrue(other.generate_access_token()[0])
        leaked = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "in", ["surat.letter", "surat.disposition"]),
                    ("id", "!=", False),
                    "|",
                    ("public", "=", True),
                    ("access_token", "!=", False),
                ]
            )
        )
        self.assertFalse(leaked)

    def test_sha256_at_capture(self):
        """Every letter file gets a SHA-256 when it is captured."""
        scan = self._scan()
        self.assertEqual(len(scan.surat_sha256), 64)
        self.assertEqual(scan.surat_sha256, self.letter.scan_sha256)

    @mute_logger("odoo.addons.surat_menyurat.models.surat_fixity")
    def test_fixity_tampered_file(self):
        """A file changed in the filestore is reported by the fixity check."""
        scan = self._scan()
        self.assertTrue(scan.store_fname)
        Issue = self.env["surat.fixity.issue"]
        self.assertFalse(Issue._cron_check_fixity())
        path = scan._full_path(scan.store_fname)
        with open(path, "rb") as handle:
            original = handle.read()
        try:
            with open(path, "wb") as handle:
                handle.write(b"%PDF-1.4 forged")
            issues = Issue._cron_check_fixity()
            self.assertEqual(issues.attachment_id, scan)
            self.assertEqual(issues.letter_id, self.letter)
            self.assertEqual(issues.expected_sha256, scan.surat_sha256)
            self.assertTrue(
                self.letter.message_ids.filtered(lambda m: "Fixity check" in (m.body or ""))
            )
            # reported once, not at every run
            self.assertFalse(Issue._cron_check_fixity())
        finally:
            with open(path, "wb") as handle:
                handle.write(original)
        self.assertTrue(os.path.exists(path))
