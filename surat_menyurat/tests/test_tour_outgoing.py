from odoo.tests import HttpCase, tagged

from .test_outgoing import OutgoingCommon

SUBJECT = "Permohonan Data Tour"


@tagged("post_install", "-at_install", "surat_outgoing_tour", "is_tour")
class TestOutgoingTour(OutgoingCommon, HttpCase):
    def _letter(self):
        return self.Letter.search([("subject", "=", SUBJECT)])

    def test_outgoing_tour(self):
        """Draft, rejection and revision, two approvals, signing on a phone, sending."""
        self.company.surat_number_template = "{seq}/{unit}/{yyyy}"
        action = "/odoo/action-surat_menyurat.%s"
        self.start_tour(
            action % "surat_letter_outgoing_drafts_action",
            "surat_outgoing_draft",
            login="t_staff",
        )
        letter = self._letter()
        self.assertEqual(letter.state, "in_review")
        self.assertEqual(letter.current_reviewer_id, self.kasi)

        self.start_tour(
            action % "surat_letter_to_review_action",
            "surat_outgoing_reject",
            login="t_kasi",
        )
        self.assertEqual(letter.state, "draft")
        self.assertEqual(letter.reject_reason, "Sebutkan dasar hukumnya.")

        self.start_tour(
            action % "surat_letter_outgoing_drafts_action",
            "surat_outgoing_revise",
            login="t_staff",
        )
        self.assertEqual(letter.state, "in_review")
        self.assertIn("Perda 1/2026", letter.body)

        self.start_tour(
            action % "surat_letter_to_review_action",
            "surat_outgoing_approve",
            login="t_kasi",
        )
        self.assertEqual(letter.current_reviewer_id, self.kabid)
        self.start_tour(
            action % "surat_letter_to_review_action",
            "surat_outgoing_approve",
            login="t_kabid",
        )
        self.assertEqual(letter.state, "to_sign")

        self.browser_size = "375x667"
        self.touch_enabled = True
        self.start_tour(
            action % "surat_letter_to_sign_action",
            "surat_outgoing_sign_mobile",
            login="t_head",
        )
        self.browser_size = "1366x768"
        self.touch_enabled = False
        self.assertEqual(letter.state, "signed")
        year = self.company._surat_now().year
        self.assertEqual(letter.letter_number, "1/DKIS/%s" % year)
        self.assertEqual(letter.signed_by_id, self.head)

        self.start_tour(
            action % "surat_letter_outgoing_register_action",
            "surat_outgoing_send",
            login="t_registrar",
        )
        self.assertEqual(letter.state, "sent")
        self.assertEqual(letter.dispatch_channel, "courier")
        self.assertEqual(letter.dispatch_receipt, "JNE-0001")
