from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.mail.tests.common import MockEmail

from .common import SuratCommon


@tagged("post_install", "-at_install", "surat_disposition")
class TestDisposition(SuratCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = cls.company._surat_now().date()
        cls.instruction = cls.env.ref("surat_menyurat.instruction_diselesaikan")

    def _wizard(self, letter, user, **vals):
        return (
            self.env["surat.letter.dispose"]
            .with_user(user)
            .with_context(
                default_letter_id=letter.id,
                default_parent_id=vals.pop("parent_id", False),
            )
            .create(vals)
        )

    # ------------------------------------------------------------------
    # The head disposes
    # ------------------------------------------------------------------
    def test_dispose_creates_one_per_recipient(self):
        """One disposition per recipient; units resolve to their managers."""
        letter = self._register()
        wizard = self._wizard(
            letter,
            self.head,
            user_ids=[(6, 0, self.secretary.ids)],
            department_ids=[(6, 0, self.dept_aptika.ids)],
            instruction_ids=[(6, 0, self.instruction.ids)],
            note="Mohon ditindaklanjuti",
        )
        done = wizard.action_confirm()
        # "Send" says on screen to whom it went, then closes the dialog
        self.assertEqual(done["tag"], "display_notification")
        self.assertIn("Sekretaris", done["params"]["message"])
        self.assertIn("Kabid Aptika", done["params"]["message"])
        self.assertEqual(done["params"]["next"], {"type": "ir.actions.act_window_close"})
        dispositions = letter.disposition_ids
        self.assertEqual(dispositions.user_id, self.secretary | self.kabid)
        self.assertEqual(set(dispositions.mapped("state")), {"sent"})
        self.assertEqual(dispositions.author_id, self.head)
        self.assertEqual(dispositions.instruction_ids, self.instruction)
        self.assertEqual(letter.state, "in_progress")
        for disposition in dispositions:
            self.assertEqual(disposition.activity_ids.user_id, disposition.user_id)
        self.assertFalse(letter.activity_ids.filtered(lambda a: a.user_id == self.head))
        self.assertIn(self.kabid, letter.access_user_ids)
        self.assertTrue(letter.with_user(self.kabid).has_access("read"))

    def test_wizard_defaults(self):
        """The wizard proposes the processing unit and a deadline from the urgency."""
        letter = self._register(urgency="urgent")
        defaults = (
            self.env["surat.letter.dispose"]
            .with_user(self.head)
            .with_context(default_letter_id=letter.id)
            .default_get(["deadline", "department_ids", "letter_id"])
        )
        expected = self.env["surat.holiday"].add_working_days(self.company, self.today, 2)
        self.assertEqual(defaults["deadline"], expected)
        self.assertEqual(defaults["department_ids"][0][2], self.dept_aptika.ids)

    def test_unit_without_manager_refused(self):
        """A unit without a manager user is refused with a message, nothing created."""
        dept = self.env["hr.department"].create({"name": "Tanpa Kepala"})
        letter = self._register()
        wizard = self._wizard(letter, self.head, department_ids=[(6, 0, dept.ids)])
        with self.assertRaises(UserError):
            wizard.action_confirm()
        self.assertFalse(letter.disposition_ids)
        self.assertEqual(letter.state, "registered")

    def test_only_head_disposes(self):
        """A user who received nothing cannot dispose a letter."""
        letter = self._register()
        with self.assertRaises(AccessError):
            self._dispose(letter, self.staff, author=self.kabid)
        self.assertFalse(letter.disposition_ids)

    def test_deadline_in_past_refused(self):
        """A deadline in the past is refused."""
        letter = self._register()
        with self.assertRaises(ValidationError):
            self._dispose(letter, self.kabid, deadline=self.today - timedelta(days=1))
        self.assertFalse(letter.disposition_ids)
        self.assertEqual(letter.state, "registered")

    # ------------------------------------------------------------------
    # Reading and the cascade
    # ------------------------------------------------------------------
    def test_read_and_start(self):
        """The recipient reads (with the time) and starts; others cannot."""
        letter = self._register()
        disposition = self._dispose(letter, self.kabid)
        with self.assertRaises(AccessError):
            disposition.with_user(self.staff).action_read()
        self.assertEqual(disposition.state, "sent")
        self.assertFalse(disposition.read_date)
        disposition.with_user(self.kabid).action_read()
        self.assertEqual(disposition.state, "read")
        self.assertTrue(disposition.read_date)
        disposition.with_user(self.kabid).action_start()
        self.assertEqual(disposition.state, "in_progress")

    def test_forward_down(self):
        """Forwarding down: a child, the parent in progress, the same deadline."""
        letter = self._register()
        deadline = self.env["surat.holiday"].add_working_days(self.company, self.today, 5)
        parent = self._dispose(letter, self.kabid, deadline=deadline)
        wizard = self._wizard(
            letter, self.kabid, parent_id=parent.id, user_ids=[(6, 0, self.kasi.ids)]
        )
        self.assertEqual(wizard.deadline, deadline)
        wizard.action_confirm()
        child = parent.child_ids
        self.assertEqual(child.user_id, self.kasi)
        self.assertEqual(child.author_id, self.kabid)
        self.assertEqual(child.deadline, deadline)
        self.assertEqual(parent.state, "in_progress")
        self.assertTrue(parent.read_date)
        # deeper: the kasi forwards to his staff
        grandchild = self._dispose(letter, self.staff, author=self.kasi, parent=child)
        self.assertEqual(grandchild.deadline, deadline)
        self.assertIn(self.staff, letter.access_user_ids)

    def test_forward_refusals(self):
        """Forwarding up, sideways, late, or someone else's is refused."""
        letter = self._register()
        deadline = self.env["surat.holiday"].add_working_days(self.company, self.today, 3)
        parent = self._dispose(letter, self.kabid, deadline=deadline)
        cases = [
            (UserError, dict(users=self.head, author=self.kabid)),  # up
            (UserError, dict(users=self.secretary, author=self.kabid)),  # sideways
            (
                UserError,
                dict(users=self.staff_general, author=self.kabid),
            ),  # other branch
            (
                ValidationError,
                dict(
                    users=self.kasi,
                    author=self.kabid,
                    deadline=deadline + timedelta(days=1),
                ),
            ),
            (
                AccessError,
                dict(users=self.staff, author=self.kasi),
            ),  # not his disposition
        ]
        for error, kwargs in cases:
            with self.subTest(kwargs=kwargs), self.assertRaises(error):
                self._dispose(letter, kwargs.pop("users"), parent=parent, **kwargs)
        self.assertFalse(parent.child_ids)
        self.assertEqual(parent.state, "sent")

    def test_same_person_not_twice(self):
        """The same disposition is not sent or forwarded twice to the same person."""
        letter = self._register()
        parent = self._dispose(letter, self.kabid)
        with self.assertRaisesRegex(UserError, "already received"):
            self._dispose(letter, self.kabid)
        child = self._dispose(letter, self.kasi, author=self.kabid, parent=parent)
        with self.assertRaisesRegex(UserError, "already received"):
            self._dispose(letter, self.kasi, author=self.kabid, parent=parent)
        self.assertEqual(parent.child_ids, child)
        # once withdrawn (or reported), a new one may follow
        child.with_user(self.kabid).action_cancel()
        self._dispose(letter, self.kasi, author=self.kabid, parent=parent)
        self.assertEqual(len(parent.child_ids.filtered(lambda d: d.state != "cancelled")), 1)
        # a new one may follow a reported one too
        second = parent.child_ids.filtered(lambda d: d.state != "cancelled")
        second.with_user(self.kasi).write({"report": "Sudah."})
        second.with_user(self.kasi).action_done()
        self._dispose(letter, self.kasi, author=self.kabid, parent=parent)
        self.assertEqual(len(parent.child_ids.filtered(lambda d: d.state != "cancelled")), 2)

    def test_forward_sideways_when_configured(self):
        """An agency may allow forwarding to colleagues who are not below."""
        self.company.surat_forward_sideways = True
        letter = self._register()
        parent = self._dispose(letter, self.kabid)
        child = self._dispose(letter, self.secretary, author=self.kabid, parent=parent)
        self.assertEqual(child.parent_id, parent)

    def test_top_secret_not_forwarded(self):
        """A recipient cannot forward a top-secret letter."""
        letter = self._register(security_level="top_secret")
        parent = self._dispose(letter, self.kabid)
        with self.assertRaises(UserError):
            self._dispose(letter, self.kasi, author=self.kabid, parent=parent)
        self.assertFalse(parent.child_ids)
        self.assertEqual(parent.state, "sent")

    def test_report_accept_return_and_letter_done(self):
        """Report needs text and closed children; issuer accepts/returns."""
        letter = self._register()
        parent = self._dispose(letter, self.kabid)
        child = self._dispose(letter, self.kasi, author=self.kabid, parent=parent)
        # empty report refused
        with self.assertRaises(UserError):
            child.with_user(self.kasi).action_done()
        self.assertEqual(child.state, "sent")
        child.with_user(self.kasi).report = "   "
        with self.assertRaises(UserError):
            child.with_user(self.kasi).action_done()
        self.assertEqual(child.state, "sent")
        # someone else's disposition
        with self.assertRaises(AccessError):
            child.with_user(self.staff).write({"report": "bukan saya"})
        with self.assertRaises(AccessError):
            child.with_user(self.kabid).action_done()
        # the parent cannot report while the child is open
        parent.with_user(self.kabid).report = "Sudah diteruskan"
        with self.assertRaises(UserError):
            parent.with_user(self.kabid).action_done()
        self.assertEqual(parent.state, "in_progress")
        child.with_user(self.kasi).report = "Rapat sudah dihadiri"
        child.with_user(self.kasi).action_done()
        self.assertEqual(child.state, "reported")
        self.assertTrue(child.report_date)
        self.assertEqual(child.activity_ids.user_id, self.kabid)
        # accept by someone else refused
        with self.assertRaises(AccessError):
            child.with_user(self.kasi).action_accept()
        # the return dialog opens for the issuer only, on this very disposition
        with self.assertRaises(AccessError):
            child.with_user(self.kasi).action_open_return_dialog()
        dialog = child.with_user(self.kabid).action_open_return_dialog()
        self.assertEqual((dialog["res_id"], dialog["target"]), (child.id, "new"))
        # return needs a note
        with self.assertRaises(UserError):
            child.with_user(self.kabid).action_return()
        self.assertEqual(child.state, "reported")
        child.with_user(self.kabid).return_note = "Lampirkan notulen"
        child.with_user(self.kabid).action_return()
        self.assertEqual(child.state, "in_progress")
        child.with_user(self.kasi).action_done()
        child.with_user(self.kabid).action_accept()
        self.assertEqual(child.state, "done")
        self.assertEqual(letter.state, "in_progress")
        parent.with_user(self.kabid).action_done()
        self.assertEqual(parent.state, "reported")
        parent.with_user(self.head).action_accept()
        self.assertEqual(parent.state, "done")
        self.assertEqual(letter.state, "done")
        with self.assertRaises(UserError):
            parent.with_user(self.head).action_accept()

    def test_letter_done_needs_every_branch(self):
        """The letter is done once every top-level branch is done or withdrawn."""
        letter = self._register()
        first, second, third = self._dispose(letter, self.kabid | self.secretary | self.kasi)
        third.with_user(self.head).action_cancel()
        for disposition, user in ((first, self.kabid), (second, self.secretary)):
            disposition.with_user(user).report = "Selesai"
            disposition.with_user(user).action_done()
        first.with_user(self.head).action_accept()
        self.assertEqual(letter.state, "in_progress")
        second.with_user(self.head).action_accept()
        self.assertEqual(letter.state, "done")

    def test_withdraw(self):
        """Withdrawing works only while unread; withdrawing all returns the letter."""
        letter = self._register()
        first, second = self._dispose(letter, self.kabid | self.secretary)
        first.with_user(self.kabid).action_read()
        with self.assertRaises(UserError):
            first.with_user(self.head).action_cancel()
        self.assertEqual(first.state, "read")
        with self.assertRaises(AccessError):
            second.with_user(self.kabid).action_cancel()
        self.assertEqual(second.state, "sent")
        second.with_user(self.head).action_cancel()
        self.assertEqual(second.state, "cancelled")
        self.assertFalse(second.activity_ids)
        self.assertEqual(letter.state, "in_progress")
        other = self._register(letter_number="W/2")
        only = self._dispose(other, self.kabid)
        self.assertEqual(other.state, "in_progress")
        only.with_user(self.head).action_cancel()
        self.assertEqual(other.state, "registered")

    def test_state_fields_not_writable(self):
        """Nobody moves a disposition by writing its state; the buttons do."""
        letter = self._register()
        disposition = self._dispose(letter, self.kabid)
        with self.assertRaises(AccessError):
            disposition.with_user(self.kabid).write({"state": "done"})
        with self.assertRaises(AccessError):
            disposition.with_user(self.kabid).write({"deadline": self.today})
        self.assertEqual(disposition.state, "sent")

    def test_tracking_subtypes(self):
        """State changes of a disposition carry the disposition status subtype."""
        letter = self._register()
        disposition = self._dispose(letter, self.kabid).with_context(
            tracking_disable=False, mail_notrack=False
        )
        # Odoo tracks a record's changes once its creation is committed
        self.env.flush_all()
        self.env.cr.precommit.run()
        disposition.with_user(self.kabid).action_read()
        self.env.flush_all()
        self.env.cr.precommit.run()
        subtype = self.env.ref("surat_menyurat.mt_disposition_state")
        self.assertTrue(disposition.message_ids.filtered(lambda m: m.subtype_id == subtype))
        letter_subtype = self.env.ref("surat_menyurat.mt_letter_disposition")
        self.assertTrue(letter.message_ids.filtered(lambda m: m.subtype_id == letter_subtype))

    # ------------------------------------------------------------------
    # Overdue
    # ------------------------------------------------------------------
    def test_overdue_compute_search_and_colour(self):
        """is_overdue after the deadline; amber two working days before; searchable."""
        with freeze_time("2026-07-06 03:00:00"):  # Monday
            letter = self._register(received_date=False)
            disposition = self._dispose(letter, self.kabid, deadline=date(2026, 7, 8))
            disposition.invalidate_recordset(["is_overdue", "deadline_status"])
            self.assertEqual(disposition.deadline_status, "soon")
            self.assertFalse(disposition.is_overdue)
        with freeze_time("2026-07-02 03:00:00"):
            disposition.invalidate_recordset(["is_overdue", "deadline_status"])
            self.assertEqual(disposition.deadline_status, "ok")
        with freeze_time("2026-07-09 03:00:00"):
            disposition.invalidate_recordset(["is_overdue", "deadline_status"])
            self.assertTrue(disposition.is_overdue)
            self.assertEqual(disposition.deadline_status, "overdue")
            self.assertIn(disposition, self.Disposition.search([("is_overdue", "=", True)]))
            self.assertNotIn(disposition, self.Disposition.search([("is_overdue", "=", False)]))
            disposition.with_user(self.kabid).report = "ok"
            disposition.with_user(self.kabid).action_done()
            disposition.invalidate_recordset(["is_overdue"])
            self.assertFalse(disposition.is_overdue)

    def test_cron_reminds_and_escalates(self):
        """The cron reminds, then escalates to the manager (activity + message)."""
        with freeze_time("2026-07-06 03:00:00"):
            letter = self._register(received_date=False)
            parent = self._dispose(letter, self.kabid, deadline=date(2026, 7, 8))
            child = self._dispose(
                letter,
                self.kasi,
                author=self.kabid,
                parent=parent,
                deadline=date(2026, 7, 8),
            )
            self.Disposition._cron_remind_overdue()
            reminders = child.activity_ids.filtered(lambda a: "due on" in (a.summary or ""))
            self.assertEqual(reminders.user_id, self.kasi)
        with freeze_time("2026-07-10 03:00:00"):
            self.Disposition._cron_remind_overdue()
            escalation = child.activity_ids.filtered(lambda a: "Overdue" in (a.summary or ""))
            self.assertEqual(escalation.user_id, self.kabid)
            message = child.message_ids.filtered(lambda m: "Overdue since" in str(m.body))
            self.assertEqual(message.partner_ids, self.kabid.partner_id)
            # the head is the kabid's manager: he hears of the kabid's delay
            self.assertEqual(
                parent.activity_ids.filtered(lambda a: "Overdue" in (a.summary or "")).user_id,
                self.head,
            )
            # running twice does not duplicate
            self.Disposition._cron_remind_overdue()
            self.assertEqual(
                len(child.activity_ids.filtered(lambda a: "Overdue" in (a.summary or ""))),
                1,
            )

    def test_cron_confidential_escalates_to_issuer(self):
        """A secret letter escalates to the issuer, not an uninvolved manager."""
        with freeze_time("2026-07-06 03:00:00"):
            letter = self._register(
                security_level="secret",
                received_date=False,
                subject="Rahasia: penyelidikan",
            )
            disposition = self._dispose(letter, self.kasi, deadline=date(2026, 7, 7))
        with freeze_time("2026-07-10 03:00:00"):
            self.Disposition._cron_remind_overdue()
            escalation = disposition.activity_ids.filtered(lambda a: a.user_id != self.kasi)
            self.assertEqual(escalation.user_id, self.head)
            self.assertNotIn(self.kabid, disposition.activity_ids.user_id)
            for activity in disposition.activity_ids:
                self.assertNotIn("penyelidikan", activity.summary or "")
            self.assertNotIn(self.kabid, letter.access_user_ids)


@tagged("post_install", "-at_install", "surat_disposition")
class TestDispositionMail(SuratCommon, MockEmail):
    """E-mails follow the user's preference and say nothing of a confidential letter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kabid.notification_type = "email"
        cls.kasi.notification_type = "email"

    def _mails_for(self, user):
        return self._new_mails.filtered(lambda m: user.partner_id in m.recipient_ids)

    def test_normal_letter_mail_has_subject(self):
        """For a normal letter the e-mail names the letter (control)."""
        letter = self._register(subject="Undangan rapat anggaran")
        with self.mock_mail_gateway():
            self.Disposition.with_user(self.head).with_context(
                tracking_disable=False,
                mail_notrack=False,
                mail_create_nosubscribe=False,
            ).create({"letter_id": letter.id, "user_id": self.kabid.id, "note": "Hadiri"})
            self.env.flush_all()
            self.env.cr.precommit.run()
        mails = self._mails_for(self.kabid)
        self.assertTrue(mails)
        self.assertTrue(any("anggaran" in (m.subject or "") + (m.body_html or "") for m in mails))

    def test_confidential_mail_is_neutral(self):
        """Secret/top-secret e-mails carry no subject, summary, note or file."""
        for level in ("secret", "top_secret"):
            letter = self._register(
                security_level=level,
                subject="Penyelidikan pengadaan %s" % level,
                summary="Ringkasan rahasia",
                letter_number="R/%s" % level,
            )
            self.env["ir.attachment"].create(
                {
                    "name": "isi.pdf",
                    "datas": letter.scan_file,
                    "res_model": "surat.letter",
                    "res_id": letter.id,
                }
            )
            with self.mock_mail_gateway():
                disposition = (
                    self.Disposition.with_user(self.head)
                    .with_context(tracking_disable=False, mail_notrack=False)
                    .create(
                        {
                            "letter_id": letter.id,
                            "user_id": self.kabid.id,
                            "note": "Catatan rahasia",
                        }
                    )
                )
                disposition.with_user(self.kabid).action_read()
                disposition.with_user(self.kabid).report = "Laporan rahasia"
                disposition.with_user(self.kabid).action_done()
                letter.message_post(
                    body="Isi ringkas: Ringkasan rahasia",
                    partner_ids=self.kasi.partner_id.ids,
                    attachment_ids=[],
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )
                self.env.flush_all()
                self.env.cr.precommit.run()
            mails = self._mails_for(self.kabid) | self._mails_for(self.kasi)
            self.assertTrue(mails, level)
            for mail in mails:
                text = "%s %s" % (mail.subject, mail.body_html)
                for secret in ("Penyelidikan", "Ringkasan", "Catatan", "Laporan", "R/"):
                    self.assertNotIn(secret, text, level)
                self.assertIn("confidential letter", text)
                self.assertFalse(mail.attachment_ids)


@tagged("post_install", "-at_install", "surat_disposition")
class TestDispositionViews(SuratCommon):
    def test_views_and_filters_load(self):
        """Every view of letters and dispositions loads; every filter runs."""
        letter = self._register()
        self._dispose(letter, self.kabid)
        for model, types in (
            (
                "surat.disposition",
                [
                    "list",
                    "form",
                    "kanban",
                    "calendar",
                    "pivot",
                    "graph",
                    "activity",
                    "search",
                ],
            ),
            (
                "surat.letter",
                ["list", "form", "kanban", "pivot", "graph", "activity", "search"],
            ),
        ):
            Model = self.env[model].with_user(self.head)
            views = Model.get_views([(False, t) for t in types])
            self.assertEqual(set(views["views"]), set(types))
            arch = etree.fromstring(views["views"]["search"]["arch"])
            for node in arch.iter("filter"):
                if not node.get("domain"):
                    continue
                domain = safe_eval(
                    node.get("domain"),
                    {
                        "uid": self.head.id,
                        "context_today": date.today,
                        "relativedelta": relativedelta,
                    },
                )
                with self.subTest(model=model, filter=node.get("name")):
                    Model.search_count(domain)
