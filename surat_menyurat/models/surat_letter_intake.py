"""Intake of incoming letters: header reading, e-mail alias, scanner batches.

* ``suggest_header(text)`` reads the header of a letter (``surat_header_reader``);
  what it finds is kept apart in ``header_suggestion`` until the registry clerk
  applies it (a suggested security level only on its own explicit button: a
  misread "Rahasia" must not hide a draft from the other clerks).
* ``surat.letter`` is a mail-gateway model: an e-mail to the agency's alias
  becomes a draft incoming letter of that agency, owned by one of its registry
  clerks. A mail that cannot become a whole letter (spam, nothing attached,
  a file too large or of a refused type) is refused before anything is created,
  with its reason on ``surat.intake.log``.
"""

import base64
import logging
import subprocess
import tempfile

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import email_normalize, html2plaintext
from odoo.tools.mimetypes import guess_mimetype

from .surat_const import SECURITY_RANK
from .surat_header_reader import read_header

_logger = logging.getLogger(__name__)

# keys of suggest_header and the fields they fill
SUGGESTED_FIELDS = (
    "letter_number",
    "letter_date",
    "subject",
    "addressee",
    "urgency",
    "enclosure_count",
)
SCAN_TYPES = ("application/pdf", "image/jpeg", "image/png", "image/tiff")
SPAM_HEADERS = ("X-Spam-Flag", "X-Spam-Status")


