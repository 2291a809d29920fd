from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import SuratCommon


class OutgoingCommon(SuratCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.surat_code = "DKIS"
        cls.company.city = "Bengkalis"
        cls.doc_letter = cls.env.ref("surat_menyurat.document_type_letter")
        cls.doc_memo = cls.env.ref("surat_menyurat.document_type_memo")
        cls.partner_to = cls.env["res.partner"].create(
            {
                "name": "Dinas Kominfo Provinsi Riau",
                "email": "kominfo@riau.example.com",
                "city": "Pekanbaru",
            }
        )

    @classmethod
    def _draft(cls, user=None, **values):
        user = user or cls.staff
        vals = {
            "direction": "outgoing",
            "subject": "Permohonan Data Statistik Sektoral",
            "partner_id": cls.partner_to.id,
            "document_type_id": cls.doc_letter.id,
            "classification_id": cls.classification.id,
            "body": "<p>Dengan hormat, kami mohon data statistik sektoral.</p>",
        }
        vals.update(values)
        return cls.Letter.with_user(user).create(vals)

    def _to_sign(self, **values):
        letter = self._draft(**values)
        letter.action_submit()
        while letter.state == "in_review":
            letter.with_user(letter.current_reviewer_id).action_approve()
        return letter


@tagged("post_install", "-at_install", "surat_outgoing")
class TestOutgoingFlow(OutgoingCommon):
    def test_default_signer_and_unit(self):
        """A new letter is signed by the head and processed by the drafter's unit."""
        letter = self._draft()
        self.assertEqual(letter.signer_id, self.head)
        self.assertEqual(letter.department_id, self.dept_egov)
        self.assertFalse(letter.letter_number)

    def test_document_type_default_signer(self):
        """The document type's default signer is preferred over the head."""
        self.doc_letter.default_signer_id = self.kabid
        letter = self._draft()
        self.assertEqual(letter.signer_id, self.kabid)

    def test_submit_builds_chain_bottom_up(self):
        """Submit builds the chain from the drafter's manager to below the signer."""
        letter = self._draft()
        letter.action_submit()
        self.assertEqual(letter.state, "in_review")
        self.assertEqual(letter.review_ids.mapped("user_id"), self.kasi | self.kabid)
        self.assertEqual(letter.review_ids.sorted("sequence")[0].user_id, self.kasi)
        self.assertEqual(letter.current_reviewer_id, self.kasi)
        self.assertTrue(letter.with_user(self.kasi).is_my_review)
        self.assertIn(
            letter,
            self.Letter.with_user(self.kasi).search([("is_my_review", "=", True)]),
        )
        self.assertIn(self.kasi, letter.activity_ids.user_id)

    def test_chain_limited_by_document_type(self):
        """At most max_reviewers reviewers: the ones nearest to the signer are kept."""
        self.doc_letter.max_reviewers = 1
        letter = self._draft()
        letter.action_submit()
        self.assertEqual(letter.review_ids.user_id, self.kabid)

    def test_signer_drafting_needs_no_review(self):
        """When the signer drafts the letter, it goes straight to signature."""
        letter = self._draft(user=self.head)
        letter.with_user(self.head).action_submit()
        self.assertEqual(letter.state, "to_sign")
        self.assertFalse(letter.review_ids)

    def test_drafter_chain_is_kept(self):
        """Review lines set by the drafter before submitting are kept as they are."""
        letter = self._draft()
        self.env["surat.letter.review"].with_user(self.staff).create(
            {"letter_id": letter.id, "user_id": self.secretary.id}
        )
        letter.action_submit()
        self.assertEqual(letter.review_ids.user_id, self.secretary)
        self.assertEqual(letter.current_reviewer_id, self.secretary)

    def test_chain_not_editable_after_submit(self):
        """Once submitted, nobody edits the review chain or approves through it."""
        letter = self._draft()
        letter.action_submit()
        with self.assertRaises(UserError):
            self.env["surat.letter.review"].with_user(self.staff).create(
                {"letter_id": letter.id, "user_id": self.secretary.id}
            )
        with self.assertRaises(UserError):
            letter.review_ids[0].with_user(self.kasi).write({"state": "approved"})
        self.assertEqual(letter.review_ids.mapped("state"), ["pending", "waiting"])

    def test_only_drafter_submits(self):
        """Someone else cannot submit the drafter's letter."""
        letter = self._draft()
        with self.assertRaises(AccessError):
            letter.with_user(self.staff_aptika).action_submit()
        self.assertEqual(letter.state, "draft")

    def test_sequential_approval(self):
        """Reviewers approve in order; the last approval sends it to the signer."""
        letter = self._draft()
        letter.action_submit()
        with self.assertRaises(AccessError):
            letter.with_user(self.kabid).action_approve()
        letter.with_user(self.kasi).action_approve()
        self.assertEqual(letter.current_reviewer_id, self.kabid)
        self.assertEqual(letter.review_ids.sorted("sequence")[0].state, "approved")
        letter.with_user(self.kabid).action_approve()
        self.assertEqual(letter.state, "to_sign")
        self.assertFalse(letter.current_reviewer_id)
        self.assertIn(self.head, letter.activity_ids.user_id)
        self.assertTrue(letter.with_user(self.head).is_my_signature)

    def test_reject_needs_reason_and_returns_to_draft(self):
        """Rejecting needs a reason and returns to draft; resubmitting starts over."""
        letter = self._draft()
        letter.action_submit()
        letter.with_user(self.kasi).action_approve()
        with self.assertRaises(UserError):
            letter.with_user(self.kabid).action_reject()
        self.assertEqual(letter.state, "in_review")
        letter.with_user(self.kabid).reject_reason = "Lengkapi dasar hukumnya."
        letter.with_user(self.kabid).action_reject()
        self.assertEqual(letter.state, "draft")
        self.assertIn(self.staff, letter.activity_ids.user_id)
        letter.body = "<p>Berdasarkan Perda 1/2026, kami mohon data.</p>"
        letter.action_submit()
        self.assertEqual(letter.current_reviewer_id, self.kasi)
        self.assertEqual(letter.review_ids.mapped("state"), ["pending", "waiting"])

    def test_sign_before_review_refused(self):
        """Signing before every review is approved is refused and changes nothing."""
        letter = self._draft()
        letter.action_submit()
        with self.assertRaises(UserError):
            letter.with_user(self.head).action_sign()
        self.assertEqual(letter.state, "in_review")
        self.assertFalse(letter.letter_number)

    def test_sign_by_other_refused(self):
        """Only the signer or his delegate signs."""
        letter = self._to_sign()
        with self.assertRaises(AccessError):
            letter.with_user(self.kabid).action_sign()
        self.assertEqual(letter.state, "to_sign")
        self.assertFalse(letter.letter_number)
        self.assertFalse(letter.register_seq)

    def test_sign_numbers_and_stores_pdf(self):
        """Signing gives the number, the date, the signed PDF and its hash."""
        letter = self._to_sign()
        letter.with_user(self.head).action_sign()
        year = self.company._surat_now().year
        self.assertEqual(letter.state, "signed")
        self.assertEqual(letter.letter_number, "000.1.1/1/DKIS/%s" % year)
        self.assertEqual(letter.letter_date, self.company._surat_now().date())
        self.assertEqual(letter.signed_by_id, self.head)
        self.assertFalse(letter.signed_on_behalf_id)
        attachment = letter.signed_attachment_id
        self.assertEqual(attachment.res_model, "surat.letter")
        self.assertEqual(attachment.res_id, letter.id)
        self.assertTrue(attachment.raw.startswith(b"%PDF"))
        import hashlib

        self.assertEqual(letter.signed_pdf_sha256, hashlib.sha256(attachment.raw).hexdigest())
        self.assertGreaterEqual(len(letter.verify_token), 24)
        self.assertNotIn(str(letter.id), letter.verify_token[:3])
        self.assertIn(self.staff, letter.activity_ids.user_id)

    def test_signed_letter_immutable(self):
        """A signed letter's body and signed PDF cannot be changed or deleted."""
        letter = self._to_sign()
        letter.with_user(self.head).action_sign()
        with self.assertRaises(UserError):
            letter.with_user(self.staff).write({"body": "<p>Changed</p>"})
        with self.assertRaises(UserError):
            letter.with_user(self.head).write({"subject": "Changed"})
        with self.assertRaises(UserError):
            letter.signed_attachment_id.write({"raw": b"%PDF-1.4 forged"})
        with self.assertRaises(UserError):
            letter.signed_attachment_id.unlink()
        self.assertIn("kami mohon", letter.body)

    def test_missing_classification_refused(self):
        """A template with {kka} needs a classification: refused, nothing numbered."""
        letter = self._to_sign(classification_id=False)
        with self.assertRaises(UserError):
            letter.with_user(self.head).action_sign()
        self.assertEqual(letter.state, "to_sign")
        self.assertFalse(letter.register_seq)

    def test_missing_unit_code_refused(self):
        """A template with {unit} needs the agency's (or unit's) code."""
        self.company.surat_code = False
        letter = self._to_sign()
        with self.assertRaises(UserError):
            letter.with_user(self.head).action_sign()
        self.assertFalse(letter.letter_number)

    def test_unknown_token_refused(self):
        """A number template with an unknown token is refused when saved."""
        with self.assertRaises(UserError):
            self.doc_letter.number_template = "{seq}/{foo}/{yyyy}"
        with self.assertRaises(UserError):
            self.company.surat_number_template = "{seq}/{bar}"

    def test_cancel_keeps_flow_closed(self):
        """A cancelled draft cannot be submitted."""
        letter = self._draft()
        letter.cancel_reason = "Tidak jadi"
        letter.with_user(self.staff).action_cancel()
        with self.assertRaises(UserError):
            letter.action_submit()


@tagged("post_install", "-at_install", "surat_outgoing")
class TestOutgoingNumbering(OutgoingCommon):
    def _sign(self, letter):
        if letter.state != "to_sign":
            letter.action_submit()
            while letter.state == "in_review":
                letter.with_user(letter.current_reviewer_id).action_approve()
        letter.with_user(letter.signer_id).action_sign()
        return letter.letter_number

    def test_tokens(self):
        """{seq:03d}, {mm_roman}, {mm}, {security}, {unit} and {yyyy} are filled in."""
        self.doc_letter.number_template = "{security}-{seq:03d}/{unit}/{kka}/{mm_roman}/{mm}/{yyyy}"
        now = self.company._surat_now()
        roman = [
            "I",
            "II",
            "III",
            "IV",
            "V",
            "VI",
            "VII",
            "VIII",
            "IX",
            "X",
            "XI",
            "XII",
        ]
        number = self._sign(self._draft(user=self.head, security_level="restricted"))
        self.assertEqual(
            number,
            "T-001/DKIS/000.1.1/%s/%02d/%s" % (roman[now.month - 1], now.month, now.year),
        )

    def test_agency_scope_shares_counter(self):
        """With agency scope, letters of two units share one counter."""
        first = self._sign(self._draft(user=self.head, department_id=self.dept_aptika.id))
        second = self._sign(self._draft(user=self.head, department_id=self.dept_general.id))
        self.assertTrue(first.startswith("000.1.1/1/"))
        self.assertTrue(second.startswith("000.1.1/2/"))

    def test_department_scope_separate_counters(self):
        """With department scope, each unit numbers from 1 with its own code."""
        self.company.surat_number_scope = "department"
        year = self.company._surat_now().year
        a1 = self._sign(self._draft(user=self.head, department_id=self.dept_aptika.id))
        g1 = self._sign(self._draft(user=self.head, department_id=self.dept_general.id))
        a2 = self._sign(self._draft(user=self.head, department_id=self.dept_aptika.id))
        self.assertEqual(a1, "000.1.1/1/APTIKA/%s" % year)
        self.assertEqual(g1, "000.1.1/1/UM/%s" % year)
        self.assertEqual(a2, "000.1.1/2/APTIKA/%s" % year)

    def test_department_without_code_refused(self):
        """Department scope with a unit without code refuses signing."""
        self.company.surat_number_scope = "department"
        dept = self.env["hr.department"].create({"name": "Tanpa Kode"})
        letter = self._draft(user=self.head, department_id=dept.id)
        letter.with_user(self.head).action_submit()
        with self.assertRaises(UserError):
            letter.with_user(self.head).action_sign()
        self.assertFalse(letter.register_seq)

    def test_own_counter_document_type(self):
        """A document type with its own counter does not consume the shared one."""
        doc_st = self.env.ref("surat_menyurat.document_type_assignment")
        doc_st.write({"own_counter": True, "number_template": "{seq}/ST/{yyyy}"})
        year = self.company._surat_now().year
        shared = self._sign(self._draft(user=self.head))
        own = self._sign(self._draft(user=self.head, document_type_id=doc_st.id))
        shared2 = self._sign(self._draft(user=self.head))
        self.assertEqual(own, "1/ST/%s" % year)
        self.assertTrue(shared.startswith("000.1.1/1/"))
        self.assertTrue(shared2.startswith("000.1.1/2/"))

    def test_counter_per_year(self):
        """The counter key carries the signing year: another year starts again at 1."""
        letter = self._draft(user=self.head)
        self._sign(letter)
        year = self.company._surat_now().year
        self.assertEqual(letter.register_key, "SK/%s/A/%s" % (self.company.id, year))
        self.assertEqual(letter.register_seq, 1)


@tagged("post_install", "-at_install", "surat_outgoing")
class TestOutgoingDelegation(OutgoingCommon):
    def test_delegate_reviews(self):
        """A reviewer's delegate receives the review and may approve it."""
        today = self.company._surat_now().date()
        self.kasi.write(
            {
                "surat_delegate_id": self.staff_aptika.id,
                "surat_delegate_from": today - timedelta(days=1),
                "surat_delegate_to": today + timedelta(days=1),
            }
        )
        letter = self._draft()
        letter.action_submit()
        self.assertIn(self.staff_aptika, letter.activity_ids.user_id)
        self.assertTrue(letter.with_user(self.staff_aptika).is_my_review)
        letter.with_user(self.staff_aptika).action_approve()
        line = letter.review_ids.filtered(lambda r: r.user_id == self.kasi)
        self.assertEqual(line.state, "approved")
        self.assertEqual(line.acted_by_id, self.staff_aptika)

    def test_delegate_signs_on_behalf(self):
        """The head's delegate signs in the period; the letter says on whose behalf."""
        today = self.company._surat_now().date()
        self.head.write(
            {
                "surat_delegate_id": self.secretary.id,
                "surat_delegate_from": today,
                "surat_delegate_to": today,
            }
        )
        letter = self._to_sign()
        self.assertIn(self.secretary, letter.activity_ids.user_id)
        self.assertIn(
            letter,
            self.Letter.with_user(self.secretary).search([("is_my_signature", "=", True)]),
        )
        letter.with_user(self.secretary).action_sign()
        self.assertEqual(letter.signed_by_id, self.secretary)
        self.assertEqual(letter.signed_on_behalf_id, self.head)
        self.env.flush_all()
        bodies = " ".join(letter.message_ids.mapped("body"))
        self.assertIn("on behalf of", bodies)

    def test_delegate_reads_secret_letter(self):
        """The delegate of a reviewer gains access to a secret letter he must review."""
        today = self.company._surat_now().date()
        self.kasi.write(
            {
                "surat_delegate_id": self.staff_aptika.id,
                "surat_delegate_from": today,
                "surat_delegate_to": today,
            }
        )
        letter = self._draft(security_level="secret")
        self.assertFalse(self.Letter.with_user(self.staff_aptika).search([("id", "=", letter.id)]))
        letter.action_submit()
        self.assertTrue(self.Letter.with_user(self.staff_aptika).search([("id", "=", letter.id)]))
        activity = letter.activity_ids.filtered(lambda a: a.user_id == self.staff_aptika)
        self.assertNotIn(letter.subject, activity.summary)
        letter.with_user(self.staff_aptika).action_approve()
        self.assertEqual(letter.current_reviewer_id, self.kabid)

    def test_expired_delegation_refused(self):
        """Outside the delegation period the delegate may not sign."""
        today = self.company._surat_now().date()
        self.head.write(
            {
                "surat_delegate_id": self.secretary.id,
                "surat_delegate_from": today - timedelta(days=10),
                "surat_delegate_to": today - timedelta(days=1),
            }
        )
        letter = self._to_sign()
        with self.assertRaises(AccessError):
            letter.with_user(self.secretary).action_sign()
        self.assertEqual(letter.state, "to_sign")

    def test_user_sets_own_delegate(self):
        """A user names his own delegate from his preferences, not himself."""
        self.kabid.with_user(self.kabid).write({"surat_delegate_id": self.kasi.id})
        self.assertEqual(self.kabid.surat_delegate_id, self.kasi)
        with self.assertRaises(ValidationError):
            self.kabid.with_user(self.kabid).write({"surat_delegate_id": self.kabid.id})


@tagged("post_install", "-at_install", "surat_outgoing")
class TestOutgoingSend(OutgoingCommon):
    def _signed(self, **values):
        letter = self._to_sign(**values)
        letter.with_user(letter.signer_id).action_sign()
        return letter

    def test_send_unsigned_refused(self):
        """An unsigned letter cannot be sent."""
        letter = self._draft()
        letter.dispatch_channel = "post"
        with self.assertRaises(UserError):
            letter.with_user(self.registrar).action_send()
        self.assertEqual(letter.state, "draft")

    def test_send_needs_channel(self):
        """A letter to an external addressee needs a channel."""
        letter = self._signed()
        with self.assertRaises(UserError):
            letter.with_user(self.registrar).action_send()
        self.assertEqual(letter.state, "signed")

    def test_physical_dispatch(self):
        """The clerk records a courier dispatch with date and receipt."""
        letter = self._signed()
        letter.with_user(self.registrar).write(
            {"dispatch_channel": "courier", "dispatch_receipt": "JNE-123"}
        )
        letter.with_user(self.registrar).action_send()
        self.assertEqual(letter.state, "sent")
        self.assertEqual(letter.dispatch_date, self.company._surat_now().date())

    def test_outsider_cannot_send(self):
        """A user who is neither the registrar nor the drafter cannot send."""
        letter = self._signed()
        letter.dispatch_channel = "post"
        with self.assertRaises(AccessError):
            letter.with_user(self.kabid).action_send()
        self.assertEqual(letter.state, "signed")

    def test_email_composer(self):
        """E-mail opens the composer with the signed PDF; sending marks it sent."""
        letter = self._signed()
        letter.dispatch_channel = "email"
        action = letter.with_user(self.staff).action_send()
        self.assertEqual(action["res_model"], "mail.compose.message")
        ctx = action["context"]
        self.assertEqual(ctx["default_attachment_ids"], letter.signed_attachment_id.ids)
        self.assertIn(self.partner_to.id, ctx["default_partner_ids"])
        self.assertEqual(letter.state, "signed")
        composer = (
            self.env["mail.compose.message"].with_user(self.staff).with_context(**ctx).create({})
        )
        composer._action_send_mail()
        self.assertEqual(letter.state, "sent")
        self.assertEqual(letter.dispatch_channel, "email")

    def test_internal_memo_delivered_and_disposed(self):
        """A sent memo reaches its addressees' inboxes; they may dispose it."""
        memo = self._signed(
            direction="internal",
            document_type_id=self.doc_memo.id,
            partner_id=False,
            recipient_user_ids=[(6, 0, self.kabid.ids)],
        )
        memo.with_user(self.staff).action_send()
        self.assertEqual(memo.state, "sent")
        self.assertIn(self.kabid, memo.activity_ids.user_id)
        self.Disposition.with_user(self.kabid).create(
            {"letter_id": memo.id, "user_id": self.staff_aptika.id}
        )
        self.assertEqual(memo.state, "in_progress")

    def test_reply_links_both_ways(self):
        """Reply on an incoming letter drafts an outgoing letter linked both ways."""
        incoming = self._register()
        action = incoming.with_user(self.kabid).action_reply()
        reply = self.Letter.browse(action["res_id"])
        self.assertEqual(reply.direction, "outgoing")
        self.assertEqual(reply.state, "draft")
        self.assertEqual(reply.reply_to_id, incoming)
        self.assertEqual(reply.partner_id, incoming.partner_id)
        self.assertIn(reply, incoming.reply_ids)
        self.assertEqual(incoming.reply_count, 1)


@tagged("post_install", "-at_install", "surat_outgoing")
class TestOutgoingLayout(OutgoingCommon):
    def _html(self, letter):
        from odoo.tools.image import image_data_uri

        return str(
            self.env["ir.qweb"]._render(
                "surat_menyurat.report_surat_letter_standalone",
                {"o": letter, "docs": letter, "image_data_uri": image_data_uri},
            )
        )

    def test_letter_layout(self):
        """The PDF carries number, subject, copies, capacity, rank, NIP and paraf."""
        self.emp_head.write({"surat_rank": "Pembina Utama Muda", "surat_nip": "19700101"})
        cc = self.env["res.partner"].create({"name": "Bupati Bengkalis"})
        letter = self._to_sign(signing_capacity="an", cc_partner_ids=[(6, 0, cc.ids)])
        letter.with_user(self.head).action_sign()
        html = self._html(letter)
        for expected in (
            letter.letter_number,
            letter.subject,
            "Bupati Bengkalis",
            "a.n.",
            "Pembina Utama Muda",
            "NIP. 19700101",
            "Paraf",
            "<td>KE</td>",  # initials of Kasi E-Gov
            letter.verify_token,
        ):
            self.assertTrue(expected in html, "%s missing from the letter" % expected)

    def test_memo_layout(self):
        """A memo is laid out as a Nota Dinas addressed to its internal addressees."""
        memo = self._draft(
            direction="internal",
            document_type_id=self.doc_memo.id,
            recipient_user_ids=[(6, 0, self.kabid.ids)],
        )
        html = self._html(memo)
        self.assertIn("NOTA DINAS", html)
        self.assertIn(self.kabid.name, html)
