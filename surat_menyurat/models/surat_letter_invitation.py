"""Invitations become appointments (issue 12 item 8).

A registered Surat Undangan (document type code ``UND``, the rule's code),
incoming or an internal memo, with its date, time and place, becomes one
calendar event (the same fields fill the body of an outgoing Surat Undangan,
report/surat_letter_pdf.py); whoever is disposed to attend (a disposition
that is not a copy for information, at any depth) is added to it. The event is private:
only its attendees see its details, and a confidential letter's event never
carries the subject. The disposition itself is the notification, so the
calendar sends no invitation e-mail.
"""

from datetime import timedelta

from odoo import _, api, models
from odoo.exceptions import ValidationError
from odoo.tools import plaintext2html

from .surat_const import CONFIDENTIAL

INVITATION_CODE = "UND"
EVENT_FIELDS = (
    "event_start",
    "event_stop",
    "event_location",
    "event_agenda",
    "subject",
    "security_level",
)


class SuratLetterFlowInvitation(models.AbstractModel):
    _name = "surat.letter.flow.invitation"
    _description = "Invitations as Calendar Events"

    @api.depends("document_type_id.code")
    def _compute_is_invitation(self):
        for letter in self:
            letter.is_invitation = letter.document_type_id.code == INVITATION_CODE

    @api.constrains("event_start", "event_stop")
    def _check_event_dates(self):
        for letter in self:
            if letter.event_start and letter.event_stop and letter.event_stop < letter.event_start:
                raise ValidationError(_("The event cannot end before it starts."))

    def _surat_is_invitation(self):
        self.ensure_one()
        return self.document_type_id.code == INVITATION_CODE and bool(self.event_start)

    def _surat_event_values(self):
        self.ensure_one()
        name = (
            _("Confidential invitation")
            if self.security_level in CONFIDENTIAL
            else _("Invitation: %s", self.subject)
        )
        return {
            "name": name,
            "start": self.event_start,
            "stop": self.event_stop or self.event_start + timedelta(hours=2),
            "location": self.event_location,
            "privacy": "private",
            "description": (
                plaintext2html("\n".join(filter(None, [self.display_name, self.event_agenda])))
                if self.security_level not in CONFIDENTIAL
                else ""
            ),
        }

    def _surat_invite(self, users):
        """Add `users`, disposed to attend, to the invitation's event."""
        for letter in self:
            if not users or not letter._surat_is_invitation():
                continue
            # sudo: the event is made by the system for users disposed to attend
            # (they read the letter); only they see it (private)
            letter = letter.sudo()
            # sudo: the event is private to the attendees the system invites
            Event = self.env["calendar.event"].sudo().with_context(no_mail_to_attendees=True)
            if letter.calendar_event_id:
                Event.browse(letter.calendar_event_id.id).write(
                    {"partner_ids": [(4, pid) for pid in users.partner_id.ids]}
                )
                continue
            event = Event.create(
                dict(
                    letter._surat_event_values(),
                    user_id=users[:1].id,
                    partner_ids=[(6, 0, users.partner_id.ids)],
                )
            )
            letter.with_context(tracking_disable=True).calendar_event_id = event

    def _surat_after_write(self, vals):
        res = super()._surat_after_write(vals)
        if set(EVENT_FIELDS) & set(vals):
            # sudo: the letters' own calendar events follow their corrected date and place
            for letter in self.sudo().filtered("calendar_event_id"):
                if letter.event_start:
                    # sudo: the event follows the corrected letter
                    letter.calendar_event_id.with_context(no_mail_to_attendees=True).write(
                        letter._surat_event_values()
                    )
        return res
