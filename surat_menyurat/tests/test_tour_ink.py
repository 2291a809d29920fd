from odoo.tests import HttpCase, tagged

from .test_outgoing import OutgoingCommon

SUBJECT = "Permohonan Data Tinta"


@tagged("post_install", "-at_install", "surat_ink_tour", "is_tour")
class TestInkTour(OutgoingCommon, HttpCase):
    def test_ink_tour(self):
        """Printed for signature, signed in ink, the clerk records the scan and dispatches it."""
        letter = self._to_sign(subject=SUBJECT)
        letter.with_user(self.staff).action_print_for_signature()
        number = letter.letter_number
        self.start_tour(
            "/odoo/action-surat_menyurat.surat_letter_outgoing_register_action",
            "surat_ink_sign_and_send",
            login="t_registrar",
        )
        self.assertEqual(letter.state, "sent")
        self.assertTrue(letter.ink_signed)
        self.assertEqual(letter.letter_number, number)
        self.assertTrue(letter.signed_attachment_id.raw.startswith(b"%PDF"))
        self.assertEqual(letter.dispatch_channel, "courier")
