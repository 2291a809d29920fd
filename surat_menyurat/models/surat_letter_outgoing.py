"""Outgoing letters and internal memos: draft, paraf, sign, number, send."""

import hashlib
import os
import secrets
import tempfile

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from .surat_const import CONFIDENTIAL, OUTGOING
from .surat_numbering import check_template, template_tokens
from .surat_signing import SigningServiceUnavailable


def _ensure_runtime_dir():
    """Give wkhtmltopdf (Qt) a private runtime dir when the service has none.

    Without XDG_RUNTIME_DIR, Qt prints a notice on stderr that Odoo logs as a
    WARNING for every PDF; a 0700 directory of our own silences it.
    """
    if os.environ.get("XDG_RUNTIME_DIR"):
        return
    path = os.path.join(tempfile.gettempdir(), "surat-runtime-%s" % os.getuid())
    os.makedirs(path, mode=0o700, exist_ok=True)
    os.chmod(path, 0o700)
    os.environ["XDG_RUNTIME_DIR"] = path


class SuratLetterFlowOutgoing(models.AbstractModel):
    """Outgoing flow (docs/architecture.md): submit, approve/reject, sign, send.

    The drafter (``user_id``) submits; the review chain (paraf) is walked in
    order by each reviewer or his delegate; the signer or his delegate signs,
    which takes the official number (gap-free, ``take_number``), stores the
    rendered PDF as an immutable attachment with its SHA-256 and, when the
    agency has digital signatures on, signs it (PAdES); the registrar or the
    drafter sends it.
    """

    _name = "surat.letter.flow.outgoing"
    _description = "Letter: outgoing flow"

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    def _compute_verify_url(self):
        # sudo: the public base URL is not secret; users cannot read system parameters
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        for letter in self:
            letter.verify_url = (
                "%s/surat/verify/%s" % (base, letter.verify_token) if letter.verify_token else False
            )

    @api.depends("direction", "document_type_id.is_internal")
    def _compute_is_internal_memo(self):
        for letter in self:
            letter.is_internal_memo = letter._is_memo()

    @api.depends("reply_ids")
    def _compute_reply_count(self):
        for letter in self:
            letter.reply_count = len(letter.reply_ids)

    @api.depends_context("uid")
    @api.depends("state", "review_ids.state", "review_ids.user_id")
    def _compute_is_my_review(self):
        for letter in self:
            line = letter._pending_review()
            letter.is_my_review = bool(line) and letter._acts_for(line.user_id)

    def _search_is_my_review(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on the reviews to do."))
        users = self._principals_of(self.env.user)
        domain = [
            ("state", "=", "in_review"),
            (
                "review_ids",
                "any",
                [("state", "=", "pending"), ("user_id", "in", users.ids)],
            ),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.depends_context("uid")
    @api.depends("state", "signer_id")
    def _compute_is_my_signature(self):
        for letter in self:
            letter.is_my_signature = letter.state in (
                "to_sign",
                "sign_pending",
            ) and letter._acts_for(letter.signer_id)

    def _search_is_my_signature(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on the letters to sign."))
        users = self._principals_of(self.env.user)
        domain = [("state", "in", ("to_sign", "sign_pending")), ("signer_id", "in", users.ids)]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.depends("signer_id", "signed_by_id")
    def _compute_signer_info(self):
        for letter in self:
            employee = (
                (letter.signed_by_id or letter.signer_id)._surat_employee(letter.company_id)
                if (letter.signed_by_id or letter.signer_id)
                else False
            )
            letter.signer_rank = employee and employee.surat_rank or False
            letter.signer_nip = employee and employee.surat_nip or False

    @api.onchange("document_type_id")
    def _onchange_document_type_id(self):
        if self.direction in OUTGOING and self.document_type_id.default_signer_id:
            self.signer_id = self.document_type_id.default_signer_id
        if self.document_type_id.is_internal and self.direction == "outgoing":
            self.direction = "internal"

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if (
            "document_type_id" in fields_list
            and not values.get("document_type_id")
            and values.get("direction") in OUTGOING
        ):
            xmlid = (
                "document_type_memo"
                if values["direction"] == "internal"
                else "document_type_letter"
            )
            doc_type = self.env.ref("surat_menyurat.%s" % xmlid, raise_if_not_found=False)
            if doc_type and doc_type.active:
                values["document_type_id"] = doc_type.id
        if values.get("direction") in OUTGOING:
            if "signer_id" in fields_list and not values.get("signer_id"):
                values["signer_id"] = self._default_signer(values.get("document_type_id")).id
            if "department_id" in fields_list and not values.get("department_id"):
                values["department_id"] = self.env.user._surat_department().id
        return values

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _is_memo(self):
        self.ensure_one()
        return self.direction == "internal" or bool(self.document_type_id.is_internal)

    def _local_today(self):
        return (self.company_id or self.env.company)._surat_now().date()

    def _acts_for(self, principal, user=None):
        """True when `user` (default: you) is `principal` or his delegate today."""
        self.ensure_one()
        user = user or self.env.user
        if not principal:
            return False
        if user == principal:
            return True
        return principal._surat_effective_delegate(self._local_today()) == user

    @api.model
    def _principals_of(self, user):
        """The user and everyone whose effective delegate he is today."""
        today = self.env.company._surat_now().date()
        # sudo: delegation fields are read to find for whom the user acts
        delegating = self.env["res.users"].sudo().search([("surat_delegate_id", "=", user.id)])
        delegating = delegating.filtered(lambda u: u._surat_effective_delegate(today) == user)
        delegating |= self.env["surat.delegation"]._surat_principals(user.id, today)
        return user | delegating.with_env(self.env)

    def _assignee(self, principal):
        """Who receives the work of `principal` today: his delegate, else himself."""
        delegate = principal._surat_effective_delegate(self._local_today())
        if delegate:
            if delegate not in self.delegate_user_ids:
                # sudo: the delegate is given access to the letter he acts on
                self.sudo().delegate_user_ids = [(4, delegate.id)]
                # sudo: store the new access list now: record rules read it in SQL
                self.sudo().flush_recordset(["access_user_ids"])
            return delegate
        return principal

    def _pending_review(self):
        self.ensure_one()
        if self.state != "in_review":
            return self.env["surat.letter.review"]
        return self.review_ids.sorted(lambda r: (r.sequence, r.id)).filtered(
            lambda r: r.state == "pending"
        )[:1]

    def _check_outgoing(self):
        if self.direction not in OUTGOING:
            raise UserError(_("Only outgoing letters and internal memos follow this step."))

    def _is_drafter(self):
        return self.env.su or self.env.user in (self.user_id | self.create_uid)

    def _close_my_activities(self, feedback):
        activities = self.activity_ids.filtered(lambda a: a.user_id == self.env.user)
        # sudo: closing the acting user's own to-do on this letter
        activities.sudo().action_feedback(feedback=feedback)

    def _schedule(self, user, summary):
        self.ensure_one()
        # sudo: the assignee is involved in the letter (reviewer, signer, drafter
        # or their delegate); the summary hides confidential subjects
        self.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self._activity_summary(summary),
            user_id=user.id,
        )

    def _post(self, body):
        # sudo: a tracked step of the flow, posted by the system in the actor's name
        self.sudo().message_post(
            body=body,
            author_id=self.env.user.partner_id.id,
            subtype_xmlid="mail.mt_note",
        )

    def _build_review_chain(self):
        """Reviewers bottom-up from the drafter's manager to just below the signer."""
        self.ensure_one()
        drafter = self.user_id or self.create_uid
        signer = self.signer_id
        if not signer or drafter == signer:
            return self.env["res.users"]
        company = self.company_id
        chain = self.env["res.users"]
        for manager in drafter._surat_manager_users(company):
            if manager == signer or manager._surat_is_below(signer, company):
                break
            chain |= manager
        limit = self.document_type_id.max_reviewers if self.document_type_id else 3
        if limit < 0:
            limit = 3
        limit = min(limit, self.company_id.surat_max_reviewers)
        # the reviewers nearest to the signer initial last; keep them when the
        # chain is longer than the document type allows
        return chain[len(chain) - limit :] if len(chain) > limit else chain

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_submit(self):
        """Draft → in review along the paraf chain (→ to sign when it is empty)."""
        self.ensure_one()
        self._check_outgoing()
        if self.state != "draft":
            raise UserError(_("Only a draft can be submitted."))
        if not self._is_drafter():
            raise AccessError(_("Only the drafter submits this letter."))
        if not self.signer_id:
            raise UserError(_("Choose who signs this letter."))
        if not (self.body or "").strip() and not self.summary:
            raise UserError(_("Write the text of the letter before submitting it."))
        if self._is_memo() and not (self.recipient_user_ids or self._surat_delivery_targets()):
            raise UserError(_("Choose the internal addressees of this memo."))
        Review = self.env["surat.letter.review"].sudo()  # sudo: the chain is built by the flow
        # sudo: the whole chain of the letter the caller submits, reviewers' rows included
        reviews = self.sudo().review_ids
        if reviews.filtered(lambda r: r.user_id == self.signer_id):
            raise UserError(_("The signer cannot also be a reviewer of the letter."))
        if not reviews:
            for index, user in enumerate(self._build_review_chain()):
                reviews |= Review.create(
                    {
                        "letter_id": self.id,
                        "user_id": user.id,
                        "sequence": (index + 1) * 10,
                    }
                )
        reviews = reviews.sorted(lambda r: (r.sequence, r.id))
        reviews._surat_flow_write(
            {"state": "waiting", "date": False, "acted_by_id": False}, "action_submit"
        )
        if reviews:
            reviews[:1]._surat_flow_write({"state": "pending"}, "action_submit")
            self._surat_flow_write({"state": "in_review", "reject_reason": False}, "action_submit")
            reviewer = self._assignee(reviews[:1].user_id)
            self._schedule(reviewer, _("Review (paraf): %(subject)s", subject=self.subject))
            self._post(_("Submitted for review to %s.", reviewer.name))
        else:
            self._surat_flow_write({"state": "to_sign", "reject_reason": False}, "action_submit")
            signer = self._assignee(self.signer_id)
            self._schedule(signer, _("Sign: %(subject)s", subject=self.subject))
            self._post(_("Submitted for signature to %s.", signer.name))
        self._close_my_activities(_("Submitted"))
        return True

    def _check_current_reviewer(self):
        self._check_outgoing()
        line = self._pending_review()
        if self.state != "in_review" or not line:
            raise UserError(_("This letter is not waiting for a review."))
        if not (self.env.su or self._acts_for(line.user_id)):
            raise AccessError(_("It is %s's turn to review this letter.", line.user_id.name))
        return line

    def action_approve(self):
        """Initial (paraf) the letter: the next reviewer's turn, or the signer's."""
        self.ensure_one()
        line = self._check_current_reviewer()
        # the current reviewer was checked just above
        line._surat_flow_write(
            {
                "state": "approved",
                "date": fields.Datetime.now(),
                "acted_by_id": self.env.uid,
            },
            "action_approve",
        )
        self._close_my_activities(_("Approved"))
        on_behalf = (
            _(" on behalf of %s", line.user_id.name) if line.user_id != self.env.user else ""
        )
        following = self.review_ids.sorted(lambda r: (r.sequence, r.id)).filtered(
            lambda r: r.state == "waiting"
        )[:1]
        if following:
            # the flow hands the turn to the next reviewer
            following._surat_flow_write({"state": "pending"}, "action_approve")
            reviewer = self._assignee(following.user_id)
            self._schedule(reviewer, _("Review (paraf): %(subject)s", subject=self.subject))
            self._post(
                _(
                    "Approved by %(user)s%(behalf)s; next reviewer: %(next)s.",
                    user=self.env.user.name,
                    behalf=on_behalf,
                    next=reviewer.name,
                )
            )
        else:
            self._surat_flow_write({"state": "to_sign"}, "action_approve")
            signer = self._assignee(self.signer_id)
            self._schedule(signer, _("Sign: %(subject)s", subject=self.subject))
            self._post(
                _(
                    "Approved by %(user)s%(behalf)s; to be signed by %(signer)s.",
                    user=self.env.user.name,
                    behalf=on_behalf,
                    signer=signer.name,
                )
            )
        return True

    def action_reject(self):
        """Send the letter back to its drafter for revision, with the reason."""
        self.ensure_one()
        line = self._check_current_reviewer()
        reason = (self.reject_reason or "").strip()
        if not reason:
            raise UserError(_("Write why you send this letter back (the rejection reason)."))
        # the current reviewer was checked just above
        line._surat_flow_write(
            {
                "state": "rejected",
                "date": fields.Datetime.now(),
                "acted_by_id": self.env.uid,
                "comment": reason,
            },
            "action_reject",
        )
        self._surat_flow_write({"state": "draft"}, "action_reject")
        self._close_my_activities(_("Sent back"))
        drafter = self.user_id or self.create_uid
        self._schedule(drafter, _("Revise: %(subject)s", subject=self.subject))
        self._post(
            Markup("%s<br/>%s")
            % (
                _("Sent back for revision by %s.", self.env.user.name),
                reason,
            )
        )
        return True

    # ------------------------------------------------------------------
    # Signing
    # ------------------------------------------------------------------
    def _number_template(self):
        self.ensure_one()
        return (
            self.document_type_id.number_template
            or self.company_id.surat_number_template
            or "{kka}/{seq}/{unit}/{yyyy}"
        )

    def _number_scope(self):
        """(scope key part, unit code) of the counter this letter numbers from."""
        self.ensure_one()
        company = self.company_id
        if company.surat_number_scope == "department":
            department = self.department_id
            if not department:
                raise UserError(_("Choose the processing unit: letters are numbered per unit."))
            return "U%s" % department.id, department.code
        return "A", company.surat_code

    def _prepare_number(self):
        """Check what the number needs; return (template, key, unit)."""
        self.ensure_one()
        template = self._number_template()
        check_template(template, env=self.env)
        tokens = template_tokens(template, self.env)
        _scope, unit = self._number_scope()
        if "unit" in tokens and not unit:
            if self.company_id.surat_number_scope == "department":
                raise UserError(
                    _(
                        "The processing unit %s has no code: set it before signing.",
                        self.department_id.name,
                    )
                )
            raise UserError(_("The agency has no code: set it in the settings before signing."))
        if "kka" in tokens and not self.classification_id:
            raise UserError(_("Choose the classification (KKA) of the letter before signing it."))
        return template, self._number_key(), unit

    def _check_can_sign(self):
        self._check_outgoing()
        if self.state in ("draft", "in_review"):
            raise UserError(_("Every reviewer must approve the letter before it is signed."))
        if self.state not in ("to_sign", "sign_pending"):
            raise UserError(_("This letter is not waiting for a signature."))
        if self.review_ids.filtered(lambda r: r.state != "approved"):
            raise UserError(_("Every reviewer must approve the letter before it is signed."))
        if not (self.env.su or self._acts_for(self.signer_id)):
            raise AccessError(
                _("Only %s or his delegate may sign this letter.", self.signer_id.name)
            )

    def action_sign(self):
        """Sign: official number, signing date, PDF stored with its hash.

        When a remote signing service fails, the letter keeps the number it
        took and waits (``sign_pending``) for the service or for ink. A service
        that needs the signer's passphrase opens the signing dialog instead.
        """
        self.ensure_one()
        backend = self._signing_backend()
        if backend is not None and backend._surat_needs_passphrase:
            self._check_can_sign()
            self._prepare_number()
            backend._check_ready(self, self.env.user)
            return self._open_sign_wizard()
        return self._sign()

    def _signing_backend(self):
        company = self.company_id
        if not company.surat_digital_signature:
            return None
        return self.env["surat.signing.backend"]._for_company(company)

    def _open_sign_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Sign"),
            "res_model": "surat.letter.sign.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_letter_id": self.id},
        }

    def _sign(self, passphrase=None):
        """action_sign's work; ``passphrase`` goes to the backend only, never stored."""
        self.ensure_one()
        self._check_can_sign()
        self._prepare_number()
        backend = self._signing_backend()
        if backend is not None:
            backend._check_ready(self, self.env.user)
        signer = self.env.user if not self.env.su else self.signer_id
        token = self.verify_token
        number = self._take_letter_number()
        on_behalf = self.signer_id if signer != self.signer_id else self.env["res.users"]
        self._surat_flow_write(
            {
                "signed_by_id": signer.id,
                "signed_on_behalf_id": on_behalf.id,
                "signed_date": fields.Datetime.now(),
                "verify_token": token or secrets.token_urlsafe(24),
            },
        )
        pdf = self._render_letter_pdf()
        if backend is not None:
            try:
                pdf = backend._sign_pdf(pdf, self, signer, passphrase=passphrase)
            except SigningServiceUnavailable as error:
                return self._signing_failed(error, token)
        self._surat_flow_write({"state": "signed"}, "action_sign")
        self._store_signed_pdf(pdf, digital=backend is not None)
        self._close_my_activities(_("Signed"))
        drafter = self.user_id or self.create_uid
        self._schedule(drafter, _("Send: %(subject)s", subject=self.subject))
        if on_behalf:
            body = _(
                "Signed as number %(number)s by %(user)s on behalf of %(signer)s.",
                number=number,
                user=signer.name,
                signer=on_behalf.name,
            )
        else:
            body = _(
                "Signed as number %(number)s by %(user)s.",
                number=number,
                user=signer.name,
            )
        self._post(body)
        return self._surat_done_notification(body)

    def _signing_failed(self, error, token):
        """The remote signing service failed: numbered, the letter waits for it or for ink."""
        # the signer was checked by action_sign; the number stays taken
        self._surat_flow_write(
            {
                "state": "sign_pending",
                "signed_by_id": False,
                "signed_on_behalf_id": False,
                "signed_date": False,
                "verify_token": token,
            },
            "signing_failed",
        )
        message = _(
            "The signing service failed (%(error)s). Number %(number)s is kept: sign again "
            "later, or print the letter for an ink signature.",
            error=error,
            number=self.letter_number,
        )
        self._post(message)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": message, "type": "warning", "sticky": True},
        }

    def _render_letter_pdf(self):
        """The letters as one self-contained PDF (report/surat_letter_pdf.py).

        The HTML carries its styles, logo and QR code inline, and wkhtmltopdf
        gets no header or footer: nothing is fetched from the server (signing
        works without a reachable web URL) and Debian's unpatched wkhtmltopdf
        has no header switch to warn about.
        """
        self.check_access("read")
        return self.env["report.surat_menyurat.letter_pdf"]._render_pdf(self)

    def _store_signed_pdf(self, pdf, digital=False):
        self.ensure_one()
        filename = "%s.pdf" % (self.letter_number or "letter").replace("/", "-")
        attachment = (
            self.env["ir.attachment"]
            .sudo()  # sudo: the signed file is created by the flow and becomes immutable
            .create(
                {
                    "name": filename,
                    "raw": pdf,
                    "mimetype": "application/pdf",
                    "res_model": self._name,
                    "res_id": self.id,
                    "description": _("Signed original"),
                }
            )
        )
        # signing fields are written by the flow after the signer check
        self._surat_flow_write(
            {
                "signed_attachment_id": attachment.id,
                "signed_pdf_sha256": hashlib.sha256(pdf).hexdigest(),
                "digitally_signed": digital,
            }
        )
        return attachment

    def _assignee_preview(self):
        self.ensure_one()
        if not self.signer_id:
            return self.env["res.users"]
        delegate = self.signer_id._surat_effective_delegate(self._local_today())
        return delegate or self.signer_id

    def action_print_draft(self):
        """Print preview of the letter (no number before signing)."""
        self.ensure_one()
        self._check_outgoing()
        return self.env.ref("surat_menyurat.action_report_surat_letter").report_action(self)

    def action_open_signed_pdf(self):
        self.ensure_one()
        if not self.signed_attachment_id:
            raise UserError(_("This letter has no signed PDF yet."))
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/%s?download=true" % self.signed_attachment_id.id,
            "target": "self",
        }

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------
    def action_send(self):
        """Signed → sent: memo to the addressees' inboxes, e-mail, or dispatch."""
        self.ensure_one()
        self._check_outgoing()
        if self.state != "signed":
            raise UserError(_("Only a signed letter can be sent."))
        if not (self._is_registrar() or self._is_drafter()):
            raise AccessError(_("Only the registry clerk or the drafter sends this letter."))
        if self._is_memo():
            return self._send_memo()
        if not self.dispatch_channel and self._surat_delivery_targets():
            # addressed to agencies of this server: delivered electronically
            self._surat_flow_write({"dispatch_channel": "agency"})
        if not self.dispatch_channel:
            raise UserError(
                _("Choose how the letter is sent (e-mail, post, courier, by hand) first.")
            )
        if self.dispatch_channel == "email":
            return self._open_mail_composer()
        # dispatch fields written after the sender check
        self._surat_flow_write(
            {
                "state": "sent",
                "dispatch_date": self.dispatch_date or self._local_today(),
            },
            "action_send",
        )
        self._deliver_copies()
        self._close_my_activities(_("Sent"))
        channel = dict(self._fields["dispatch_channel"].selection).get(self.dispatch_channel)
        self._post(
            _(
                "Dispatched by %(channel)s on %(date)s%(receipt)s.",
                channel=channel,
                date=self.dispatch_date,
                receipt=(_(", receipt %s", self.dispatch_receipt) if self.dispatch_receipt else ""),
            )
        )
        return self._surat_done_notification(_("The letter is recorded as sent."))

    def _send_memo(self):
        if not (self.recipient_user_ids or self._surat_delivery_targets()):
            raise UserError(_("Choose the internal addressees of this memo."))
        # the memo's state moves after the sender check
        self._surat_flow_write(
            {
                "state": "sent",
                "dispatch_channel": False,
                "dispatch_date": self._local_today(),
            },
            "action_send",
        )
        self._deliver_copies()
        for user in self.recipient_user_ids:
            self._schedule(user, _("Memo received: %(subject)s", subject=self.subject))
        self._close_my_activities(_("Sent"))
        # sudo: the names of the agencies it was also delivered to
        agencies = self.sudo().delivery_ids.target_company_id.mapped("name")
        names = self.recipient_user_ids.mapped("name") + agencies
        delivered = _("Delivered to %s.", ", ".join(names))
        self._post(delivered)
        return self._surat_done_notification(delivered)

    def _open_mail_composer(self):
        partners = self.partner_id | self.cc_partner_ids
        if not partners:
            raise UserError(_("Choose the addressee of the letter before e-mailing it."))
        if self.security_level in CONFIDENTIAL:
            raise UserError(_("A secret or top-secret letter is not sent by e-mail."))
        body = _(
            "Please find attached our letter number %(number)s, %(subject)s.",
            number=self.letter_number,
            subject=self.subject,
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_composition_mode": "comment",
                "default_partner_ids": partners.ids,
                "default_subject": "%s - %s" % (self.letter_number, self.subject),
                "default_body": body,
                "default_attachment_ids": self.signed_attachment_id.ids,
            },
        }

    def message_post(self, **kwargs):
        message = super().message_post(**kwargs)
        if len(self) == 1 and self._is_email_dispatch(message):
            # the e-mail carrying the signed original went out: record the dispatch
            self._surat_flow_write(
                {
                    "state": "sent",
                    "dispatch_channel": "email",
                    "dispatch_date": self._local_today(),
                },
                "action_send",
            )
            self._deliver_copies()
            self._close_my_activities(_("Sent"))
        return message

    def _is_email_dispatch(self, message):
        """An e-mail to correspondents, with the signed original, by who may send it.

        Decided on the message itself, never on a flag of the caller: whoever may
        send the letter may as well press "Send".
        """
        self.ensure_one()
        return (
            self.state == "signed"
            and self.direction == "outgoing"
            and self.dispatch_channel == "email"
            and self.signed_attachment_id
            and message.message_type == "comment"
            and message.partner_ids
            and self.signed_attachment_id in message.attachment_ids
            and (self._is_registrar() or self._is_drafter())
        )

    # ------------------------------------------------------------------
    # Replies
    # ------------------------------------------------------------------
    def action_reply(self):
        """Draft an outgoing letter answering this incoming letter."""
        self.ensure_one()
        if self.direction != "incoming" or self.state == "draft":
            raise UserError(_("Only a registered incoming letter can be answered."))
        letter_type = self.env.ref("surat_menyurat.document_type_letter", raise_if_not_found=False)
        reply = self.create(
            {
                "direction": "outgoing",
                "subject": _("Reply: %s", self.subject),
                "reply_to_id": self.id,
                "partner_id": self.partner_id.id,
                "classification_id": self.classification_id.id,
                "security_level": self.security_level,
                "urgency": self.urgency,
                "document_type_id": letter_type.id if letter_type else False,
            }
        )
        self._post(_("Reply drafted by %s.", self.env.user.name))
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": reply.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_view_replies(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Replies"),
            "res_model": self._name,
            "view_mode": "list,form",
            "domain": [("reply_to_id", "=", self.id)],
            "context": {
                "default_direction": "outgoing",
                "default_reply_to_id": self.id,
            },
        }

    def _check_review_chain_editable(self):
        """The drafter edits the paraf chain of his draft; nobody else, never later."""
        for letter in self:
            if letter.state != "draft":
                raise UserError(
                    _("The review chain can only be changed while the letter is a draft.")
                )
            if not letter._is_drafter():
                raise AccessError(_("Only the drafter edits the review chain of a letter."))
