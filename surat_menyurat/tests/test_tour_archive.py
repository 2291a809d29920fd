import base64
from datetime import timedelta
from unittest.mock import patch

from odoo.tests import HttpCase, tagged

from odoo.addons.base.models.ir_actions_report import IrActionsReport

from .test_archive import ArchiveCommon

SUBJECT = "Laporan Arsip Tour"
# A one-page PDF: the letter form's viewer refuses the page-less fixture of common.py.
ONE_PAGE_PDF = base64.b64encode(
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@tagged("post_install", "-at_install", "surat_archive_tour", "is_tour")
class TestArchiveTour(ArchiveCommon, HttpCase):
    def test_archivist_tour(self):
        """The archivist files a letter, runs the lifecycle and prints the transfer record."""
        letter = self._finished(subject=SUBJECT, scan_file=ONE_PAGE_PDF)
        # a file closed 18 months ago: its active year is over, its inactive one is not
        old = self._file(self._finished())
        old.with_user(self.archivist).action_close()
        old.sudo().close_date = old.close_date - timedelta(days=548)
        self.assertLess(old.active_until, old._today())
        action = "/odoo/action-surat_menyurat.%s"

        self.start_tour(
            action % "surat_letter_action_archive",
            "surat_archive_file_letter",
            login="t_archivist",
        )
        self.assertTrue(letter.file_id)
        self.assertEqual(letter.file_id.classification_id, self.kka_destroy)

        self.start_tour(
            (action % "surat_archive_file_action") + "?debug=1",
            "surat_archive_run_lifecycle",
            login="t_archivist",
        )
        self.assertEqual(old.state, "inactive")
        self.assertEqual(letter.file_id.state, "active")
        transfer = old.transfer_ids
        self.assertEqual(transfer.file_ids, old)

        rendered = []
        original = IrActionsReport._render_qweb_pdf

        def spy(report_self, report_ref, res_ids=None, data=None):
            rendered.append((report_ref, list(res_ids or [])))
            return original(report_self, report_ref, res_ids=res_ids, data=data)

        with patch.object(IrActionsReport, "_render_qweb_pdf", spy):
            self.start_tour(
                action % "surat_archive_transfer_action",
                "surat_archive_print_transfer",
                login="t_archivist",
            )
        self.assertIn(
            ("surat_menyurat.report_archive_transfer", transfer.ids),
            rendered,
            "the browser fetched the transfer record's PDF",
        )
        self.assertTrue(any("printed" in (m.body or "") for m in transfer.message_ids))
