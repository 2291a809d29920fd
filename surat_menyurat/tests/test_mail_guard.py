"""Mail around letters: permanent history, nothing shown or sent to non-readers."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.bus.models.bus import channel_with_db, json_dump

from .common import SuratCommon


@tagged("post_install", "-at_install", "surat_mail")
class TestMailGuard(SuratCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")
        cls.external = cls.env["res.partner"].create(
            {"name": "Warga Pelapor", "email": "warga@example.com"}
        )
        cls.letter = cls._register(subject="Surat Biasa Terdaftar")
        cls.message = cls.letter.with_user(cls.head).message_post(
            body="Mohon ditindaklanjuti", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        tracking = cls.env["mail.tracking.value"]._create_tracking_values(
            "Lama",
            "Surat Biasa Terdaftar",
            "subject",
            cls.letter.fields_get(["subject"])["subject"],
            cls.letter,
        )
        cls.log = cls.letter.sudo()._message_log(body="", tracking_value_ids=[(0, 0, tracking)])
        cls.tracking = cls.log.tracking_value_ids

        cls.secret = cls._register(
            subject="Rencana Mutasi Pejabat", security_level="secret", letter_number="R/1"
        )
        cls.disposition = cls._dispose(cls.secret, cls.kasi)
        cls._end_request()

    @classmethod
    def _end_request(cls):
        """What the commit at the end of a request does: later calls are new requests."""
        cls.env.flush_all()
        cls.env.cr.precommit.run()

    def _refused(self, user, message):
        """Editing or deleting `message` as `user` is refused, whatever the path."""
        message = message.with_user(user)
        thread = self.env[message.model].browse(message.res_id).with_user(user)
        with self.assertRaisesRegex(UserError, "correction is a new message"):
            message.write({"body": "Diubah"})
        with self.assertRaisesRegex(UserError, "correction is a new message"):
            message.unlink()
        with self.assertRaisesRegex(UserError, "correction is a new message"):
            thread._message_update_content(message, body="Diubah")
        with self.assertRaisesRegex(UserError, "correction is a new message"):
            thread._message_update_content(message, body="", attachment_ids=[])
        self.assertTrue(message.exists())
        self.assertIn("Mohon ditindaklanjuti", str(message.sudo().body))

    # ------------------------------------------------------------------
    # History is permanent
    # ------------------------------------------------------------------
    def test_registered_letter_message_refused_to_author(self):
        """The author cannot edit or delete his comment on a registered letter."""
        self._refused(self.head, self.message)

    def test_registered_letter_message_refused_to_admin(self):
        """Administrators cannot edit or delete a registered letter's message either."""
        self._refused(self.admin, self.message)

    def test_tracking_value_refused(self):
        """A tracked change of a registered letter is neither edited nor deleted."""
        tracking = self.tracking.with_user(self.admin)
        with self.assertRaisesRegex(UserError, "correction is a new message"):
            tracking.write({"new_value_char": "Dipalsukan"})
        with self.assertRaisesRegex(UserError, "correction is a new message"):
            tracking.unlink()
        with self.assertRaisesRegex(UserError, "correction is a new message"):
            self.env["mail.tracking.value"].with_user(self.admin).create(
                {
                    "mail_message_id": self.message.id,
                    "field_id": self.tracking.field_id.id,
                    "new_value_char": "Sisipan",
                }
            )
        with self.assertRaisesRegex(UserError, "correction is a new message"):
            self.log.with_user(self.admin).write({"tracking_value_ids": [(5, 0, 0)]})
        self.assertEqual(self.tracking.sudo().new_value_char, "Surat Biasa Terdaftar")

    def test_disposition_message_refused(self):
        """Every message of a disposition is permanent."""
        message = self.disposition.with_user(self.kasi).message_post(
            body="Mohon ditindaklanjuti", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self._end_request()
        self._refused(self.kasi, message)

    def test_moving_a_message_into_a_letter_refused(self):
        """A message cannot be slipped into a letter's history afterwards."""
        note = self.head.partner_id.with_user(self.admin).message_post(body="Catatan lepas")
        self._end_request()
        with self.assertRaisesRegex(UserError, "correction is a new message"):
            note.with_user(self.admin).write({"model": "surat.letter", "res_id": self.letter.id})

    def test_flags_stay_free(self):
        """Starring a letter's message and reading one's notification still work."""
        message = self.message.with_user(self.kabid)
        message.toggle_message_starred()
        self.assertTrue(message.starred)
        message.toggle_message_starred()
        self.assertFalse(message.starred)
        notification = (
            self.env["mail.notification"]
            .sudo()
            .create(
                {
                    "mail_message_id": self.message.id,
                    "res_partner_id": self.kabid.partner_id.id,
                    "notification_type": "inbox",
                }
            )
        )
        message.set_message_done()
        self.assertTrue(notification.is_read)

    def test_draft_letter_messages_stay_editable(self):
        """On a draft the creator still corrects or deletes his own comment."""
        draft = self.Letter.with_user(self.registrar).create(self._incoming_vals())
        message = draft.message_post(
            body="Draf awal", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self._end_request()
        draft._message_update_content(message, body="Draf koreksi")
        self.assertIn("Draf koreksi", str(message.body))
        message.unlink()
        self.assertFalse(message.exists())

    def test_new_message_completed_in_its_request(self):
        """A message is completed in the request that posts it (done activity files)."""
        message = self.letter.with_user(self.head).message_post(
            body="Berkas menyusul", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.head)
            .create({"name": "hasil.txt", "raw": b"hasil", "res_model": "mail.compose.message"})
        )
        message.attachment_ids = attachment
        self.assertEqual(message.attachment_ids, attachment)
        self._end_request()
        with self.assertRaisesRegex(UserError, "correction is a new message"):
            message.with_user(self.head).attachment_ids = False

    # ------------------------------------------------------------------
    # Nothing of an unreadable letter through mail's own models
    # ------------------------------------------------------------------
    def _traps(self):
        """An old notification, a follow and a scheduled message of `staff` on the secret letter."""
        message = self.secret.with_user(self.head).message_post(
            body="Isi rahasia",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.staff.partner_id.ids,
        )
        # as if notified while he could read it
        notification = (
            self.env["mail.notification"]
            .sudo()
            .create(
                {
                    "mail_message_id": message.id,
                    "res_partner_id": self.staff.partner_id.id,
                    "notification_type": "inbox",
                }
            )
        )
        self.secret.sudo().message_subscribe(partner_ids=self.staff.partner_id.ids)
        follower = self.secret.sudo().message_follower_ids.filtered(
            lambda f: f.partner_id == self.staff.partner_id
        )
        scheduled = (
            self.env["mail.scheduled.message"]
            .sudo()
            .create(
                {
                    "model": "surat.letter",
                    "res_id": self.secret.id,
                    "author_id": self.head.partner_id.id,
                    "body": "Jadwal rahasia",
                    "scheduled_date": fields.Datetime.now() + timedelta(days=1),
                }
            )
        )
        self._end_request()
        return message, notification, follower, scheduled

    def test_unreadable_letter_hidden_from_mail_models(self):
        """A user who cannot read a secret letter sees none of its mail records."""
        message, notification, follower, scheduled = self._traps()
        self.assertFalse(self.secret.with_user(self.staff).has_access("read"))
        env = self.env(user=self.staff)
        subject = "Rencana Mutasi"
        self.assertFalse(env["mail.message"].search([("record_name", "ilike", subject)]))
        self.assertFalse(
            env["mail.message"]._message_fetch([("needaction", "=", True)])["messages"]
        )
        self.assertNotIn(
            message, env["mail.message"].search([("partner_ids", "in", self.staff.partner_id.ids)])
        )
        notifications = env["mail.notification"].search_read(
            [("res_partner_id", "=", self.staff.partner_id.id)], ["mail_message_id"]
        )
        self.assertNotIn(subject, str(notifications))
        self.assertFalse(
            env["mail.followers"].search(
                [("res_model", "=", "surat.letter"), ("res_id", "=", self.secret.id)]
            )
        )
        self.assertNotIn(
            follower, env["mail.followers"].search([("partner_id", "=", self.staff.partner_id.id)])
        )
        self.assertFalse(env["mail.scheduled.message"].search([("model", "=", "surat.letter")]))
        for record, fnames in (
            (message, ["record_name", "body"]),
            (notification, ["mail_message_id"]),
            (follower, ["res_id", "display_name"]),
            (scheduled, ["body"]),
        ):
            with self.assertRaises(AccessError, msg=record._name):
                record.with_user(self.staff).read(fnames)

    def test_reader_sees_mail_models(self):
        """Someone involved still sees the letter's followers, messages and schedule."""
        message, _notification, follower, scheduled = self._traps()
        env = self.env(user=self.kasi)
        self.assertIn(
            message, env["mail.message"].search([("record_name", "ilike", "Rencana Mutasi")])
        )
        self.assertIn(
            follower,
            env["mail.followers"].search(
                [("res_model", "=", "surat.letter"), ("res_id", "=", self.secret.id)]
            ),
        )
        self.assertIn(scheduled, env["mail.scheduled.message"].search([]))
        self.assertTrue(follower.with_user(self.kasi).read(["display_name"]))

    def test_guard_free_on_other_models(self):
        """On other documents the guards run no query once the records are loaded."""
        partner = self.kabid.partner_id
        partner.sudo().message_subscribe(partner_ids=self.kasi.partner_id.ids)
        followers = partner.with_user(self.kabid).message_follower_ids
        followers.mapped("res_model")
        with self.assertQueryCount(0):
            self.assertFalse(followers._surat_forbidden())
        Followers = self.env["mail.followers"].with_user(self.kabid)
        domain = [("res_model", "=", "res.partner"), ("res_id", "=", partner.id)]
        Followers._search(domain)  # warms the rule cache
        with self.assertQueryCount(0):
            Followers._search(domain)

    # ------------------------------------------------------------------
    # Followers who lost access
    # ------------------------------------------------------------------
    def _follow(self, record, *partners):
        record.sudo().message_subscribe(partner_ids=[p.id for p in partners])

    def test_follower_who_lost_access_not_notified(self):
        """After his share is revoked a follower receives nothing; readers still do."""
        share = (
            self.env["surat.letter.share"]
            .with_user(self.head)
            ._grant(self.secret, self.staff, "Untuk rapat anggaran")
        )
        self._follow(self.secret, self.staff.partner_id, self.kasi.partner_id, self.external)
        self.assertTrue(self.secret.with_user(self.staff).has_access("read"))
        # revoked without the pruning of action_revoke: the notification filter alone
        share.sudo().write({"revoked": True})
        self._end_request()
        self.env.invalidate_all()
        self.assertFalse(self.secret.with_user(self.staff).has_access("read"))
        message = self.secret.with_user(self.head).message_post(
            body="Perkembangan", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        notified = message.sudo().notification_ids.res_partner_id
        self.assertIn(self.kasi.partner_id, notified)
        self.assertNotIn(self.staff.partner_id, notified)
        self.assertNotIn(self.external, notified)

    def test_external_follower_notified_on_normal_letter(self):
        """Correspondents without a user keep following normal letters."""
        self._follow(self.letter, self.external)
        message = self.letter.with_user(self.head).message_post(
            body="Balasan", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertIn(self.external, message.sudo().notification_ids.res_partner_id)

    def test_revoke_prunes_followers(self):
        """Revoking a share unsubscribes the user from the letter and its dispositions."""
        share = (
            self.env["surat.letter.share"]
            .with_user(self.head)
            ._grant(self.secret, self.staff, "Untuk rapat anggaran")
        )
        self._follow(self.secret, self.staff.partner_id, self.kasi.partner_id, self.external)
        self._follow(self.disposition, self.staff.partner_id, self.kasi.partner_id)
        share.with_user(self.head).action_revoke()
        followers = self.secret.sudo().message_partner_ids
        self.assertIn(self.kasi.partner_id, followers)
        self.assertNotIn(self.staff.partner_id, followers)
        self.assertNotIn(self.external, followers)
        self.assertEqual(self.disposition.sudo().message_partner_ids, self.kasi.partner_id)

    def test_raising_the_level_prunes_followers(self):
        """Raised to secret, a letter loses the followers who may no longer read it."""
        letter = self._register(subject="Menjadi Rahasia", security_level="normal")
        self._dispose(letter, self.kasi)
        self._follow(letter, self.staff.partner_id, self.kasi.partner_id, self.external)
        letter.with_user(self.registrar).write({"security_level": "secret"})
        followers = letter.sudo().message_partner_ids
        self.assertIn(self.kasi.partner_id, followers)
        self.assertNotIn(self.staff.partner_id, followers)
        self.assertNotIn(self.external, followers)

    def test_moved_user_stops_following(self):
        """Moved out of the letter's unit, a user stops following its restricted letter."""
        letter = self._register(
            subject="Terbatas Bidang",
            security_level="restricted",
            department_id=self.dept_aptika.id,
        )
        self.assertTrue(letter.with_user(self.staff_aptika).has_access("read"))
        self._follow(letter, self.staff_aptika.partner_id, self.kabid.partner_id)
        self.emp_staff_aptika.department_id = self.dept_general
        self.assertFalse(letter.with_user(self.staff_aptika).has_access("read"))
        followers = letter.sudo().message_partner_ids
        self.assertNotIn(self.staff_aptika.partner_id, followers)
        self.assertIn(self.kabid.partner_id, followers)

    def test_message_name_hidden_through_a_reply(self):
        """A message's name is its letter's: a reply pointing at it shows nothing of it."""
        secret_message = self.secret.with_user(self.head).message_post(
            body="Catatan", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        # a message on a letter he may read, replying to one on a letter he may not
        reply = self.env["mail.message"].create(
            {
                "body": "Balasan",
                "model": "surat.letter",
                "res_id": self.letter.id,
                "message_type": "comment",
                "parent_id": secret_message.id,
            }
        )
        [row] = reply.with_user(self.staff).read(["parent_id"])
        self.assertNotIn("Mutasi", row["parent_id"][1])
        [row] = reply.with_user(self.kasi).read(["parent_id"])
        self.assertIn("Mutasi", row["parent_id"][1])

    def test_prune_normal_letter(self):
        """On a normal letter pruning keeps correspondents, drops other agencies' users."""
        self._follow(self.letter, self.external, self.outsider.partner_id, self.staff.partner_id)
        self.letter._surat_prune_followers()
        followers = self.letter.sudo().message_partner_ids
        self.assertNotIn(self.outsider.partner_id, followers)
        self.assertIn(self.external, followers)
        self.assertIn(self.staff.partner_id, followers)

    def test_status_update_not_pushed_to_author_without_access(self):
        """The live e-mail status of a message goes to its author only while he may read."""
        Bus = self.env["bus.bus"].sudo()

        def pushed(partner):
            channel = json_dump(channel_with_db(self.env.cr.dbname, partner))
            return Bus.search_count([("channel", "=", channel)])

        messages = self.env["mail.message"]
        for author in (self.staff, self.kasi):
            messages |= self.secret.sudo().message_post(
                body="Catatan", message_type="comment", author_id=author.partner_id.id
            )
        self._end_request()
        before = {p: pushed(p) for p in (self.staff.partner_id, self.kasi.partner_id)}
        messages.with_user(self.head)._notify_message_notification_update()
        self._end_request()
        self.assertEqual(pushed(self.staff.partner_id), before[self.staff.partner_id])
        self.assertGreater(pushed(self.kasi.partner_id), before[self.kasi.partner_id])
