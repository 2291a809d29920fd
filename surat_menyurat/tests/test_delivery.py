"""Agency to agency in one database (issue 13 item 1; contract.md, "Agency to agency")."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from ..models.surat_retry_mixin import MAX_ATTEMPTS
from .test_outgoing import OutgoingCommon

SUBJECT = "Permohonan Data Peserta Didik Baru"


class DeliveryCommon(OutgoingCommon):
    """Agency A is the tests' agency; agency B another agency of the same server."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agency_b = cls.env["res.company"].create(
            # its users log in with passwords in the tours (2FA has its own tests)
            {"name": "Dinas Pendidikan Uji", "surat_code": "DISDIK", "surat_mfa_required": False}
        )
        cls.agency_b.partner_id.tz = "Asia/Jakarta"

        def user_b(login, name, groups, company=cls.agency_b):
            return mail_new_test_user(
                cls.env,
                login=login,
                name=name,
                email="%s@example.com" % login,
                groups=groups,
                company_id=company.id,
                company_ids=[(6, 0, company.ids)],
                notification_type="inbox",
                lang="en_US",
            )

        cls.user_b = staticmethod(user_b)
        cls.registrar_b = user_b(
            "t_registrar_b", "Agendaris Disdik", "surat_menyurat.group_surat_registrar"
        )
        cls.registrar_b2 = user_b(
            "t_registrar_b2", "Agendaris Dua Disdik", "surat_menyurat.group_surat_registrar"
        )
        cls.head_b = user_b("t_head_b", "Kepala Disdik", "surat_menyurat.group_surat_head")
        cls.staff_b = user_b("t_staff_b", "Staf Disdik", "surat_menyurat.group_surat_user")

    @classmethod
    def _as_b(cls, record, user):
        return record.with_user(user).with_context(allowed_company_ids=cls.agency_b.ids)

    def _send(self, sender=None, **values):
        """Draft, review, sign (the head) and send an outgoing letter to agency B."""
        values.setdefault("subject", SUBJECT)
        values.setdefault("partner_id", self.agency_b.partner_id.id)
        letter = self._to_sign(**values)
        letter.with_user(letter.signer_id).action_sign()
        letter.with_user(sender or self.staff).action_send()
        return letter

    def _received(self, letter, company=None):
        """The letters delivered from `letter` (read by the system, for the assertions)."""
        domain = [("origin_letter_id", "=", letter.id)]
        if company:
            domain.append(("company_id", "=", company.id))
        return self.Letter.sudo().search(domain)


