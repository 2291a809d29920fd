"""Letters signed in ink (contract.md, "Letter states"; docs/naskah-dinas.md).

Many signers still sign on paper. The letter is printed for signature (it is
numbered then, and its verification token issued, so that the paper carries
both), the signer signs, and the registry clerk uploads the signed scan:
``action_sign_ink()`` makes that scan the signed file, with its SHA-256.
"""

import base64
import secrets

from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.mimetypes import guess_mimetype

from .surat_guard import letter_files_unlocked
from .surat_numbering import format_number, take_number

PENDING_SIGNATURE = ("to_sign", "sign_pending")


class SuratLetterFlowInk(models.AbstractModel):
    _name = "surat.letter.flow.ink"
    _description = "Letter Flow: Signing in Ink"

    def write(self, vals):
        if "ink_scan_file" not in vals or self.env.su:
            return super().write(vals)
        # guarded first (who may upload in which state), then checked by content
        self._surat_guard_write(vals)
        vals = dict(vals)
        scan = {"ink_scan_file": vals.pop("ink_scan_file")}
        if scan["ink_scan_file"]:
            for letter in self:
                letter._ink_check_scan(scan["ink_scan_file"], vals.get("ink_scan_filename"))
        res = super().write(vals) if vals else True
        self.check_access("write")
        with letter_files_unlocked():
            # sudo: the guard allowed the upload; a scan uploaded before signing
            # may be replaced by a better one until the letter is signed
            super(SuratLetterFlowInk, self.sudo()).write(scan)
        return res

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _ink_check_scan(self, datas_b64, filename=None):
        """The signed scan is a PDF within the agency's size limit."""
        self._check_file_content(datas_b64, filename)
        raw = base64.b64decode(datas_b64)
        if guess_mimetype(raw, default="") != "application/pdf":
            raise UserError(_("The scan of the letter signed in ink must be a PDF file."))

    def _ink_check_ready(self):
        """Common checks of printing for signature and signing in ink."""
        self.ensure_one()
        self._check_outgoing()
        self.check_access("read")
        if self.state not in PENDING_SIGNATURE:
            raise UserError(_("This letter is not waiting for a signature."))
        if self.review_ids.filtered(lambda r: r.state != "approved"):
            raise UserError(_("Every reviewer must approve the letter before it is signed."))

    def _number_key(self, date=None):
        """Key of the counter the letter numbers from: (agency, scope, year[, type])."""
        self.ensure_one()
        scope, _unit = self._number_scope()
        year = (date or self._local_today()).year
        key = "SK/%s/%s/%s" % (self.company_id.id, scope, year)
        if self.document_type_id.own_counter:
            key += "/%s" % self.document_type_id.id
        return key

    def _take_letter_number(self):
        """The official number, taken once: a reserved or inserted number chosen
        for the letter, else the next integer of its counter (gap-free).

        Signing digitally, signing in ink and printing for signature all number
        the letter here; a letter already numbered (printed for signature, or
        its signing service failed) keeps its number.
        """
        self.ensure_one()
        if self.letter_number:
            return self.letter_number
        template, key, unit = self._prepare_number()
        claim = self.number_reservation_id
        if claim:
            number = claim._use_for(self, template, unit)
            # sudo: the claim's own date, suffix and counter place, which clerks only
            # read; _use_for above checked that this letter may use the claim
            claim_sudo = claim.sudo()
            vals = {"letter_number": number, "letter_date": claim_sudo.date}
            if not claim_sudo.suffix:
                # a plain reserved integer is the letter's place in the counter
                vals.update(register_key=key, register_seq=claim_sudo.register_seq)
            # the calling action checked who numbers the letter
            self._surat_flow_write(vals)
            return number
        today = self._local_today()
        seq = take_number(self, key, claim=today)
        number = format_number(
            template,
            seq=seq,
            kka=self.classification_id.code,
            unit=unit,
            date=today,
            security=self.security_level,
        )
        # the calling action checked who numbers the letter
        self._surat_flow_write({"letter_number": number, "letter_date": today})
        return number

    def _issue_verify_token(self):
        """The verification token, issued once: at the first print for signature or signing."""
        self.ensure_one()
        if not self.verify_token:
            # issued by the flow only (contract.md)
            self._surat_flow_write({"verify_token": secrets.token_urlsafe(24)})
        return self.verify_token

    def _close_signature_activities(self, feedback):
        """The signer's (or his delegate's) to-do is done, whoever recorded the signature."""
        users = self.signer_id | self._assignee_preview() | self.env.user
        activities = self.activity_ids.filtered(lambda a: a.user_id in users)
        # sudo: closing the signature to-dos of this letter, after the flow's checks
        activities.sudo().action_feedback(feedback=feedback)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_print_for_signature(self):
        """Print the final letter for an ink signature: numbered, with its QR code."""
        self._ink_check_ready()
        if not (self._is_drafter() or self._is_registrar() or self._acts_for(self.signer_id)):
            raise AccessError(
                _("Only the drafter, the registry clerk or the signer prints a letter to sign.")
            )
        first = self.state == "to_sign"
        number = self._take_letter_number()
        self._issue_verify_token()
        if first:
            self._surat_flow_write({"state": "sign_pending"}, "action_print_for_signature")
            self._post(
                _(
                    "Printed for signature in ink by %(user)s as number %(number)s.",
                    user=self.env.user.name,
                    number=number,
                )
            )
        return self.env.ref("surat_menyurat.action_report_surat_letter").report_action(self)

    def action_sign_ink(self):
        """To sign / awaiting signature → signed: the uploaded ink-signed scan is the original."""
        self._ink_check_ready()
        acts_for_signer = self._acts_for(self.signer_id)
        if not (self._is_registrar() or acts_for_signer):
            raise AccessError(
                _("Only the registry clerk or the signer records a signature in ink.")
            )
        # sudo: the scan of a letter the caller may read (checked above)
        scan = self.sudo().ink_scan_file
        if not scan:
            raise UserError(_("Attach the scan of the letter signed in ink first."))
        self._ink_check_scan(scan, self.ink_scan_filename)
        reason = (self.ink_reason or "").strip()
        if self.company_id.surat_digital_signature and not reason:
            raise UserError(
                _(
                    "The agency signs letters digitally: write why this letter is signed in "
                    "ink instead (Why in Ink) first."
                )
            )
        number = self._take_letter_number()
        self._issue_verify_token()
        if acts_for_signer and self.env.user != self.signer_id and not self.env.su:
            signer, on_behalf = self.env.user, self.signer_id
        else:
            signer, on_behalf = self.signer_id, self.env["res.users"]
        self._surat_flow_write(
            {
                "signed_by_id": signer.id,
                "signed_on_behalf_id": on_behalf.id,
                "signed_date": fields.Datetime.now(),
                "ink_signed": True,
                "state": "signed",
            },
            "action_sign_ink",
        )
        self._store_signed_pdf(base64.b64decode(scan), digital=False)
        self._close_signature_activities(_("Signed in ink"))
        if reason:
            self._post(_("Signed in ink instead of digitally: %s", reason))
        drafter = self.user_id or self.create_uid
        self._schedule(drafter, _("Send: %(subject)s", subject=self.subject))
        self._post(
            _(
                "Signed in ink by %(signer)s as number %(number)s; scan recorded by %(user)s.",
                signer=signer.name,
                number=number,
                user=self.env.user.name,
            )
        )
        return True
