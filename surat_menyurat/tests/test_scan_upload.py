import shutil

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SuratCommon
from .test_mail_intake import EXE_BYTES, HEADER, PNG_BYTES, letter_pdf


@tagged("post_install", "-at_install", "surat_scan_upload")
class TestScanUpload(SuratCommon):
    def upload(self, user, files):
        attachments = (
            self.env["ir.attachment"]
            .with_user(user)
            .create(
                [
                    {"name": name, "raw": raw, "res_model": "surat.letter.scan.upload", "res_id": 0}
                    for name, raw in files
                ]
            )
        )
        wizard = (
            self.env["surat.letter.scan.upload"]
            .with_user(user)
            .create({"attachment_ids": [(6, 0, attachments.ids)]})
        )
        return wizard, attachments

    def test_twenty_files(self):
        """Each good file is a draft with its scan; the bad ones are reported, nothing else."""
        self.company.surat_max_file_mb = 1
        files = [("surat_%02d.pdf" % i, letter_pdf(HEADER)) for i in range(15)]
        files += [("foto_%02d.png" % i, PNG_BYTES) for i in range(2)]
        files += [
            ("virus.pdf", EXE_BYTES),
            ("besar.pdf", letter_pdf(HEADER) + b"%" + b"0" * (1024 * 1024 + 10)),
            ("kosong.pdf", b""),
        ]
        self.assertEqual(len(files), 20)
        wizard, attachments = self.upload(self.registrar, files)
        wizard.action_upload()
        self.assertEqual((wizard.created_count, wizard.refused_count), (17, 3))
        letters = wizard.letter_ids
        self.assertEqual(len(letters), 17)
        self.assertEqual(set(letters.mapped("state")), {"draft"})
        self.assertEqual(set(letters.mapped("direction")), {"incoming"})
        self.assertEqual(letters.user_id, self.registrar)
        self.assertEqual(letters.company_id, self.company)
        self.assertTrue(all(letter.scan_sha256 for letter in letters))
        self.assertIn("virus.pdf", wizard.result)
        self.assertIn("besar.pdf", wizard.result)
        # the text layer of the digital PDFs is read at once: suggestions wait
        pdf_letter = letters.filtered(lambda lt: lt.scan_filename == "surat_00.pdf")
        self.assertEqual(pdf_letter.subject, "Scan surat_00.pdf")
        if shutil.which("pdftotext"):
            suggestion = pdf_letter.header_suggestion
            self.assertEqual(suggestion["letter_number"], "420/DISDIK/118/2026")
            pdf_letter.with_user(self.registrar).action_apply_header_suggestion()
            # the placeholder subject counts as empty
            self.assertEqual(pdf_letter.subject, "Undangan Sosialisasi Kurikulum")
        log = (
            self.env["surat.intake.log"]
            .sudo()
            .search([("source", "=", "upload"), ("company_id", "=", self.company.id)])
        )
        self.assertEqual(len(log.filtered(lambda r: r.state == "refused")), 3)
        self.assertEqual(len(log.filtered(lambda r: r.state == "accepted")), 17)
        self.assertFalse(attachments.exists(), "the uploaded copies are not kept")

    def test_only_clerks(self):
        with self.assertRaises(AccessError):
            self.upload(self.staff, [("surat.pdf", letter_pdf(HEADER))])
