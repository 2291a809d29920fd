"""Dispositions entered on behalf of their issuer (issue 12, contract.md "Dispositions").

Many heads dispose by hand on the printed sheet; the registry clerk or the
head's secretary records it. The head's delegate (Plh) disposes in the head's
name the same way. The rule, in one place (``_check_can_record``):

* the issuer (``author_id``) is a head of the letter's agency, or a head's
  active delegate;
* whoever enters it for someone else is a registry clerk, the head's
  secretary, or the issuer's own active delegate; he is kept in
  ``recorded_by_id`` (set by the system) and becomes involved in the letter.

Nobody else creates a disposition in another's name.
"""

from odoo import _, api, models
from odoo.exceptions import AccessError

RECORDER_GROUPS = (
    "surat_menyurat.group_surat_registrar",
    "surat_menyurat.group_surat_head_secretary",
)


class SuratDispositionFlowPaper(models.AbstractModel):
    _name = "surat.disposition.flow.paper"
    _description = "Dispositions Recorded on Behalf of the Head"

    @api.model
    def _surat_acting_heads(self, user, letter):
        """The heads of the letter's agency that `user` is, or acts for today."""
        heads = self.env["surat.letter"]._head_users(letter.company_id)
        return heads.filtered(lambda head: letter._acts_for(head, user))

    @api.model
    def _check_can_record(self, letter, author):
        """The current user enters a top-level disposition in `author`'s name."""
        user = self.env.user
        if not self._surat_acting_heads(author, letter):
            raise AccessError(
                _(
                    "A disposition is recorded only in the name of the head of agency "
                    "or of his active delegate (Plh)."
                )
            )
        if any(user.has_group(xmlid) for xmlid in RECORDER_GROUPS):
            return
        if letter._acts_for(author, user):
            # the delegate (Plh) disposes in the name of the head he replaces
            return
        raise AccessError(
            _(
                "Only a registry clerk, the head's secretary or the head's active "
                "delegate may record a disposition in another person's name."
            )
        )

    def _after_create_paper(self):
        """Close what waited for the head; tell the issuer what was recorded in his name."""
        self.ensure_one()
        letter = self.letter_id
        if not self.parent_id:
            heads = self.author_id | self._surat_acting_heads(self.author_id, letter)
            # sudo: the head's "Dispose" to-do is closed whoever disposed for him
            # (the clerk, the Plh, an RPC call); only activities of those heads
            activities = letter.sudo().activity_ids.filtered(lambda a: a.user_id in heads)
            activities.action_feedback(feedback=_("Disposed"))
        if self.recorded_by_id:
            # sudo: the issuer follows and hears of a disposition made in his
            # name; the message names people only, never the letter
            disposition = self.sudo()
            disposition.message_subscribe(partner_ids=self.author_id.partner_id.ids)
            disposition.message_post(
                body=_(
                    "%(recorder)s recorded this disposition in the name of %(author)s. "
                    "Correct it or withdraw it while it is unread.",
                    recorder=self.recorded_by_id.name,
                    author=self.author_id.name,
                ),
                partner_ids=self.author_id.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