@tagged("post_install", "-at_install", "surat_delivery")
class TestDelivery(DeliveryCommon):
    def test_arrives_as_draft_in_the_other_registry(self):
        """Sent to agency B, the letter is a prefilled draft in B's registry, owned by its clerk."""
        draft = self._draft(subject=SUBJECT, partner_id=self.agency_b.partner_id.id)
        self.assertEqual(draft.delivery_preview, self.agency_b.name)
        letter = self._send(enclosure_count=2, urgency="urgent")
        self.assertEqual(letter.state, "sent")
        self.assertEqual(letter.dispatch_channel, "agency")
        line = letter.delivery_ids
        self.assertEqual(len(line), 1)
        self.assertEqual(line.target_company_id, self.agency_b)
        self.assertEqual(line.state, "delivered")
        self.assertEqual(letter.delivery_state, "delivered")
        self.assertTrue(line.delivered_date)

        incoming = self._as_b(self._received(letter), self.registrar_b)
        self.assertEqual(len(incoming), 1)
        self.assertEqual(incoming.company_id, self.agency_b)
        self.assertEqual((incoming.direction, incoming.state), ("incoming", "draft"))
        self.assertEqual(incoming.user_id, self.registrar_b)
        self.assertEqual(incoming.subject, SUBJECT)
        self.assertEqual(incoming.letter_number, letter.letter_number)
        self.assertEqual(incoming.letter_date, letter.letter_date)
        self.assertEqual(incoming.partner_id, self.company.partner_id)
        self.assertEqual(incoming.security_level, "normal")
        self.assertEqual(incoming.urgency, "urgent")
        self.assertEqual(incoming.enclosure_count, 2)
        self.assertEqual(incoming.receipt_channel, "agency")
        self.assertEqual(incoming.scan_sha256, letter.signed_pdf_sha256)
        self.assertTrue(incoming.has_access("read"))
        # the clerks of B are told; the owner has the task
        self.assertIn(self.registrar_b, incoming.sudo().activity_ids.user_id)
        self.assertIn(self.registrar_b2.partner_id, incoming.sudo().message_partner_ids)

    def test_receipt_comes_back_on_registration(self):
        """B's clerk registers it: agenda number, who and when come back on A's line."""
        letter = self._send()
        incoming = self._as_b(self._received(letter), self.registrar_b)
        incoming.action_register()
        self.assertEqual(incoming.state, "registered")
        line = letter.delivery_ids
        self.assertEqual(line.state, "registered")
        self.assertEqual(letter.delivery_state, "registered")
        self.assertEqual(line.receipt_agenda_number, incoming.agenda_number)
        self.assertEqual(line.receipt_user, self.registrar_b.name)
        self.assertTrue(line.receipt_date)
        # the sender reads the receipt on his own letter
        as_staff = letter.with_user(self.staff)
        self.assertEqual(as_staff.delivery_ids.receipt_agenda_number, incoming.agenda_number)
        self.assertTrue(
            letter.message_ids.filtered(lambda m: incoming.agenda_number in (m.body or ""))
        )

    def test_agencies_do_not_read_each_other(self):
        """A's people cannot read B's letter, B's people neither A's letter nor its lines."""
        letter = self._send()
        incoming = self._received(letter)
        for user in (self.staff, self.registrar, self.head, self.manager):
            found = self.Letter.with_user(user).search([("id", "=", incoming.id)])
            self.assertFalse(found, user.login)
            with self.assertRaises(AccessError):
                incoming.with_user(user).read(["subject"])
        Delivery = self.env["surat.letter.delivery"]
        for user in (self.registrar_b, self.head_b, self.staff_b):
            self.assertFalse(self._as_b(self.Letter, user).search([("id", "=", letter.id)]))
            with self.assertRaises(AccessError):
                self._as_b(letter, user).read(["subject"])
            self.assertFalse(self._as_b(Delivery, user).search([]))
            with self.assertRaises(AccessError):
                self._as_b(letter.delivery_ids, user).read(["state"])
        # the link names no subject on the receiving side
        link = self._as_b(incoming, self.registrar_b).read(["origin_letter_id"])[0]
        self.assertEqual(link["origin_letter_id"][0], letter.id)
        self.assertNotIn(SUBJECT, link["origin_letter_id"][1])
        # and the sender's line points to no letter but the sender's own
        pointers = [
            name
            for name, field in Delivery._fields.items()
            if field.type in ("many2one", "many2many", "one2many")
            and field.comodel_name == "surat.letter"
        ]
        self.assertEqual(pointers, ["letter_id"])

    def test_secret_arrives_secret(self):
        """A secret letter arrives secret: its owner clerk and B's head read it, nobody else."""
        letter = self._send(security_level="secret")
        incoming = self._received(letter)
        self.assertEqual(incoming.security_level, "secret")
        self.assertTrue(self._as_b(incoming, self.registrar_b).has_access("read"))
        self.assertTrue(self._as_b(incoming, self.head_b).has_access("read"))
        for user in (self.registrar_b2, self.staff_b):
            self.assertFalse(self._as_b(incoming, user).has_access("read"), user.login)
        # the other clerks are not followers, the task names no subject
        self.assertNotIn(self.registrar_b2.partner_id, incoming.message_partner_ids)
        self.assertNotIn(SUBJECT, " ".join(incoming.activity_ids.mapped("summary")))
        # the sender's line: no subject, and only for who reads the letter in A
        line = letter.delivery_ids
        self.assertNotIn(SUBJECT, line.with_user(self.staff).display_name)
        self.assertFalse(letter.with_user(self.staff_aptika).has_access("read"))
        self.assertFalse(self.env["surat.letter.delivery"].with_user(self.staff_aptika).search([]))
        self.assertNotIn(SUBJECT, line.with_user(self.staff_aptika).display_name)
        # B's clerk who may not read it cannot learn its subject through the link either
        name = self._as_b(incoming, self.registrar_b).read(["origin_letter_id"])[0]
        self.assertNotIn(SUBJECT, name["origin_letter_id"][1])

    def test_refusals(self):
        """Nobody creates a line, sets the link or forges a receipt; refusals change nothing."""
        letter = self._send()
        line = letter.delivery_ids
        incoming = self._received(letter)
        Delivery = self.env["surat.letter.delivery"]
        for user in (self.staff, self.registrar, self.head, self.manager):
            with self.assertRaises(AccessError):
                Delivery.with_user(user).create(
                    {"letter_id": letter.id, "target_company_id": self.agency_b.id}
                )
            with self.assertRaises(AccessError):
                line.with_user(user).write(
                    {"state": "registered", "receipt_agenda_number": "999/SM/2026"}
                )
            with self.assertRaises(AccessError):
                line.with_user(user).unlink()
        self.assertEqual((line.state, line.receipt_agenda_number), ("delivered", False))
        # B's clerk cannot link a letter of his to A's letter, nor move the link
        as_b = self._as_b(self.Letter, self.registrar_b)
        with self.assertRaises(AccessError):
            as_b.create(
                self._incoming_vals(
                    origin_letter_id=letter.id, department_id=False, classification_id=False
                )
            )
        forged = as_b.with_context(default_origin_letter_id=letter.id).create(
            self._incoming_vals(department_id=False, classification_id=False)
        )
        self.assertFalse(forged.origin_letter_id)
        with self.assertRaises(AccessError):
            forged.write({"origin_letter_id": letter.id})
        with self.assertRaises(AccessError):
            self._as_b(incoming, self.registrar_b).write({"origin_letter_id": False})
        # registering a letter not delivered gives no receipt to anyone
        forged.action_register()
        self.assertEqual(line.state, "delivered")
        # nor does B's clerk reach the line's retry
        with self.assertRaises(AccessError):
            self._as_b(line, self.registrar_b).action_retry()
        # the sender side cannot set the link on its own letters either
        with self.assertRaises(AccessError):
            letter.with_user(self.head).write({"origin_letter_id": incoming.id})

    def test_sending_twice_delivers_once(self):
        """A second send, a retry after a lost answer or a second cron run: one letter."""
        letter = self._send()
        with self.assertRaises(UserError):
            letter.with_user(self.staff).action_send()
        letter._surat_delivery_start()
        # the line is queued again as if the answer had been lost after the delivery
        letter.delivery_ids.sudo().write({"state": "queued"})
        self.env["surat.letter.delivery"]._cron_surat_delivery()
        self.env["surat.letter.delivery"]._cron_surat_delivery()
        self.assertEqual(len(letter.delivery_ids), 1)
        self.assertEqual(letter.delivery_ids.state, "delivered")
        self.assertEqual(len(self._received(letter)), 1)

    def test_failure_is_retried_then_failed_and_retried_by_hand(self):
        """No clerk there: retried with back-off, then failed (which wins) with its reason."""
        agency_c = self.env["res.company"].create({"name": "Dinas Tanpa Agendaris"})
        letter = self._send(cc_partner_ids=[(6, 0, agency_c.partner_id.ids)])
        line_b = letter.delivery_ids.filtered(lambda d: d.target_company_id == self.agency_b)
        line_c = letter.delivery_ids - line_b
        self.assertTrue(line_c.is_copy)
        self.assertFalse(line_b.is_copy)
        self.assertEqual(line_b.state, "delivered")
        self.assertEqual((line_c.state, line_c.attempt_count), ("queued", 1))
        self.assertIn("no registry clerk", line_c.last_error)
        self.assertGreater(line_c.next_attempt, fields.Datetime.now())
        self.assertEqual(letter.delivery_state, "queued")
        # not due yet: the cron leaves it
        self.env["surat.letter.delivery"]._cron_surat_delivery()
        self.assertEqual(line_c.attempt_count, 1)
        for _attempt in range(MAX_ATTEMPTS - 1):
            line_c.sudo().next_attempt = fields.Datetime.now() - timedelta(seconds=1)
            self.env["surat.letter.delivery"]._cron_surat_delivery()
        self.assertEqual((line_c.state, line_c.attempt_count), ("failed", MAX_ATTEMPTS))
        self._as_b(self._received(letter, self.agency_b), self.registrar_b).action_register()
        self.assertEqual(line_b.state, "registered")
        self.assertEqual(letter.delivery_state, "failed")
        self.assertFalse(self._received(letter, agency_c))
        # a user who reads the letter but did not send it cannot retry
        with self.assertRaises(AccessError):
            line_c.with_user(self.staff_aptika).action_retry()
        # the agency gets a clerk; the drafter tries again
        self.user_b(
            "t_registrar_c", "Agendaris C", "surat_menyurat.group_surat_registrar", agency_c
        )
        line_c.with_user(self.staff).action_retry()
        self.assertEqual(line_c.state, "delivered")
        self.assertEqual(letter.delivery_state, "delivered")
        self.assertEqual(len(self._received(letter, agency_c)), 1)

    def test_memo_to_another_agency(self):
        """A memo addressed to another agency needs no internal addressee and arrives there."""
        memo = self._send(
            direction="internal",
            document_type_id=self.doc_memo.id,
            subject="Nota Dinas Koordinasi Data",
        )
        self.assertEqual(memo.state, "sent")
        incoming = self._received(memo)
        self.assertEqual(incoming.company_id, self.agency_b)
        self.assertEqual(incoming.subject, "Nota Dinas Koordinasi Data")

    def test_external_addressee_is_not_delivered(self):
        """An addressee outside the server: no delivery line, the dispatch channel is asked."""
        letter = self._to_sign()
        self.assertFalse(letter.delivery_preview)
        letter.with_user(self.head).action_sign()
        with self.assertRaises(UserError):
            letter.with_user(self.staff).action_send()
        letter.dispatch_channel = "post"
        letter.with_user(self.staff).action_send()
        self.assertFalse(letter.delivery_ids)
        self.assertEqual(letter.delivery_state, "none")