def pdf_text(raw):
    """The text layer of a PDF (pdftotext), '' when it has none or on any error."""
    if not raw.startswith(b"%PDF"):
        return ""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(raw)
        handle.flush()
        try:
            out = subprocess.run(
                ["pdftotext", "-layout", "-l", "2", handle.name, "-"],
                capture_output=True,
                timeout=30,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            _logger.warning("pdftotext unavailable or too slow; no text layer read")
            return ""
    return out.stdout.decode("utf-8", "replace") if out.returncode == 0 else ""


class SuratLetterFlowIntake(models.AbstractModel):
    _name = "surat.letter.flow.intake"
    _description = "Letter Intake (header reading, e-mail, scanner)"

    # ------------------------------------------------------------------
    # Header reading
    # ------------------------------------------------------------------
    @api.model
    def suggest_header(self, text):
        """What the header of a letter says, as a dict (contract.md, "Header reading")."""
        if not isinstance(text, str):
            raise UserError(_("The header reading needs the text of the letter."))
        return read_header(text)

    def _surat_store_header_suggestions(self, text):
        """Keep what the header reading found on each letter, for the clerk to confirm.

        Called by the system when the text of a scan is ready (OCR, text layer of a
        PDF, body of an e-mail); changes no confirmed field.
        """
        suggestion = read_header(text or "")
        letters = self.filtered(lambda lt: lt.direction == "incoming" and lt.state == "draft")
        for letter in letters if suggestion else ():
            # the subject given at intake ("Scan x.pdf") counts as empty
            placeholder = (letter.header_suggestion or {}).get("_placeholder_subject")
            value = (
                dict(suggestion, _placeholder_subject=placeholder) if placeholder else suggestion
            )
            letter._surat_flow_write({"header_suggestion": value})
        return suggestion

    @api.depends("header_suggestion")
    def _compute_header_suggestion_text(self):
        labels = {
            "letter_number": _("Number"),
            "letter_date": _("Date"),
            "subject": _("Subject"),
            "sender": _("Sender"),
            "addressee": _("Addressed To"),
            "security_level": _("Security Level"),
            "urgency": _("Urgency"),
            "enclosure_count": _("Enclosures"),
        }
        # the selection labels in the user's language
        names = dict(self._fields["security_level"]._description_selection(self.env))
        names |= dict(self._fields["urgency"]._description_selection(self.env))
        for letter in self:
            data = letter.header_suggestion or {}
            lines = []
            for key, label in labels.items():
                if key in data:
                    value = data[key]
                    if key in ("security_level", "urgency"):
                        value = names.get(value, value)
                    lines.append("%s: %s" % (label, value))
            letter.header_suggestion_text = "\n".join(lines) or False
            level = data.get("security_level")
            letter.header_suggested_level = level if level in SECURITY_RANK else False

    def _surat_check_apply(self):
        self.ensure_one()
        if not self._is_registrar():
            raise AccessError(_("Only registry clerks confirm the suggested header."))
        if self.direction != "incoming" or self.state != "draft":
            raise UserError(_("Suggestions are applied to draft incoming letters only."))
        if not self.header_suggestion:
            raise UserError(_("There is no suggestion to apply."))

    def _surat_sender_partner(self, name):
        """The correspondent named like the letterhead's sending body, if exactly one."""
        if not name:
            return self.env["res.partner"]
        partners = self.env["res.partner"].search(
            [("name", "=ilike", name), ("company_id", "in", [False, self.company_id.id])],
            limit=2,
        )
        return partners if len(partners) == 1 else self.env["res.partner"]

    def action_apply_header_suggestion(self):
        """Fill the empty fields of the draft with the suggestions (never the level)."""
        self._surat_check_apply()
        data = dict(self.header_suggestion)
        vals = {}
        placeholder = data.pop("_placeholder_subject", None)
        for key in SUGGESTED_FIELDS:
            if key not in data:
                continue
            current = self[key]
            empty = (
                not current
                or (key == "urgency" and current == "normal")
                or (key == "subject" and current == placeholder)
            )
            if empty:
                vals[key] = data[key]
        partner = self._surat_sender_partner(data.get("sender"))
        if partner and not self.partner_id:
            vals["partner_id"] = partner.id
        if vals:
            self.write(vals)
        # the level waits for its own confirmation; the rest is done
        level = data.get("security_level")
        remaining = {"security_level": level} if level and level != self.security_level else {}
        self._surat_flow_write({"header_suggestion": remaining or False})
        return True

    def action_apply_suggested_level(self):
        """Raise the level to the suggested one: the clerk confirmed it explicitly."""
        self._surat_check_apply()
        level = self.header_suggestion.get("security_level")
        if level not in SECURITY_RANK:
            raise UserError(_("No security level was suggested."))
        if SECURITY_RANK[level] > SECURITY_RANK[self.security_level]:
            self.write({"security_level": level})
        remaining = dict(self.header_suggestion)
        remaining.pop("security_level")
        self._surat_flow_write({"header_suggestion": remaining or False})
        return True

    def action_discard_header_suggestion(self):
        self._surat_check_apply()
        self._surat_flow_write({"header_suggestion": False})
        return True

    # ------------------------------------------------------------------
    # Intake of a file (e-mail or scanner): one checked file, one draft
    # ------------------------------------------------------------------
    @api.model
    def _surat_intake_create(self, company, clerk, vals, raw, filename, text=""):
        """Create a draft incoming letter as ``clerk`` with its scan; return it.

        Run as the clerk (his record rules, the letter's guard); the file was
        checked by content by the caller.
        """
        letter_model = (
            self.with_user(clerk)
            .with_company(company)
            .with_context(allowed_company_ids=company.ids, mail_create_nosubscribe=True)
        )
        vals = dict(
            vals,
            direction="incoming",
            company_id=company.id,
            user_id=clerk.id,
            received_date=fields.Datetime.now(),
        )
        if raw:
            vals.update(scan_file=base64.b64encode(raw), scan_filename=filename)
        letter = letter_model.create(vals)
        # the subject given here is a placeholder the suggestion may replace
        letter._surat_flow_write({"header_suggestion": {"_placeholder_subject": vals["subject"]}})
        text = "\n".join(t for t in (pdf_text(raw or b""), text) if t and t.strip())
        if text:
            letter._surat_store_header_suggestions(text)
        return letter

    @api.model
    def _surat_intake_log(self, company, source, reason=None, letter=None, **info):
        return (
            self.env["surat.intake.log"]
            .sudo()  # sudo: the log is written by the system only (no one creates it)
            .create(
                {
                    "company_id": company.id,
                    "source": source,
                    "state": "refused" if reason else "accepted",
                    "reason": reason,
                    "letter_id": letter.id if letter else False,
                    "sender": info.get("sender"),
                    "subject": info.get("subject"),
                    "filename": info.get("filename"),
                }
            )
        )

    @api.model
    def _surat_file_refusal(self, company, raw, filename):
        """Why a file cannot be a letter's file (the upload rules), or None."""
        try:
            self.with_company(company).browse()._check_file_content(base64.b64encode(raw), filename)
        except UserError as error:
            return error.args[0]
        return None

    # ------------------------------------------------------------------
    # E-mail intake (mail gateway)
    # ------------------------------------------------------------------
    @api.model
    def _surat_mail_refusal(self, company, message, message_dict):
        """Why this e-mail cannot become a whole letter, or None (nothing is written)."""
        for header in SPAM_HEADERS:
            value = (message.get(header) or "").strip().lower()
            if value.startswith("yes"):
                return _("Refused as spam (%(header)s: %(value)s).", header=header, value=value)
        clerk = company._surat_intake_clerk()
        if not clerk:
            return _(
                "The agency %(agency)s has no registry clerk to receive it.", agency=company.name
            )
        attachments = message_dict.get("attachments") or []
        if not attachments:
            body = html2plaintext(message_dict.get("body") or "").strip()
            if not body:
                return _("The e-mail is empty: no text and no attached letter.")
            return _("No letter is attached: send the scan as a PDF or an image.")
        scans = 0
        for attachment in attachments:
            raw = attachment.content
            raw = raw.encode() if isinstance(raw, str) else raw or b""
            reason = self._surat_file_refusal(company, raw, attachment.fname)
            if reason:
                return reason
            if guess_mimetype(raw) in SCAN_TYPES:
                scans += 1
        if not scans:
            return _("No letter is attached: send the scan as a PDF or an image.")
        return None

    @api.model
    def _routing_check_route(self, message, message_dict, route, raise_exception=True):
        """A new letter from the agency's alias: refused here, before anything is created."""
        route = super()._routing_check_route(
            message, message_dict, route, raise_exception=raise_exception
        )
        if not route or route[0] != "surat.letter" or route[1] or not route[4]:
            return route
        defaults = route[2] if isinstance(route[2], dict) else {}
        # sudo: the gateway reads which agency the alias belongs to
        company = self.env["res.company"].sudo().browse(defaults.get("company_id")).exists()
        if not company:
            return route  # not an agency's intake alias: Odoo's own rules apply
        reason = self._surat_mail_refusal(company, message, message_dict)
        if not reason:
            return route
        _logger.info("E-mail intake of %s refused: %s", company.name, reason)
        self._surat_intake_log(
            company,
            "email",
            reason,
            sender=message_dict.get("email_from"),
            subject=message_dict.get("subject"),
            filename=", ".join(a.fname or "" for a in message_dict.get("attachments") or []),
        )
        spam = any(
            (message.get(header) or "").strip().lower().startswith("yes") for header in SPAM_HEADERS
        )
        if not spam and message_dict.get("email_from"):
            # tell a genuine sender why (never answer spam: backscatter)
            self.env["mail.thread"]._routing_create_bounce_email(
                message_dict["email_from"],
                _(
                    "Your e-mail to %(agency)s was not registered: %(reason)s",
                    agency=company.name,
                    reason=reason,
                ),
                message,
                references=message_dict.get("message_id"),
            )
        return False

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A draft incoming letter of the alias' agency, owned by one of its clerks."""
        if not self.env.su:
            # only the mail gateway (which runs sudo) turns e-mails into letters
            raise AccessError(_("Letters are created from e-mails by the mail gateway only."))
        values = dict(custom_values or {})
        # sudo: the gateway reads the agency named by the alias' own defaults
        company = self.env["res.company"].sudo().browse(values.get("company_id")).exists()
        clerk = company and company._surat_intake_clerk()
        if not clerk:
            raise UserError(_("This address does not receive letters for an agency."))
        attachments = msg_dict.get("attachments") or []
        scan = next(
            (a for a in attachments if guess_mimetype(self._surat_raw(a)) == "application/pdf"),
            None,
        ) or next(
            (a for a in attachments if guess_mimetype(self._surat_raw(a)) in SCAN_TYPES), None
        )
        subject = (msg_dict.get("subject") or "").strip()
        for prefix in ("fwd:", "fw:", "re:"):
            if subject.lower().startswith(prefix):
                subject = subject[len(prefix) :].strip()
        email = email_normalize(msg_dict.get("email_from") or "")
        partner = self.env["res.partner"]
        if email:
            partner = (
                self.env["res.partner"]
                .sudo()  # sudo: matching the sender's address to a correspondent
                .search(
                    [
                        ("email_normalized", "=", email),
                        ("company_id", "in", [False, company.id]),
                    ],
                    limit=1,
                )
            )
        vals = {
            "subject": subject or _("Letter received by e-mail"),
            "receipt_channel": "email",
            "partner_id": partner.id or False,
        }
        raw = self._surat_raw(scan) if scan else b""
        body = html2plaintext(msg_dict.get("body") or "")
        letter = self._surat_intake_create(
            company, clerk, vals, raw, scan and scan.fname, text=body
        )
        if scan:
            # the scan is the letter's own file: not attached a second time to the message
            msg_dict["attachments"] = [a for a in attachments if a is not scan]
        self._surat_intake_log(
            company,
            "email",
            letter=letter,
            sender=msg_dict.get("email_from"),
            subject=msg_dict.get("subject"),
            filename=", ".join(a.fname or "" for a in attachments),
        )
        letter._surat_notify_clerks(_("Review the letter received by e-mail"))
        # sudo: the gateway goes on as the system: it posts the e-mail on the letter
        return letter.sudo()

    @api.model
    def _surat_raw(self, attachment):
        raw = attachment.content
        return raw.encode() if isinstance(raw, str) else raw or b""

    def _surat_notify_clerks(self, summary):
        """The owner gets an activity; the agency's other clerks follow the draft."""
        for letter in self:
            clerks = letter.company_id._surat_registrars()
            # sudo: the system subscribes the clerks of the letter's agency
            letter.sudo().message_subscribe(partner_ids=clerks.partner_id.ids)
            # sudo: the system schedules the review for the owner clerk
            letter.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                summary=letter._activity_summary(summary),
                user_id=letter.user_id.id,
            )
