"""Mail of letters and dispositions, in one mixin both inherit.

- Confidential (secret, top-secret) records are notified neutrally: e-mails and
  push notifications carry no subject, summary or file, only "a confidential
  letter needs your attention" and a link (docs/access.md, "Mail of letters and dispositions").
- A message of a letter out of draft, or of a disposition, is not edited or
  deleted from the chatter (see mail_security.py): a correction is a new message.
- A notification (e-mail, inbox, push) goes only to partners who may read the
  record: a follower who lost access (level raised, share revoked, unit moved,
  delegation ended) receives nothing. External correspondents (partners with no
  internal user) are only kept on normal letters.
- `_surat_prune_followers()` removes such followers from the record.
"""

from markupsafe import Markup

from odoo import fields, models

from .mail_security import _reader_partners, history_error
from .surat_const import CONFIDENTIAL


def neutral_text(env):
    return env._("A confidential letter needs your attention")


def notify_confidential_by_email(record, message, recipients_data, msg_vals):
    """Send the neutral e-mail that replaces a confidential record's notification.

    docs/access.md: for secret and top-secret letters, e-mails carry no
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
    mail.send_after_commit()
    return True


def neutral_push_payload(record, payload):
    text = neutral_text(record.env)
    payload["title"] = text
    payload.setdefault("options", {})["body"] = text
    return payload


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


class SuratMailMixin(models.AbstractModel):
    """The mail behaviour shared by letters and dispositions (see module doc).

    Listed first in their ``_inherit``, before ``mail.thread``, so that these
    overrides run before Odoo's own.
    """

    _name = "surat.mail.mixin"
    _description = "Letter Mail Rules"

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
        """Unsubscribe the followers who may no longer read the record.

        To call after a change of access: level, department, share, delegation.
        """
        _prune_followers(self)
