from datetime import datetime, timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .test_outgoing import OutgoingCommon


@tagged("post_install", "-at_install", "surat_outgoing")
class TestCopies(OutgoingCommon):
    """Tembusan delivered (issue 12 item 4)."""

    def _signed(self, **values):
        letter = self._to_sign(**values)
        letter.with_user(letter.signer_id).action_sign()
        return letter

    def _notified(self, record, user):
        return record.message_ids.filtered(lambda m: user.partner_id in m.partner_ids)

    def test_memo_copies_read_only_no_activity(self):
        memo = self._signed(
            direction="internal",
            document_type_id=self.doc_memo.id,
            partner_id=False,
            security_level="secret",
            recipient_user_ids=[(6, 0, self.kabid.ids)],
            cc_user_ids=[(6, 0, self.secretary.ids)],
        )
        memo.with_user(self.staff).action_send()
        # the copy reads it, is told, has nothing to do
        self.assertTrue(memo.with_user(self.secretary).has_access("read"))
        self.assertTrue(self._notified(memo, self.secretary))
        self.assertNotIn(self.secretary, memo.activity_ids.user_id)
        self.assertIn(self.kabid, memo.activity_ids.user_id)
        copies = self.Letter.with_user(self.secretary).search(
            [("cc_user_ids", "in", [self.secretary.id])]
        )
        self.assertEqual(copies, memo)
        # read-only: it neither annotates, closes nor disposes the memo
        with self.assertRaises(AccessError):
            memo.with_user(self.secretary).write({"note": "catatan"})
        with self.assertRaises(AccessError):
            memo.with_user(self.secretary).action_done()
        with self.assertRaises(AccessError):
            self.Disposition.with_user(self.secretary).create(
                {"letter_id": memo.id, "user_id": self.kasubbag.id}
            )
        self.assertEqual(memo.state, "sent")
        self.assertFalse(memo.disposition_ids)

    def test_external_copies_listed_in_dispatch(self):
        copy_partner = self.env["res.partner"].create({"name": "Inspektorat Kabupaten"})
        letter = self._signed(
            cc_partner_ids=[(6, 0, copy_partner.ids)],
            cc_user_ids=[(6, 0, self.kabid.ids)],
        )
        letter.with_user(self.registrar).write({"dispatch_channel": "post"})
        letter.with_user(self.registrar).action_send()
        self.assertEqual(letter.state, "sent")
        listed = letter.message_ids.filtered(lambda m: "External copies" in m.body)
        self.assertIn("Inspektorat Kabupaten", listed.body)
        self.assertTrue(self._notified(letter, self.kabid))
        self.assertNotIn(self.kabid, letter.activity_ids.user_id)


@tagged("post_install", "-at_install", "surat_disposition")
class TestInfoCopies(OutgoingCommon):
    """Dispositions for information never keep a letter open."""

    def _wizard(self, letter, **vals):
        return (
            self.env["surat.letter.dispose"]
            .with_user(self.head)
            .with_context(default_letter_id=letter.id)
            .create(dict({"department_ids": [(5,)]}, **vals))
        )

    def test_info_copy_does_not_block_completion(self):
        letter = self._register()
        self._wizard(
            letter,
            user_ids=[(6, 0, self.kabid.ids)],
            info_user_ids=[(6, 0, self.secretary.ids)],
        ).action_confirm()
        action = letter.disposition_ids.filtered(lambda d: not d.is_info_copy)
        copy = letter.disposition_ids.filtered("is_info_copy")
        self.assertEqual(action.user_id, self.kabid)
        self.assertEqual(copy.user_id, self.secretary)
        self.assertFalse(copy.deadline)
        self.assertFalse(copy.activity_ids)
        self.assertTrue(self._notified_copy(copy))
        self.assertTrue(letter.with_user(self.secretary).has_access("read"))
        # the copy is never forwarded
        with self.assertRaises(UserError):
            self.Disposition.with_user(self.secretary).create(
                {"letter_id": letter.id, "user_id": self.kasubbag.id, "parent_id": copy.id}
            )
        action.with_user(self.kabid).write({"report": "Selesai"})
        action.with_user(self.kabid).action_done()
        action.with_user(self.head).action_accept()
        self.assertEqual(copy.state, "sent")
        self.assertEqual(letter.state, "done")

    def _notified_copy(self, copy):
        return copy.message_ids.filtered(lambda m: self.secretary.partner_id in m.partner_ids)

    def test_only_copies_close_the_letter(self):
        """Noted and copied for information: done at once."""
        letter = self._register()
        self._wizard(
            letter, note_only=True, info_user_ids=[(6, 0, (self.kabid | self.secretary).ids)]
        ).action_confirm()
        self.assertEqual(len(letter.disposition_ids), 2)
        self.assertTrue(all(letter.disposition_ids.mapped("is_info_copy")))
        self.assertEqual(letter.state, "done")
        self.assertFalse(letter.activity_ids.filtered(lambda a: a.user_id == self.head))

    def test_only_the_head_sends_copies(self):
        letter = self._register()
        with self.assertRaises(AccessError):
            self.Disposition.with_user(self.staff).create(
                {"letter_id": letter.id, "user_id": self.kabid.id, "is_info_copy": True}
            )
        self.assertFalse(letter.disposition_ids)
        self.assertEqual(letter.state, "registered")


