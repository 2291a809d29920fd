from datetime import timedelta

from odoo.tests import HttpCase, tagged

from .common import SuratCommon
from .test_tour_incoming import ONE_PAGE_PDF

SUBJECT = "Undangan Rapat Pimpinan Daerah"


@tagged("post_install", "-at_install", "surat_tour", "is_tour")
class TestTourPlh(SuratCommon, HttpCase):
    def test_plh_disposes_while_the_head_is_away(self):
        """The Plh finds the letter on his home screen and disposes it in the head's name."""
        today = self.company._surat_now().date()
        delegation = (
            self.env["surat.delegation"]
            .with_user(self.head)
            .create(
                {
                    "principal_id": self.head.id,
                    "delegate_id": self.kabid.id,
                    "date_from": today,
                    "date_to": today + timedelta(days=3),
                    "reason": "Dinas luar ke Jakarta",
                    "company_id": self.company.id,
                }
            )
        )
        # secret: the division head reads them only as the head's Plh
        acted = self._register(subject=SUBJECT, security_level="secret", scan_file=ONE_PAGE_PDF)
        untouched = self._register(
            subject="Permohonan Audiensi", letter_number="B/7", security_level="secret"
        )
        self.start_tour("/odoo", "surat_plh_dispose_tour", login=self.kabid.login)
        disposition = acted.disposition_ids
        self.assertEqual(disposition.user_id, self.kasi)
        self.assertEqual(disposition.author_id, self.head)
        self.assertEqual(disposition.recorded_by_id, self.kabid)
        self.assertEqual(
            disposition.instruction_ids, self.env.ref("surat_menyurat.instruction_hadiri")
        )
        self.assertEqual(acted.state, "in_progress")
        self.assertEqual(disposition.activity_ids.user_id, self.kasi)
        self.assertFalse(acted.activity_ids.filtered(lambda a: a.user_id == self.head))
        self.assertTrue(
            self.env["mail.notification"].search_count(
                [
                    ("res_partner_id", "=", self.head.partner_id.id),
                    ("mail_message_id.model", "=", "surat.disposition"),
                    ("mail_message_id.res_id", "=", disposition.id),
                ]
            )
        )
        self.assertFalse(untouched.disposition_ids)
        # the head is back: the Plh keeps what he acted on, nothing else
        delegation.with_user(self.head).action_end()
        Letter = self.Letter.with_user(self.kabid)
        self.assertEqual(Letter.search([("id", "in", (acted | untouched).ids)]), acted)
