from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import PDF_B64, SuratCommon


@tagged("post_install", "-at_install", "surat_disposition")
class TestPaperDisposition(SuratCommon):
    """The head disposes on paper, the clerk records it (issue 12 item 1)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.secretary.groups_id |= cls.env.ref("surat_menyurat.group_surat_head_secretary")
        cls.instruction = cls.env.ref("surat_menyurat.instruction_diselesaikan")

    def _head_todo(self, letter):
        return letter.activity_ids.filtered(lambda a: a.user_id == self.head)

    def _record(self, letter, user, **vals):
        wizard = (
            self.env["surat.disposition.paper"]
            .with_user(user)
            .with_context(default_letter_id=letter.id)
            .create(
                dict(
                    {
                        "user_ids": [(6, 0, self.kabid.ids)],
                        "instruction_ids": [(6, 0, self.instruction.ids)],
                        "note": "Segera koordinasikan",
                        "sheet_scan": PDF_B64,
                        "sheet_scan_filename": "lembar-disposisi.pdf",
                    },
                    **vals,
                )
            )
        )
        wizard.action_confirm()
        return letter.disposition_ids

    def test_clerk_records_in_the_heads_name(self):
        letter = self._register()
        self.assertTrue(self._head_todo(letter))
        action = letter.with_user(self.registrar).action_open_paper_disposition_wizard()
        self.assertEqual(action["res_model"], "surat.disposition.paper")
        disposition = self._record(letter, self.registrar)
        self.assertEqual(len(disposition), 1)
        self.assertEqual(disposition.author_id, self.head)
        self.assertEqual(disposition.recorded_by_id, self.registrar)
        self.assertEqual(disposition.user_id, self.kabid)
        self.assertEqual(disposition.instruction_ids, self.instruction)
        self.assertEqual(disposition.sheet_scan_filename, "lembar-disposisi.pdf")
        self.assertTrue(disposition.sheet_scan)
        self.assertEqual(
            disposition.issued_label, "Disposed by Kepala Dinas, recorded by Agendaris"
        )
        self.assertEqual(letter.state, "in_progress")
        self.assertIn(self.registrar, letter.access_user_ids)
        # the head's "Dispose" to-do is closed, the recipient has his own
        self.assertFalse(self._head_todo(letter))
        self.assertEqual(disposition.activity_ids.user_id, self.kabid)
        # the head is told, and follows the disposition
        message = disposition.message_ids.filtered(lambda m: "recorded this disposition" in m.body)
        self.assertIn(self.head.partner_id, message.partner_ids)
        self.assertIn(self.head.partner_id, disposition.message_partner_ids)

    def test_head_corrects_and_withdraws(self):
        letter = self._register()
        disposition = self._record(letter, self.secretary)
        self.assertEqual(disposition.recorded_by_id, self.secretary)
        disposition.with_user(self.head).write({"note": "Koordinasikan dengan Sekretariat"})
        self.assertEqual(disposition.note, "Koordinasikan dengan Sekretariat")
        # the clerk records; he does not rewrite or withdraw the head's disposition
        with self.assertRaises(AccessError):
            disposition.with_user(self.secretary).write({"note": "Lain"})
        with self.assertRaises(AccessError):
            disposition.with_user(self.secretary).action_cancel()
        disposition.with_user(self.head).action_cancel()
        self.assertEqual(disposition.state, "cancelled")
        self.assertEqual(letter.state, "registered")

    def test_rpc_disposition_closes_head_todo(self):
        """However the head disposes (RPC here), his "Dispose" to-do closes."""
        letter = self._register()
        self._dispose(letter, self.kabid)
        self.assertFalse(self._head_todo(letter))
        self.assertFalse(letter.disposition_ids.recorded_by_id)

    def test_nobody_else_disposes_in_another_name(self):
        letter = self._register()
        Disposition = self.Disposition
        vals = {"letter_id": letter.id, "user_id": self.staff.id, "author_id": self.head.id}
        for user in (self.staff, self.kabid, self.manager):
            with self.assertRaises(AccessError):
                Disposition.with_user(user).create(dict(vals))
        # the clerk records only for the head (or his delegate)
        with self.assertRaises(AccessError):
            Disposition.with_user(self.registrar).create(dict(vals, author_id=self.kabid.id))
        # the recorder is set by the system, never given
        with self.assertRaises(AccessError):
            Disposition.with_user(self.head).create(
                dict(vals, author_id=self.head.id, recorded_by_id=self.registrar.id)
            )
        # a forward is made by its recipient only
        parent = self._dispose(letter, self.kabid)
        with self.assertRaises(AccessError):
            Disposition.with_user(self.registrar).create(
                dict(vals, author_id=self.kabid.id, parent_id=parent.id)
            )
        self.assertEqual(letter.disposition_ids, parent)
        # the wizard's entry is for clerks and the head's secretary, and so is the wizard
        with self.assertRaises(AccessError):
            letter.with_user(self.staff_aptika).action_open_paper_disposition_wizard()
        for user in (self.staff_aptika, self.kabid):
            with self.assertRaises(AccessError):
                self._record(letter, user)
        self.assertEqual(letter.disposition_ids, parent)

    def test_refusals_change_nothing(self):
        letter = self._register()
        with self.assertRaises(UserError):
            self._record(letter, self.registrar, user_ids=[(6, 0, [])])
        with self.assertRaises(UserError):
            # not a document: the content decides
            self._record(letter, self.registrar, sheet_scan=b"bm90IGEgcGRm")
        self.assertFalse(letter.disposition_ids)
        self.assertTrue(self._head_todo(letter))
        self.assertEqual(letter.state, "registered")