@tagged("post_install", "-at_install", "surat_disposition")
class TestInvitation(OutgoingCommon):
    """A registered Surat Undangan becomes a calendar event (issue 12 item 8)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.doc_invitation = cls.env.ref("surat_menyurat.document_type_invitation")
        cls.start = datetime(2030, 3, 4, 2, 0)

    def _invitation(self, **values):
        return self._register(
            document_type_id=self.doc_invitation.id,
            event_start=self.start,
            event_location="Aula Kantor Bupati",
            **values,
        )

    def test_disposed_to_attend_get_the_event(self):
        letter = self._invitation()
        self.assertFalse(letter.calendar_event_id)
        self._dispose(letter, self.kabid)
        event = letter.calendar_event_id
        self.assertTrue(event)
        self.assertEqual(event.start, self.start)
        self.assertEqual(event.location, "Aula Kantor Bupati")
        self.assertEqual(event.privacy, "private")
        self.assertIn(letter.subject, event.name)
        self.assertEqual(event.partner_ids, self.kabid.partner_id)
        # forwarded down to attend: added; a copy for information: not
        parent = letter.disposition_ids
        self._dispose(letter, self.kasi, author=self.kabid, parent=parent)
        self._dispose(letter, self.secretary, is_info_copy=True)
        self.assertEqual(event.partner_ids, (self.kabid | self.kasi).partner_id)
        self.assertEqual(letter.calendar_event_id, event)
        # the clerk corrects the place and adds the agenda: the event follows
        letter.with_user(self.registrar).write(
            {"event_location": "Ruang Rapat Lt. 2", "event_agenda": "Rapat Koordinasi SPBE"}
        )
        self.assertEqual(event.location, "Ruang Rapat Lt. 2")
        self.assertIn("Rapat Koordinasi SPBE", str(event.description))
        # an attendee sees it, another user does not
        self.assertTrue(event.with_user(self.kasi).has_access("read"))
        hidden = (
            self.env["calendar.event"]
            .with_user(self.staff_aptika)
            .search_read([("id", "=", event.id)], ["name", "location"])
        )
        self.assertNotIn("Ruang Rapat Lt. 2", str(hidden))

    def test_internal_invitation_memo(self):
        """An invitation sent as a memo: its addressee disposes, the attendee is invited."""
        memo = self._to_sign(
            direction="internal",
            document_type_id=self.doc_invitation.id,
            partner_id=False,
            recipient_user_ids=[(6, 0, self.kabid.ids)],
            event_start=self.start,
            event_location="Ruang Rapat Sekretariat",
        )
        memo.with_user(memo.signer_id).action_sign()
        memo.with_user(self.staff).action_send()
        self.assertFalse(memo.calendar_event_id, "sent is not yet disposed to attend")
        self._dispose(memo, self.kasi, author=self.kabid)
        event = memo.calendar_event_id
        self.assertEqual(event.partner_ids, self.kasi.partner_id)
        self.assertEqual(event.start, self.start)
        self.assertEqual(event.location, "Ruang Rapat Sekretariat")

    def test_confidential_event_hides_the_subject(self):
        letter = self._invitation(security_level="secret", subject="Rapat Rahasia Anggaran")
        self._dispose(letter, self.kabid)
        self.assertNotIn("Anggaran", letter.calendar_event_id.name)

    def test_not_an_invitation_no_event(self):
        letter = self._register(event_start=self.start)
        self._dispose(letter, self.kabid)
        self.assertFalse(letter.calendar_event_id)

    def test_event_fields_refused(self):
        letter = self._invitation()
        with self.assertRaises(ValidationError):
            letter.with_user(self.registrar).event_stop = self.start - timedelta(hours=1)
        event = self.env["calendar.event"].create(
            {"name": "Lain", "start": self.start, "stop": self.start + timedelta(hours=1)}
        )
        with self.assertRaises(AccessError):
            letter.with_user(self.registrar).write({"calendar_event_id": event.id})
        with self.assertRaises(AccessError):
            letter.with_user(self.staff).write({"event_location": "Tempat lain"})
        self.assertEqual(letter.event_location, "Aula Kantor Bupati")
        self.assertFalse(letter.calendar_event_id)
