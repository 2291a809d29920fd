"""Mail threads of letters and dispositions: permanent history, readers only.

- A message of a letter out of draft, or of a disposition, is not edited or
  deleted from the chatter (see mail_security.py): a correction is a new message.
- A notification (e-mail, inbox, push) goes only to partners who may read the
  record: a follower who lost access (level raised, share revoked, unit moved,
  delegation ended) receives nothing. External correspondents (partners with no
  internal user) are only kept on normal letters.
- `_surat_prune_followers()` removes such followers from the record.
"""

from odoo import models

from .mail_security import _reader_partners, history_error


def _filter_recipients(record, recipients_data):
    """Keep the recipients who may read `record` (externals on normal letters only)."""
    if len(record) != 1 or not recipients_data:
        return recipients_data
    # sudo: the level decides who may be told, whoever posts
    keep_external = record.sudo().security_level == "normal"
    internal_ids = [r["id"] for r in recipients_data if r["type"] == "user"]
    readers = _reader_partners(record, record.env["res.partner"].browse(internal_ids))
    return [
        r
        for r in recipients_data
        if r["id"] in readers.ids or (keep_external and r["type"] != "user")
    ]


def _prune_followers(records):
    for record in records:
        # sudo: removing followers who may not read the record, whoever lost them access
        record_sudo = record.sudo()
        partners = record_sudo.message_partner_ids
        if not partners:
            continue
        keep = _reader_partners(record, partners)
        if record_sudo.security_level == "normal":
            keep |= partners.filtered(lambda p: not p.user_ids.filtered(lambda u: not u.share))
        if partners - keep:
            record_sudo.message_unsubscribe((partners - keep).ids)


def _check_update_content(record, message):
    if not record.env.su and message.with_env(record.env)._surat_history():
        raise history_error(record.env)


class SuratLetter(models.Model):
    _inherit = "surat.letter"  # pylint: disable=consider-merging-classes-inherited

    def _message_update_content(
        self, message, body, attachment_ids=None, partner_ids=None, strict=True, **kwargs
    ):
        _check_update_content(self, message)
        return super()._message_update_content(
            message,
            body,
            attachment_ids=attachment_ids,
            partner_ids=partner_ids,
            strict=strict,
            **kwargs,
        )

    def _notify_get_recipients(self, message, msg_vals, **kwargs):
        recipients = super()._notify_get_recipients(message, msg_vals, **kwargs)
        return _filter_recipients(self, recipients)

    def _surat_prune_followers(self):
        """Unsubscribe the followers who may no longer read the letter or its dispositions.

        To call after a change of access: level, department, share, delegation.
        """
        _prune_followers(self)
        # sudo: the dispositions follow their letter's access
        self.sudo().disposition_ids.sudo(False)._surat_prune_followers()


class SuratDisposition(models.Model):
    _inherit = "surat.disposition"  # pylint: disable=consider-merging-classes-inherited

    def _message_update_content(
        self, message, body, attachment_ids=None, partner_ids=None, strict=True, **kwargs
    ):
        _check_update_content(self, message)
        return super()._message_update_content(
            message,
            body,
            attachment_ids=attachment_ids,
            partner_ids=partner_ids,
            strict=strict,
            **kwargs,
        )

    def _notify_get_recipients(self, message, msg_vals, **kwargs):
        recipients = super()._notify_get_recipients(message, msg_vals, **kwargs)
        return _filter_recipients(self, recipients)

    def _surat_prune_followers(self):
        """Unsubscribe the followers who may no longer read the disposition."""
        _prune_followers(self)
