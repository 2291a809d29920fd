"""Tembusan: copies of outgoing letters and memos, and dispositions for information.

Internal copies (``cc_user_ids``) are readers of the letter (its access list)
and, once it is sent, get an in-app notification: no to-do, nothing expected.
External copies (``cc_partner_ids``) are listed in the dispatch record. A
disposition "for information" (``is_info_copy``) informs its recipient the
same way and never keeps the letter open (``_update_state_from_dispositions``).
"""

from markupsafe import Markup

from odoo import _, models


class SuratLetterFlowCopies(models.AbstractModel):
    _name = "surat.letter.flow.copies"
    _description = "Copies (Tembusan) of a Letter"

    def _deliver_copies(self):
        """The letter was sent: tell the internal copies, list the external ones."""
        for letter in self:
            # sudo: posted by the system once the sender was checked; the
            # copies read the letter through its access list
            letter = letter.sudo()
            internal = letter.cc_user_ids - letter.recipient_user_ids
            if internal:
                letter.message_post(
                    body=_(
                        "Copy (tembusan) for information to %s: no action is expected.",
                        ", ".join(internal.mapped("name")),
                    ),
                    partner_ids=internal.partner_id.ids,
                    subtype_xmlid="mail.mt_comment",
                )
            if letter.cc_partner_ids and letter.direction != "internal":
                names = Markup("").join(
                    Markup("<li>%s</li>") % name for name in letter.cc_partner_ids.mapped("name")
                )
                letter.message_post(
                    body=Markup("%s<ul>%s</ul>")
                    % (_("External copies (tembusan) to dispatch:"), names),
                    subtype_xmlid="mail.mt_note",
                )


class SuratDispositionFlowCopies(models.AbstractModel):
    _name = "surat.disposition.flow.copies"
    _description = "Dispositions for Information"

    def _notify_info_copy(self):
        """A copy for information: a notification, no to-do."""
        self.ensure_one()
        # sudo: the recipient is now involved in the letter; the message names
        # people only, never the letter's subject
        self.sudo().message_post(
            body=_(
                "For information from %(author)s: no action or report is expected.",
                author=self.author_id.name,
            ),
            partner_ids=self.user_id.partner_id.ids,
            subtype_xmlid="mail.mt_comment",
        )
        self._post_letter_message(
            _(
                "Copy for information from %(author)s to %(recipient)s.",
                author=self.author_id.name,
                recipient=self.user_id.name,
            )
        )
