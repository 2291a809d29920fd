"""Disposition additions kept apart from surat_disposition.py: tracking subtype,
confidential notifications, the overdue escalation message."""

from odoo import api, models

from .surat_letter import CONFIDENTIAL
from .surat_letter_incoming import neutral_push_payload, notify_confidential_by_email


class SuratDisposition(models.Model):
    _inherit = "surat.disposition"

    def _track_subtype(self, init_values):
        self.ensure_one()
        if "state" in init_values:
            return self.env.ref("surat_menyurat.mt_disposition_state")
        return super()._track_subtype(init_values)

    def _surat_is_confidential(self):
        # sudo: the letter's level decides how to notify, whoever triggers it
        return len(self) == 1 and self.sudo().letter_id.security_level in CONFIDENTIAL

    def _notify_thread_by_email(
        self, message, recipients_data, msg_vals=False, **kwargs
    ):
        if self._surat_is_confidential():
            return notify_confidential_by_email(
                self, message, recipients_data, msg_vals
            )
        return super()._notify_thread_by_email(
            message, recipients_data, msg_vals=msg_vals, **kwargs
        )

    def _notify_by_web_push_prepare_payload(self, message, msg_vals=False):
        payload = super()._notify_by_web_push_prepare_payload(
            message, msg_vals=msg_vals
        )
        if self._surat_is_confidential():
            payload = neutral_push_payload(self, payload)
        return payload

    @api.model
    def _surat_escalation_target(self, disposition):
        """Who hears of an overdue disposition (access-policy.md).

        The recipient's nearest manager who may read the letter; on secret and
        top-secret letters, and when no such manager exists, the issuer, who
        is involved.
        """
        letter = disposition.letter_id
        if letter.security_level in CONFIDENTIAL:
            return disposition.author_id
        for manager in disposition.user_id._surat_manager_users(letter.company_id):
            if manager != disposition.user_id and letter.with_user(manager).has_access(
                "read"
            ):
                return manager
        return disposition.author_id
