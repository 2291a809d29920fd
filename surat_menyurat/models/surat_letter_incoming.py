"""Incoming flow: registration, the head's inbox, dispositions, the duplicate warning."""

import base64
import binascii
import hashlib
import re

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .surat_const import URGENCY_DAYS
from .surat_numbering import check_template, format_number, take_number


class SuratLetterFlowIncoming(models.AbstractModel):
    """Methods of the incoming flow; the fields are in surat_letter.py."""

    _name = "surat.letter.flow.incoming"
    _description = "Letter: incoming flow"

    def action_register(self):
        """Register an incoming letter: agenda number, then to the head's inbox."""
        self.ensure_one()
        if not self._is_registrar():
            raise AccessError(_("Only registry clerks register incoming letters."))
        if self.direction != "incoming":
            raise UserError(_("Only incoming letters are registered."))
        if self.state != "draft":
            raise UserError(_("This letter is already registered."))
        company = self.company_id
        missing = self._surat_registration_missing()
        if missing:
            raise UserError(_("Before registering this letter, add: %s.", "; ".join(missing)))
        if not self.received_date:
            self.received_date = fields.Datetime.now()
        self._check_dates()
        local_now = company._surat_local(self.received_date)
        template = company.surat_agenda_template or "{seq}/SM/{yyyy}"
        check_template(template, self.env)
        key = "SM/%s/%s" % (company.id, local_now.year)
        seq = take_number(self, key)
        agenda = format_number(
            template,
            seq=seq,
            kka=self.classification_id.code,
            unit=company.surat_code,
            date=local_now.date(),
            security=self.security_level,
        )
        self._surat_flow_write(
            {
                "agenda_number": agenda,
                "state": "registered",
                "registered_by_id": self.env.uid,
            },
            "action_register",
        )
        self._notify_heads()
        return True

    def _notify_heads(self):
        for letter in self:
            for head in letter._head_users(letter.company_id):
                letter.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=letter._activity_summary(
                        _("Dispose: %(subject)s", subject=letter.subject)
                    ),
                    user_id=head.id,
                )

    def action_done(self):
        """Close the letter: note only (head) or a memo received (its addressee)."""
        self.ensure_one()
        if self.direction == "incoming" and self.state == "registered":
            if not self._is_head():
                raise AccessError(_("Only the head of agency closes a letter as noted."))
        elif self.direction == "internal" and self.state == "sent":
            if self.env.user not in self.recipient_user_ids and not self.env.su:
                raise AccessError(_("Only an addressee of this memo may close it."))
        else:
            raise UserError(_("This letter cannot be closed in its current state."))
        self._surat_flow_write({"state": "done"}, "action_done")
        self.activity_ids.filtered(lambda a: a.user_id == self.env.user).action_feedback(
            feedback=_("Noted")
        )
        self.message_post(body=_("Noted for information and closed."))
        return True

    def action_open_dispose_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Dispose"),
            "res_model": "surat.letter.dispose",
            "view_mode": "form",
            "target": "new",
            "context": {"default_letter_id": self.id},
        }

    def _update_state_from_dispositions(self):
        """Apply the letter's automatic moves after a disposition changed."""
        for letter in self:
            top = letter.disposition_ids.filtered(lambda d: not d.parent_id)
            # copies for information never block the letter's completion
            copies = top.filtered(lambda d: d.is_info_copy and d.state != "cancelled")
            live = top.filtered(lambda d: d.state != "cancelled" and not d.is_info_copy)
            base_state = "sent" if letter.direction == "internal" else "registered"
            new_state = letter.state
            if letter.state in (base_state, "in_progress"):
                if not live:
                    new_state = "done" if copies else base_state
                elif all(d.state == "done" for d in live):
                    new_state = "done"
                else:
                    new_state = "in_progress"
            elif letter.state == "done" and live and any(d.state != "done" for d in live):
                new_state = "in_progress"
            if new_state != letter.state:
                # the letter follows its dispositions; the actor may be a
                # recipient without write access on the letter itself
                letter._surat_flow_write({"state": new_state}, "dispositions")

    def _default_deadline(self):
        self.ensure_one()
        company = self.company_id
        today = company._surat_now().date()
        return self.env["surat.holiday"].add_working_days(
            company, today, URGENCY_DAYS.get(self.urgency, 5)
        )

    @api.depends(
        "partner_id", "letter_number", "letter_date", "direction", "scan_file", "ocr_state"
    )
    def _compute_duplicate_letter_ids(self):
        for letter in self:
            letter.duplicate_letter_ids = letter._find_duplicates()

    def _scan_digest(self):
        """SHA-256 of the scan: of the uploaded data while editing, else the stored one."""
        self.ensure_one()
        if isinstance(self.id, models.NewId) and self.scan_file:
            try:
                raw = base64.b64decode(self.scan_file, validate=True)
            except (binascii.Error, ValueError, TypeError):
                raw = None
            # unchanged, the web client sends the file's size, not its data
            if raw:
                return hashlib.sha256(raw).hexdigest()
        return self._origin.scan_sha256 or self.scan_sha256

    def _find_duplicates(self):
        """Incoming letters already recorded with the same sender, number and date, or the
        same scan (file hash) or scan text (hash of the normalised text).

        Searched with the user's rights: a clerk is never told that a letter he
        may not read exists.
        """
        self.ensure_one()
        if self.direction != "incoming":
            return self.browse()
        matches = []
        number = re.sub(r"[^\w]|_", "", (self.letter_number or "").lower())
        if self.partner_id and number and self.letter_date:
            matches.append(
                SQL(
                    "SELECT id FROM surat_letter WHERE partner_id = %s AND letter_date = %s "
                    "AND regexp_replace(lower(letter_number), '[^[:alnum:]]+', '', 'g') = %s",
                    self.partner_id.id,
                    self.letter_date,
                    number,
                )
            )
        digest = self._scan_digest()
        if digest:
            matches.append(SQL("SELECT id FROM surat_letter WHERE scan_sha256 = %s", digest))
        if self._origin.id:
            matches.append(
                SQL(
                    "SELECT o.letter_id FROM surat_letter_text s JOIN surat_letter_text o "
                    "ON o.ocr_hash = s.ocr_hash WHERE s.letter_id = %s "
                    "AND s.ocr_hash IS NOT NULL",
                    self._origin.id,
                )
            )
        if not matches:
            return self.browse()
        self.env["surat.letter.text"].flush_model(["ocr_hash"])
        domain = [
            ("direction", "=", "incoming"),
            ("state", "!=", "cancelled"),
            ("id", "in", SQL("(%s)", SQL(" UNION ").join(matches))),
        ]
        if self._origin.id:
            domain.append(("id", "!=", self._origin.id))
        return self.search(domain, limit=5)

    @api.onchange("partner_id", "letter_number", "letter_date", "scan_file")
    def _onchange_duplicate_warning(self):
        duplicates = self._find_duplicates()
        if duplicates:
            return {
                "warning": {
                    "title": _("Possible duplicate"),
                    "message": _(
                        "This letter may already be recorded (same sender, number and date, "
                        "or the same scan or scan text): %(letters)s.",
                        letters=", ".join(duplicates.mapped("display_name")),
                    ),
                }
            }
        return None
