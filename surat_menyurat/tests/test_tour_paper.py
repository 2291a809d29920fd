from datetime import timedelta

from odoo.tests import HttpCase, tagged

from .common import SuratCommon
from .test_tour_incoming import ONE_PAGE_PDF

SUBJECT = "Permohonan Narasumber Lokakarya"


@tagged("post_install", "-at_install", "surat_tour", "is_tour")
class TestTourPaperDisposition(SuratCommon, HttpCase):
    def test_clerk_records_a_handwritten_disposition(self):
        """The head disposed on the printed sheet; the clerk records it with the scan."""
        letter = self._register(subject=SUBJECT, scan_file=ONE_PAGE_PDF)
        self.start_tour(
            "/odoo/action-surat_menyurat.surat_letter_incoming_action",
            "surat_paper_disposition_tour",
            login=self.registrar.login,
        )
        dispositions = letter.disposition_ids
        self.assertEqual(dispositions.user_id, self.kabid | self.kasi)
        self.assertEqual(dispositions.author_id, self.head)
        self.assertEqual(dispositions.recorded_by_id, self.registrar)
        self.assertEqual(
            dispositions.instruction_ids, self.env.ref("surat_menyurat.instruction_diselesaikan")
        )
        self.assertEqual(set(dispositions.mapped("sheet_scan_filename")), {"lembar-disposisi.pdf"})
        for disposition in dispositions:
            self.assertTrue(disposition.sheet_scan)
            self.assertIn("Siapkan narasumber", disposition.note)
            # the browser's today may be a day off the agency's
            due = self.company._surat_now().date() + timedelta(days=30)
            self.assertLessEqual(abs(disposition.deadline - due), timedelta(days=1))
        self.assertEqual(letter.state, "in_progress")
        # the head's "Dispose" to-do is closed; he is told of each disposition
        self.assertFalse(letter.activity_ids.filtered(lambda a: a.user_id == self.head))
        notified = self.env["mail.notification"].search(
            [
                ("res_partner_id", "=", self.head.partner_id.id),
                ("mail_message_id.model", "=", "surat.disposition"),
                ("mail_message_id.res_id", "in", dispositions.ids),
            ]
        )
        self.assertEqual(set(notified.mail_message_id.mapped("res_id")), set(dispositions.ids))
