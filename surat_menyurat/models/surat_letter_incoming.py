"""Incoming-letter helpers kept apart from surat_letter.py: duplicate warning,
tracking subtypes, confidential notifications and the disposition sheet data."""

from markupsafe import Markup, escape

from odoo import _, api, fields, models

from .surat_letter import CONFIDENTIAL


def neutral_text(env):
    return env._("A confidential letter needs your attention")


def notify_confidential_by_email(record, message, recipients_data, msg_vals):
    """Send the neutral e-mail that replaces a confidential record's notification.

    access-policy.md: for secret and top-secret letters, e-mails carry no
    subject, summary or file, only a neutral sentence and a link. Odoo builds
    its e-mail from the record name, the message body (activity summary and
    note, tracking values) and the message attachments; this e-mail carries
    none of them and is not linked to the message, so no attachment travels.
    """
    partner_ids = [r["id"] for r in recipients_data if r["notif"] == "email"]
    if not partner_ids:
        return True
    text = neutral_text(record.env)
    link = record._notify_get_action_link("view")
    body = Markup(
        '<div style="font-size: 13px;"><p>%s</p>'
        '<p><a href="%s" style="padding: 8px 12px; background-color: #875A7B; '
        'color: #fff; text-decoration: none; border-radius: 5px;">%s</a></p></div>'
    ) % (text, link, record.env._("Open"))
    email_from = message.email_from or (msg_vals or {}).get("email_from")
    # sudo: mail.mail is a technical model; this e-mail holds no letter data
    mail = (
        record.env["mail.mail"]
        .sudo()  # sudo: technical mail.mail, neutral text
        .create(
            {
                "subject": text,
                "body_html": body,
                "email_from": email_from,
                "recipient_ids": [fields.Command.link(pid) for pid in partner_ids],
                "auto_delete": True,
            }
        )
    )
    if not record.env.registry.in_test_mode():
        mail.send_after_commit()
    return True


def neutral_push_payload(record, payload):
    text = neutral_text(record.env)
    payload["title"] = text
    payload.setdefault("options", {})["body"] = text
    return payload


class SuratLetter(models.Model):
    # surat.letter is split by flow (incoming, outgoing, confidentiality, archive)
    # so that each file stays readable; surat_letter.py holds the fields and states.
    _inherit = "surat.letter"  # pylint: disable=consider-merging-classes-inherited

    duplicate_letter_ids = fields.Many2many(
        comodel_name="surat.letter",
        string="Possible Duplicates",
        compute="_compute_duplicate_letter_ids",
        help="Letters of the same sender with the same number and date.",
    )

    @api.depends("partner_id", "letter_number", "letter_date", "direction")
    def _compute_duplicate_letter_ids(self):
        for letter in self:
            letter.duplicate_letter_ids = letter._find_duplicates()

    def _find_duplicates(self):
        """Incoming letters already recorded with the same sender, number and date.

        Searched with the user's rights: a clerk is never told that a letter he
        may not read exists.
        """
        self.ensure_one()
        if not (
            self.direction == "incoming"
            and self.partner_id
            and self.letter_number
            and self.letter_date
        ):
            return self.browse()
        domain = [
            ("direction", "=", "incoming"),
            ("partner_id", "=", self.partner_id.id),
            ("letter_number", "=ilike", self.letter_number.strip()),
            ("letter_date", "=", self.letter_date),
            ("state", "!=", "cancelled"),
        ]
        if self._origin.id:
            domain.append(("id", "!=", self._origin.id))
        return self.search(domain, limit=5)

    @api.onchange("partner_id", "letter_number", "letter_date")
    def _onchange_duplicate_warning(self):
        duplicates = self._find_duplicates()
        if duplicates:
            return {
                "warning": {
                    "title": _("Possible duplicate"),
                    "message": _(
                        "A letter from %(sender)s with number %(number)s of %(date)s "
                        "is already recorded: %(letters)s.",
                        sender=self.partner_id.display_name,
                        number=self.letter_number,
                        date=self.letter_date,
                        letters=", ".join(duplicates.mapped("display_name")),
                    ),
                }
            }
        return None

    def _track_subtype(self, init_values):
        self.ensure_one()
        if "state" in init_values:
            return self.env.ref("surat_menyurat.mt_letter_state")
        return super()._track_subtype(init_values)

    def _surat_is_confidential(self):
        # sudo: the level decides how to notify, whoever triggers the message
        return len(self) == 1 and self.sudo().security_level in CONFIDENTIAL

    def _notify_thread_by_email(self, message, recipients_data, msg_vals=False, **kwargs):
        if self._surat_is_confidential():
            return notify_confidential_by_email(self, message, recipients_data, msg_vals)
        return super()._notify_thread_by_email(
            message, recipients_data, msg_vals=msg_vals, **kwargs
        )

    def _notify_by_web_push_prepare_payload(self, message, msg_vals=False):
        payload = super()._notify_by_web_push_prepare_payload(message, msg_vals=msg_vals)
        if self._surat_is_confidential():
            payload = neutral_push_payload(self, payload)
        return payload

    # ------------------------------------------------------------------
    # Disposition sheet (Lembar Disposisi)
    # ------------------------------------------------------------------
    def _sheet_dispositions(self):
        """Every disposition of the letter, top-level first, cascade order."""
        self.ensure_one()
        ordered = self.env["surat.disposition"]

        def walk(records):
            nonlocal ordered
            for disposition in records.sorted("id"):
                ordered |= disposition
                walk(disposition.child_ids)

        walk(self.disposition_ids.filtered(lambda d: not d.parent_id))
        return ordered

    def _sheet_instructions(self):
        """(instruction, ticked) for the whole catalogue, as printed on the sheet."""
        self.ensure_one()
        catalogue = self.env["surat.disposition.instruction"].search([])
        ticked = self.disposition_ids.filtered(lambda d: d.state != "cancelled").instruction_ids
        return [(instruction, instruction in ticked) for instruction in catalogue | ticked]

    def _sheet_initials(self, user):
        """Initials of a name, as the issuer's paraf on the sheet."""
        words = [w for w in (user.name or "").replace(".", " ").split() if w]
        return escape("".join(w[0].upper() for w in words[:3]))
