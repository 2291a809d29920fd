from odoo.tests import HttpCase, tagged

from .test_delivery import DeliveryCommon

SUBJECT = "Undangan Rapat Data Pendidikan"


@tagged("post_install", "-at_install", "surat_delivery_tour", "is_tour")
class TestDeliveryTour(DeliveryCommon, HttpCase):
    def test_delivery_tour(self):
        """A letter sent from agency A is registered in agency B and A sees the receipt."""
        letter = self._to_sign(subject=SUBJECT, partner_id=self.agency_b.partner_id.id)
        letter.with_user(self.head).action_sign()
        register = "/odoo/action-surat_menyurat.surat_letter_outgoing_register_action"
        self.start_tour(register, "surat_delivery_send", login="t_registrar")
        self.assertEqual(letter.state, "sent")
        self.assertEqual(letter.delivery_state, "delivered")
        incoming = self._received(letter)
        self.assertEqual((incoming.company_id, incoming.state), (self.agency_b, "draft"))

        self.start_tour(
            "/odoo/action-surat_menyurat.surat_letter_incoming_action",
            "surat_delivery_register",
            login="t_registrar_b",
        )
        self.assertEqual(incoming.state, "registered")
        self.assertEqual(incoming.registered_by_id, self.registrar_b)

        self.start_tour(register, "surat_delivery_receipt", login="t_registrar")
        self.assertEqual(letter.delivery_ids.receipt_agenda_number, incoming.agenda_number)
        self.assertEqual(letter.delivery_state, "registered")
