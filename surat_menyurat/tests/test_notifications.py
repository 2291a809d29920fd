"""Notifications: each user hears of what he must act on, not of every step below him."""

from odoo.tests import tagged

from .common import SuratCommon


@tagged("post_install", "-at_install", "surat_disposition")
class TestNotifications(SuratCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # tracking and notifications as in production (the common setup disables them)
        cls.env = cls.env(context={})
        cls.Letter = cls.Letter.with_env(cls.env)
        cls.Disposition = cls.env["surat.disposition"]

    def _inbox(self, user):
        """The user's inbox notifications: what reaches him, as (model, body) pairs."""
        notifications = self.env["mail.notification"].search(
            [("res_partner_id", "=", user.partner_id.id)]
        )
        return [(n.mail_message_id.model, n.mail_message_id.body) for n in notifications]

    def test_cascade_reaches_the_head_once(self):
        letter = self._register()
        before = len(self._inbox(self.head))
        top = self._dispose(letter, self.kabid)
        mid = self._dispose(letter, self.kasi, author=self.kabid, parent=top)
        low = self._dispose(letter, self.staff, author=self.kasi, parent=mid)
        for disposition, user in ((low, self.staff),):
            disposition.with_user(user).action_read()
            disposition.with_user(user).action_start()
            disposition.with_user(user).write({"report": "Sudah dikerjakan."})
            disposition.with_user(user).action_done()
        low.with_user(self.kasi).action_accept()
        mid.with_user(self.kasi).write({"report": "Selesai."})
        mid.with_user(self.kasi).action_done()
        mid.with_user(self.kabid).action_accept()
        top.with_user(self.kabid).write({"report": "Selesai."})
        top.with_user(self.kabid).action_done()
        # the head hears once: the report he must review (his activity)
        inbox = self._inbox(self.head)[before:]
        self.assertEqual(len(inbox), 1, inbox)
        self.assertEqual(inbox[0][0], "surat.disposition")
        self.assertIn("Report to review", inbox[0][1])
        # each recipient: his disposition, and the report of the one below him
        self.assertEqual(len(self._inbox(self.kabid)), 2)
        self.assertEqual(len(self._inbox(self.kasi)), 2)
        self.assertEqual(len(self._inbox(self.staff)), 1)
        # the steps stay in the letter's history
        steps = letter.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("surat_menyurat.mt_letter_disposition")
        )
        self.assertEqual(len(steps), 8)

    def test_follow_the_cascade_on_request(self):
        """Who asks to follow a letter's disposition steps hears of each of them."""
        letter = self._register()
        subtype = self.env.ref("surat_menyurat.mt_letter_disposition")
        letter.message_subscribe(partner_ids=self.secretary.partner_id.ids, subtype_ids=subtype.ids)
        before = len(self._inbox(self.secretary))
        self._dispose(letter, self.kabid)
        self.assertEqual(len(self._inbox(self.secretary)) - before, 1)
