"""Work retried with back-off by a cron: deliveries and receipts between agencies.

A delivery line and a receipt in the outbox both send something to another
agency that may be down. They share the count of attempts, the back-off and
the due-work search, so that both give up after the same attempts and wake
the same cron.
"""

import threading
from datetime import timedelta

from odoo import api, fields, models

# waits before the next attempt; after the last one the work is failed
RETRY_DELAYS = (
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=4),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
CRON_BATCH = 20
RETRY_CRON = "surat_menyurat.ir_cron_surat_delivery"


class SuratRetryMixin(models.AbstractModel):
    _name = "surat.retry.mixin"
    _description = "Retried with Back-off"

    attempt_count = fields.Integer(string="Attempts", readonly=True)
    next_attempt = fields.Datetime(readonly=True)
    last_error = fields.Char(readonly=True)

    def _surat_failed_values(self, error):
        """The values after a failed attempt: queued again later, or failed for good.

        Wakes the cron at the next attempt; returns ``(vals, reason)``, and
        ``vals["state"]`` tells whether the work gave up.
        """
        self.ensure_one()
        attempts = self.attempt_count + 1
        give_up = attempts >= MAX_ATTEMPTS
        reason = str((error.args[0] if error.args else str(error)) or type(error).__name__)
        next_attempt = not give_up and fields.Datetime.now() + RETRY_DELAYS[attempts - 1]
        if next_attempt:
            # sudo: waking the delivery cron (it sends deliveries and receipts) is
            # the system's job; it runs nothing but the due work
            self.env.ref(RETRY_CRON).sudo()._trigger(next_attempt)
        vals = {
            "state": "failed" if give_up else "queued",
            "attempt_count": attempts,
            "next_attempt": next_attempt,
            "last_error": reason[:500],
        }
        return vals, reason

    @api.model
    def _surat_run_due(self, method, batch_size=CRON_BATCH):
        """Run ``method`` on each queued record whose attempt is due, committing each."""
        # sudo: only the crons call this; they work for every agency
        records = self.sudo().search(
            [
                ("state", "=", "queued"),
                "|",
                ("next_attempt", "=", False),
                ("next_attempt", "<=", fields.Datetime.now()),
            ],
            order="next_attempt, id",
            limit=batch_size,
        )
        for record in records:
            getattr(record, method)()
            if not getattr(threading.current_thread(), "testing", False):
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return len(records)
